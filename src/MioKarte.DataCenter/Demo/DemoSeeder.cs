using Microsoft.EntityFrameworkCore;

using MioKarte.DataCenter.Data;
using MioKarte.DataCenter.Ingest;

namespace MioKarte.DataCenter.Demo;

/// <summary>Loads the demo network through the same ingest path a facility uses, once, into an empty database.</summary>
public static partial class DemoSeeder
{
    public static async Task<bool> SeedIfEmptyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DataCenterDbContext>();
        if (await db.Resources.AnyAsync(cancellationToken))
        {
            // A demo database seeded before the center enforced consent: give the demo clinic its Consents.
            if (!await db.Consents.AnyAsync(cancellationToken))
            {
                await GrantDemoClinicAsync(services, DemoDataGenerator.Full(), cancellationToken);
            }

            return false;
        }

        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoSeeder));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var data = DemoDataGenerator.Full();
        var generated = clock.Elapsed;
        await LoadAsync(services, data, cancellationToken);
        await GrantDemoClinicAsync(services, data, cancellationToken);
        LogSeeded(logger, data.Bundles.Sum(b => b.Bundle.Entry.Count), generated.TotalSeconds, clock.Elapsed.TotalSeconds);
        return true;
    }

    /// <summary>Loads <paramref name="data"/> one hospital (one transaction) at a time; throws when a hospital's Bundle is refused.</summary>
    public static async Task LoadAsync(IServiceProvider services, DemoDataSet data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(data);
        await using var scope = services.CreateAsyncScope();
        var ingestor = scope.ServiceProvider.GetRequiredService<BundleIngestor>();
        foreach (var (facility, bundle) in data.Bundles)
        {
            var result = await ingestor.IngestAsync(bundle, facility.Code, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo data for {facility.Code} was refused: {result.Problems[0].Reason} (entry {result.Problems[0].Index}).");
            }
        }
    }

    /// <summary>
    /// The Consents of the demo clinic's links (the patients the portal's demo seeding links), so the
    /// demo records are readable at a center that enforces consent.
    /// </summary>
    public static async Task GrantDemoClinicAsync(IServiceProvider services, DemoDataSet data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var start = DateTimeOffset.UnixEpoch;
        foreach (var person in data.PersonsLinkedAtDemoClinic())
        {
            foreach (var registration in data.Registrations[person])
            {
                await ConsentRegistry.GrantAsync(services, DemoDataSet.DemoClinicInstitutionCode, registration.FacilityCode, registration.FacilityPatientId, start, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data seeded: {Resources} resources, generated in {Generated:0.0} s, stored in {Total:0.0} s")]
    private static partial void LogSeeded(ILogger logger, int resources, double generated, double total);
}
