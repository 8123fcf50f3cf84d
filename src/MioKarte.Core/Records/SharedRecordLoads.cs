using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MioKarte.Core.Data;
using MioKarte.Core.Gateway;

namespace MioKarte.Core.Records;

/// <summary>Options of the record screen (section <c>Records</c>).</summary>
public sealed class RecordOptions
{
    public const string SectionName = "Records";

    /// <summary>
    /// How long the table page waits for the data center before it shows what has arrived so far
    /// with a progress banner (and reloads itself when the rest is in). 1 second by default: a
    /// typical patient arrives well within it; a heavy one or a slow facility shows progress.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Records:ProgressAfter must be between 0 and 1 minute.")]
    public TimeSpan ProgressAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many made-up lab results the portal runs through the record path at start-up before
    /// /health/ready says ready (<see cref="RecordPathWarmUpService"/>); 0 switches the warm-up off.
    /// </summary>
    [Range(0, 100_000, ErrorMessage = "Records:WarmUpLabResults must be between 0 and 100000.")]
    public int WarmUpLabResults { get; set; } = 6000;
}

/// <summary>
/// The data center's answers being fetched, one load per <see cref="SharedRecordCache"/> key, so a
/// second request for the same patient (a reload, the progress poll, a detail) joins the running
/// load instead of asking the center again. Each linked facility is asked on its own, so the page
/// can show what has arrived while a slow facility is still answering. A load runs on past the
/// request that started it (that request may already have answered with progress), puts the
/// indexed record into the cache once every facility has answered, and is then forgotten.
/// </summary>
public sealed partial class SharedRecordLoads(
    SharedRecordCache cache, IServiceScopeFactory scopes, TimeProvider time, ILogger<SharedRecordLoads> logger)
{
    private readonly ConcurrentDictionary<string, SharedRecordLoad> running = new(StringComparer.Ordinal);

    /// <summary>The running load of <paramref name="key"/>, if any (the progress poll asks this).</summary>
    public SharedRecordLoad? Find(string key) => running.TryGetValue(key, out var load) ? load : null;

    /// <summary>
    /// The load of <paramref name="key"/>: the running one, or a new one asking each of
    /// <paramref name="links"/> in parallel on behalf of <paramref name="acting"/>.
    /// <paramref name="patientId"/> is the local patient whose 最新データ日 the result moves
    /// forward (null under an emergency grant, which has none).
    /// </summary>
    public SharedRecordLoad Start(string key, IReadOnlyList<ActiveLink> links, ActingContext acting, Guid? patientId)
    {
        ArgumentNullException.ThrowIfNull(links);
        while (true)
        {
            if (running.TryGetValue(key, out var existing))
            {
                return existing;
            }

            var load = new SharedRecordLoad(links);
            if (running.TryAdd(key, load))
            {
                // Not the request's token: the load must finish (and fill the cache) even if the
                // page that started it has already answered with progress or was closed.
                _ = RunAsync(key, load, acting, patientId);
                return load;
            }
        }
    }

    private async Task RunAsync(string key, SharedRecordLoad load, ActingContext acting, Guid? patientId)
    {
        try
        {
            // Off the caller's thread at once: the caller must get the load back before anything is asked.
            await Task.Yield();
            await using var scope = scopes.CreateAsyncScope();
            var source = scope.ServiceProvider.GetRequiredService<ISharedRecordSource>();
            await Task.WhenAll(load.Links.Select(async link =>
            {
                GatewayResult<FacilityPatientRecord> answer;
                try
                {
                    answer = await source.GetSharedRecordsAsync([new LinkedFacilityPatient(link.FacilityCode, link.FacilityName, link.DisclosingPatientId)], acting, CancellationToken.None);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The gateway reports a facility's failure in its answer; anything else is a
                    // fault of ours, shown as that facility being unavailable, never a blank page.
                    LogLoadFailed(logger, link.FacilityCode, e.GetType().Name);
                    answer = new GatewayResult<FacilityPatientRecord>(
                        [], [new UnavailableFacility(link.FacilityCode, link.FacilityName, GatewayFailureKind.Unreachable, e.GetType().Name)], []);
                }

                load.Arrive(link, answer);
            }));

            var record = new CachedRecord(load.IndexSoFar(), time.GetUtcNow().UtcDateTime);
            cache.Set(key, record);
            if (patientId is { } id)
            {
                await NoteLatestDataDateAsync(scope.ServiceProvider, id, record.Index);
            }

            load.Complete(record);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogRecordFailed(logger, e.GetType().Name);
            load.Fail(e);
        }
        finally
        {
            running.TryRemove(new KeyValuePair<string, SharedRecordLoad>(key, load));
        }
    }

    /// <summary>
    /// 最新データ日 for the patient list, from a record just read from the center (not on every view:
    /// a cached record adds nothing new). Saved only when it moves the date forward.
    /// </summary>
    private async Task NoteLatestDataDateAsync(IServiceProvider services, Guid patientId, PatientRecordIndex index)
    {
        if (index.Items.Max(i => i.Date?.SortKey) is not { } latest)
        {
            return;
        }

        try
        {
            var db = services.GetRequiredService<MioKarteDbContext>();
            if (await db.FacilityPatients.SingleOrDefaultAsync(p => p.Id == patientId) is { } patient)
            {
                patient.NoteLatestDataDate(latest);
                await db.SaveChangesAsync();
            }
        }
        catch (DbUpdateException e)
        {
            // A list column, not a record: a lost race with another writer only delays it.
            LogLatestDateNotSaved(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the shared record at {FacilityCode} failed ({Error})")]
    private static partial void LogLoadFailed(ILogger logger, string facilityCode, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Indexing a shared record failed ({Error})")]
    private static partial void LogRecordFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The latest data date was not saved ({Error})")]
    private static partial void LogLatestDateNotSaved(ILogger logger, string error);
}

/// <summary>One patient's record on its way from the data center: what each facility has answered so far.</summary>
public sealed class SharedRecordLoad
{
    private readonly ConcurrentDictionary<ActiveLink, GatewayResult<FacilityPatientRecord>> arrived = new();
    private readonly TaskCompletionSource<CachedRecord> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal SharedRecordLoad(IReadOnlyList<ActiveLink> links) => Links = links;

    public IReadOnlyList<ActiveLink> Links { get; }

    /// <summary>The whole record, indexed and cached, once every facility has answered.</summary>
    public Task<CachedRecord> Completion => completion.Task;

    /// <summary>The links whose facility has not answered yet.</summary>
    public IReadOnlyList<ActiveLink> Pending => Links.Where(l => !arrived.ContainsKey(l)).ToList();

    internal void Complete(CachedRecord record) => completion.TrySetResult(record);

    internal void Fail(Exception error) => completion.TrySetException(error);

    internal void Arrive(ActiveLink link, GatewayResult<FacilityPatientRecord> answer) => arrived[link] = answer;

    /// <summary>
    /// The record of the facilities that have answered, indexed like the whole one would be (the
    /// same opaque ids, so a detail opened now is the same detail later).
    /// </summary>
    public PatientRecordIndex IndexSoFar()
    {
        var answers = Links.Where(arrived.ContainsKey).Select(l => arrived[l]).ToList();
        var merged = new GatewayResult<FacilityPatientRecord>(
            answers.SelectMany(a => a.Items).ToList(), answers.SelectMany(a => a.Unavailable).ToList(), answers.SelectMany(a => a.Skipped).ToList());
        return PatientRecordIndex.Build(merged, (code, patientIdThere) =>
            (Links.FirstOrDefault(l => l.FacilityCode == code && l.DisclosingPatientId == patientIdThere)
             ?? Links.FirstOrDefault(l => l.FacilityCode == code))?.Id);
    }
}
