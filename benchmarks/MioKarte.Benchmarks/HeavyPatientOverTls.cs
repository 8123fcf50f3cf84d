using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Gateway;
using MioKarte.Core.Pki;
using MioKarte.DataCenter;
using MioKarte.DataCenter.Demo;

namespace MioKarte.Benchmarks;

/// <summary>
/// End-to-end timing of the gateway against the real reference data center over mutual TLS on
/// loopback (docs/performance.md): the heavy patient at three facilities, cold (a new gateway
/// client each round: new TLS handshakes, new connections) and warm, and a typical patient.
/// A wall-clock runner, not BenchmarkDotNet: one round moves ~30 MB over TLS and the interesting
/// figure is the first, cold call, which BenchmarkDotNet's warm-ups would hide.
/// </summary>
internal static class HeavyPatientOverTls
{
    private const string Password = "benchmark-only";
    private static readonly ActingContext Acting = new("bench-user", "1310000001", "bench");

    public static async Task RunAsync(int rounds)
    {
        var folder = Directory.CreateTempSubdirectory("miokarte-bench-").FullName;
        try
        {
            await RunInAsync(folder, rounds);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RunInAsync(string folder, int rounds)
    {
        using var ca = DevelopmentCertificateAuthority.LoadOrCreate(Path.Combine(folder, "ca"), TimeProvider.System);
        using var server = ca.LoadOrIssueServerCertificate("center.pfx", "datacenter", ["localhost", "127.0.0.1"], TimeProvider.System);
        using var portal = ca.IssueClientCertificate("CN=MIO Karte portal (benchmark)", TimeProvider.System);
        var portalPfx = Path.Combine(folder, "portal.pfx");
        CertificateFiles.WritePfx(portalPfx, portal, Password);

        var options = new DataCenterOptions
        {
            DataFolder = Path.Combine(folder, "center"),
            Port = 0,
            ServerCertificate = server,
            NetworkCaCertificate = X509CertificateLoader.LoadCertificate(ca.Certificate.RawData),
            SeedDemoData = false,
            // Measures reading, not the consent gate (one indexed lookup per query).
            EnforceConsent = false,
            RequireSignedAssertions = false,
            Facilities = DemoFacilities.All.Select(f => f.ToOptions()).ToList(),
            Nodes = [new RegisteredNode { Thumbprint = portal.GetCertHashString(HashAlgorithmName.SHA256), Role = NodeRole.PortalNode }],
        };
        await using var center = await DataCenterHost.CreateAsync(options);
        await center.StartAsync();

        var data = new DemoDataGenerator(patientCount: 4, includeHeavyPatient: true).Generate();
        var people = data.Registrations;
        await DemoSeeder.LoadAsync(center.Services, data, CancellationToken.None);

        var heavy = people.First(p => p.Key.Contains("heavy", StringComparison.Ordinal)).Value;
        var typical = people.Where(p => !p.Key.Contains("heavy", StringComparison.Ordinal)).OrderByDescending(p => p.Value.Count).First().Value;
        var settings = new Dictionary<string, string?>
        {
            ["DataCenterGateway:BaseAddress"] = center.BaseAddress().ToString(),
            ["DataCenterGateway:ClientCertificatePath"] = portalPfx,
            ["DataCenterGateway:ClientCertificatePassword"] = Password,
            ["DataCenterGateway:CaCertificatePath"] = ca.PublicCertificatePath,
            ["DataCenterGateway:MaxRetries"] = "0",
        };

        Console.WriteLine($"heavy patient: {heavy.Count} facilities; typical patient: {typical.Count} facilities");
        // The center is a long-running service in production: it has served other patients
        // before this one. Warm it (and its SQLite page cache for the tables) with the typical
        // patient, so the figures are about the heavy patient's own cost.
        await using (var warmUp = Gateway(settings))
        {
            for (var i = 0; i < 3; i++)
            {
                await Fetch(warmUp, typical);
            }
        }

        var cold = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            await using var provider = Gateway(settings);
            var (ms, summary) = await Fetch(provider, heavy);
            cold.Add(ms);
            Console.WriteLine($"cold round {round + 1}: {ms:F0} ms ({summary})");
        }

        await using var warmProvider = Gateway(settings);
        await Fetch(warmProvider, heavy);
        var warm = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            warm.Add((await Fetch(warmProvider, heavy)).Ms);
        }

        var typicalTimes = new List<double>();
        var typicalSummary = "";
        for (var round = 0; round < 20; round++)
        {
            var (ms, summary) = await Fetch(warmProvider, typical);
            typicalTimes.Add(ms);
            typicalSummary = summary;
        }

        Console.WriteLine($"typical patient: {typicalSummary}");

        Console.WriteLine();
        Console.WriteLine("| measure | first | median | min | max |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Report("heavy patient, cold (new client each round)", cold);
        Report("heavy patient, warm", warm);
        Report("typical patient, warm (20 calls)", typicalTimes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        await center.StopAsync();
    }

    private static ServiceProvider Gateway(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataCenterGateway(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    private static async Task<(double Ms, string Summary)> Fetch(ServiceProvider provider, IReadOnlyList<LinkedFacilityPatient> patient)
    {
        var client = provider.GetRequiredService<DataCenterClient>();
        var clock = Stopwatch.StartNew();
        var result = await client.GetSharedRecordsAsync(patient, Acting, since: null, CancellationToken.None);
        clock.Stop();
        if (result.Unavailable.Count > 0)
        {
            throw new InvalidOperationException("A facility was unavailable: " + result.Unavailable[0].Message);
        }

        var labs = result.Items.Sum(i => i.Record.LabResults.Count);
        var orders = result.Items.Sum(i => i.Record.Prescriptions.Count + i.Record.Injections.Count);
        var images = result.Items.Sum(i => i.Record.Images.Count);
        return (clock.Elapsed.TotalMilliseconds, $"{labs} lab results, {orders} medication orders, {images} images");
    }

    private static void Report(string what, List<double> times)
    {
        var sorted = times.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {times[0]:F0} ms | {sorted[sorted.Count / 2]:F0} ms | {sorted[0]:F0} ms | {sorted[^1]:F0} ms |"));
    }
}
