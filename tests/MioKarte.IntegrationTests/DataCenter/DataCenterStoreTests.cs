using Hl7.Fhir.Model;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

using MioKarte.DataCenter;
using MioKarte.DataCenter.Data;
using MioKarte.DataCenter.Demo;
using MioKarte.DataCenter.Ingest;

namespace MioKarte.IntegrationTests.DataCenter;

/// <summary>The center's own SQLite database, built by its own migrations.</summary>
public sealed class DataCenterStoreTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "miokarte-dc-store-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async System.Threading.Tasks.Task The_migrations_match_the_model()
    {
        await using var db = await MigratedAsync();

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async System.Threading.Tasks.Task The_demo_network_loads_through_the_facility_ingest_path_with_letters_images_and_documents()
    {
        await using var db = await MigratedAsync();
        var options = new DataCenterOptions { Facilities = DemoFacilities.All.Select(f => f.ToOptions()).ToList() };
        var data = new DemoDataGenerator(seed: 3, patientCount: 4, includeHeavyPatient: false).Generate();

        foreach (var (facility, bundle) in data.Bundles)
        {
            var result = await new BundleIngestor(db, options, TimeProvider.System).IngestAsync(bundle, facility.Code, CancellationToken.None);
            Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => $"{p.Index}: {p.Reason}")));
        }

        var documents = await db.Resources.Where(r => r.ResourceType == "Bundle").ToListAsync();
        var letters = await db.Resources.Where(r => r.ResourceType == "DocumentReference").ToListAsync();
        Assert.Equal(data.Count<Bundle>(), documents.Count);
        Assert.All(documents, d => Assert.NotNull(d.PatientId));
        Assert.All(letters, l => Assert.Contains($"\"url\":\"Binary/{l.FacilityCode}-", l.Json, StringComparison.Ordinal));
        // Every entry, and for each document its indexed Composition.
        Assert.Equal(data.Bundles.Sum(b => b.Bundle.Entry.Count) + documents.Count, await db.Resources.CountAsync());
        Assert.Equal(documents.Count, await db.Resources.CountAsync(r => r.ResourceType == "Composition"));
    }

    private async Task<DataCenterDbContext> MigratedAsync()
    {
        Directory.CreateDirectory(folder);
        var options = new DbContextOptionsBuilder<DataCenterDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "store.db")}").Options;
        var db = new DataCenterDbContext(options);
        await db.Database.MigrateAsync();
        return db;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
