using Microsoft.EntityFrameworkCore;

using MioKarte.Core.Pki;
using MioKarte.DataCenter.Data;
using MioKarte.DataCenter.Fhir;
using MioKarte.DataCenter.Ingest;

namespace MioKarte.DataCenter;

/// <summary>
/// Entry point. <c>dotnet run --project src/MioKarte.DataCenter</c> serves the center;
/// <c>… -- ingest file.json --facility CODE [--patient-number NUMBER]</c> loads a Bundle as an operator.
/// Settings: datacenter.settings.json, then environment variables <c>MIOKARTE_DataCenter__…</c>, then the command line.
/// </summary>
public static class DataCenterProgram
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "datacenter.settings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "datacenter.settings.json"), optional: true)
            .AddEnvironmentVariables("MIOKARTE_")
            .Build();
        var options = configuration.GetSection(DataCenterOptions.SectionName).Get<DataCenterOptions>() ?? new DataCenterOptions();
        if (string.IsNullOrWhiteSpace(options.DataFolder))
        {
            options.DataFolder = Path.Combine(".data", "datacenter");
        }

        options.DataFolder = Path.GetFullPath(options.DataFolder);
        if (options.Facilities.Count == 0)
        {
            options.Facilities.AddRange(Demo.DemoFacilities.All.Select(f => f.ToOptions()));
        }

        if (args.Length > 0 && args[0] == "ingest")
        {
            return await IngestAsync(args, options);
        }

        var certificates = configuration.GetSection("DataCenter:Certificates");
        if (certificates["ServerPfx"] is { Length: > 0 } serverPfx && certificates["NetworkCaPem"] is { Length: > 0 } caPem)
        {
            options.ServerCertificate = CertificateFiles.LoadPfx(serverPfx, certificates["ServerPfxPassword"]);
            options.NetworkCaCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(caPem);
        }
        else
        {
            DevelopmentWiring.Apply(options, Path.Combine(options.DataFolder, "certs"), TimeProvider.System);
            await Console.Out.WriteLineAsync($"Development certificates in {Path.Combine(options.DataFolder, "certs")} (portal-node.pfx, facility-*.pfx).");
        }

        await using var app = await DataCenterHost.CreateAsync(options);
        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// <c>ingest FILE --facility CODE [--patient-number NUMBER]</c>: loads a Bundle as the facility.
    /// With <c>--patient-number</c> the Bundle's single Patient is given that number in the facility's
    /// JP Core patient-ID system first (<see cref="PatientNumberAssignment"/>), so third-party data
    /// such as a Synthea bundle can be loaded and linked without editing the file.
    /// </summary>
    internal static async Task<int> IngestAsync(string[] args, DataCenterOptions options, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var file = args.Length > 1 ? args[1] : null;
        var facility = Option(args, "--facility");
        var patientNumber = Option(args, "--patient-number");
        if (file is null || facility is null || !File.Exists(file) || (Array.IndexOf(args, "--patient-number") > 0 && string.IsNullOrWhiteSpace(patientNumber)))
        {
            await error.WriteLineAsync("usage: ingest FILE.json --facility CODE [--patient-number NUMBER]   (CODE = 10-digit 保険医療機関番号 of a configured facility; NUMBER = the facility's patient number given to the Bundle's one Patient)");
            return 2;
        }

        Hl7.Fhir.Model.Bundle bundle;
        try
        {
            bundle = FirelyJson.Parse(await File.ReadAllTextAsync(file)) as Hl7.Fhir.Model.Bundle
                ?? throw new FormatException("The file does not hold a Bundle.");
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or Hl7.Fhir.Serialization.DeserializationFailedException)
        {
            await error.WriteLineAsync("Not a valid FHIR R4 JSON Bundle: " + e.Message.Split('\n')[0]);
            return 1;
        }

        if (patientNumber is not null && PatientNumberAssignment.Assign(bundle, facility, patientNumber.Trim()) is { } refused)
        {
            await error.WriteLineAsync(refused);
            await error.WriteLineAsync("Nothing was stored.");
            return 1;
        }

        Directory.CreateDirectory(options.DataFolder);
        var dbOptions = new DbContextOptionsBuilder<DataCenterDbContext>().UseSqlite(DataCenterHost.ConnectionString(options)).Options;
        await using var db = new DataCenterDbContext(dbOptions);
        await db.Database.MigrateAsync();
        var result = await new BundleIngestor(db, options, TimeProvider.System).IngestAsync(bundle, facility, CancellationToken.None);
        if (!result.Succeeded)
        {
            foreach (var problem in result.Problems)
            {
                await error.WriteLineAsync(problem.Index < 0 ? problem.Reason : $"entry[{problem.Index}]: {problem.Reason}");
            }

            await error.WriteLineAsync("Nothing was stored.");
            return 1;
        }

        await output.WriteLineAsync(
            $"Stored {result.Entries.Count} resources ({result.Entries.Count(e => e.Created)} new, {result.Entries.Count(e => !e.Created)} updated) for facility {facility}.");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at > 0 && at + 1 < args.Length && !args[at + 1].StartsWith("--", StringComparison.Ordinal) ? args[at + 1] : null;
    }
}
