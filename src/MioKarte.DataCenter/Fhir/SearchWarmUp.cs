using System.Diagnostics;
using System.IO.Pipelines;

using MioKarte.DataCenter.Audit;
using MioKarte.DataCenter.Data;
using MioKarte.DataCenter.Security;

namespace MioKarte.DataCenter.Fhir;

/// <summary>
/// Runs the center's search path once for every shape of search a portal sends — each searched type
/// (with its category filter), the <c>_sort</c> probes of one entry, date windows, and the keyset
/// pages after a <c>_cursor</c> with a date and without — before the first clinician needs it. EF
/// Core compiles each query shape and its materializer on first use, which a freshly started center
/// otherwise pays during the first heavy patient's fetch (docs/performance.md).
/// <para>
/// The searches go through the search endpoint's own code (<see cref="FhirEndpoints.PrepareSearchAsync"/>,
/// <see cref="FhirEndpoints.SearchPageAsync"/>) as the portal node, for a patient id no facility can
/// hold (so no row is read), and are not written to the audit trail: no one's data is accessed.
/// </para>
/// </summary>
public static partial class SearchWarmUp
{
    /// <summary>A patient id no facility's patient has: the searches read no row.</summary>
    internal const string NoPatient = "Patient/mio-warm-up-no-patient";

    /// <summary>The searches a portal's gateway sends per linked facility (type, then its filter).</summary>
    private static readonly (string Type, string? Extra)[] Searches =
    [
        ("Observation", "category=laboratory,vital-signs"),
        ("MedicationRequest", null),
        ("ServiceRequest", null),
        ("ImagingStudy", null),
        ("Media", null),
        ("DiagnosticReport", null),
        ("Composition", null),
        ("DocumentReference", null),
        ("Condition", null),
        ("AllergyIntolerance", null),
    ];

    /// <summary>What follows the patient and filter: a first page, the two probes, windows, and pages after a cursor.</summary>
    private static readonly string[] Shapes =
    [
        "_count=1000",
        "_count=1&_sort=date",
        "_count=1&_sort=-date",
        "_count=1000&date=lt2020-01-01",
        "_count=1000&date=ge2020-01-01&date=lt2021-01-01",
        "_count=1000&date=ge2021-01-01",
        "_count=1000&date=ge2020-01-01&date=lt2021-01-01&_cursor=1590000000000.1",
        "_count=1000&_cursor=1590000000000.1",
        "_count=1000&_cursor=n.1",
        "_count=1000&_sort=-date&_cursor=1590000000000.1",
        "_count=1000&_sort=-date&_cursor=n.1",
    ];

    internal static int Planned => (Searches.Length * Shapes.Length) + 1;

    /// <summary>Runs every search once; returns how many ran. A failure is logged and ends the warm-up (the center serves anyway).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var clock = Stopwatch.StartNew();
        var ran = 0;
        try
        {
            var options = services.GetRequiredService<DataCenterOptions>();
            var time = services.GetRequiredService<TimeProvider>();
            var node = new NodeIdentity(NodeRole.PortalNode, null, "warm-up", "warm-up");
            var searches = Searches.SelectMany(s => Shapes.Select(shape => (s.Type, Query: "?patient=" + NoPatient + (s.Extra is null ? "" : "&" + s.Extra) + "&" + shape)))
                .Append(("Patient", "?identifier=" + Uri.EscapeDataString("urn:oid:1.2.392.100495.20.3.51.10000000000|mio-warm-up-no-patient")));
            foreach (var (type, query) in searches)
            {
                await using var scope = services.CreateAsyncScope();
                var context = Request(scope.ServiceProvider, node, type, query);
                var db = scope.ServiceProvider.GetRequiredService<DataCenterDbContext>();
                var prepared = await FhirEndpoints.PrepareSearchAsync(type, context, db, options, time, cancellationToken);
                if (prepared.Refused is not null)
                {
                    throw new InvalidOperationException($"The warm-up search {type} was refused: the warm-up no longer matches the search endpoint.");
                }

                var page = await FhirEndpoints.SearchPageAsync(context, prepared.Query!, prepared.Search!, time, cancellationToken);
                await page.Bundle.WriteAsync(PipeWriter.Create(Stream.Null), cancellationToken);
                ran++;
            }

            LogWarmedUp(logger, ran, clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // a warm-up that fails must not stop the center; it is logged
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e);
        }

        return ran;
    }

    /// <summary>A request as the portal node sends it (acting headers included), never sent over the network.</summary>
    private static DefaultHttpContext Request(IServiceProvider services, NodeIdentity node, string type, string query)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Features.Set(node);
        var request = context.Request;
        request.Scheme = "https";
        request.Host = new HostString("localhost");
        request.Path = "/" + type;
        request.QueryString = new QueryString(query);
        request.Headers[ActingParty.UserHeader] = "warm-up";
        request.Headers[ActingParty.FacilityHeader] = "0000000000";
        return context;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search paths warmed up: {Searches} searches in {Milliseconds} ms")]
    private static partial void LogWarmedUp(ILogger logger, int searches, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search warm-up failed; serving without it")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Runs <see cref="SearchWarmUp"/> in the background once the center has started (it listens at
/// once); <see cref="Done"/> completes when the warm-up has run, failed or was stopped. The portal's
/// embedded default reports ready only after it (docs/performance.md).
/// </summary>
public sealed class SearchWarmUpService(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<SearchWarmUpService> logger) : IHostedService
{
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();

    public Task Done => done.Task;

    /// <summary>How many searches the warm-up ran (every shape, unless it failed or was stopped).</summary>
    public int SearchesRun { get; private set; }

    /// <summary>How many searches a complete warm-up runs.</summary>
    public static int SearchesPlanned => SearchWarmUp.Planned;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            try
            {
                SearchesRun = await SearchWarmUp.RunAsync(services, logger, stopping.Token);
            }
            finally
            {
                done.TrySetResult();
            }
        }, CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        done.TrySetResult();
    }
}
