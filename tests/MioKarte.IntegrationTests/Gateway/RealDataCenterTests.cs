using System.Security.Cryptography;

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using MioKarte.Core.Gateway;
using MioKarte.Core.Pki;
using MioKarte.DataCenter;
using MioKarte.DataCenter.Demo;

using Xunit.Abstractions;

namespace MioKarte.IntegrationTests.Gateway;

/// <summary>
/// The real reference data center (branch datacenter) on a loopback port over mutual TLS, loaded
/// with a small deterministic slice of its demo network through its own ingest path.
/// </summary>
public sealed class RealDataCenterFixture : IAsyncLifetime
{
    public GatewayPki Pki { get; } = new();

    public WebApplication Center { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A demo patient registered at two or more facilities: (facility code, name, local patient number).</summary>
    public IReadOnlyList<LinkedFacilityPatient> LinkedPatient { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var data = new DemoDataGenerator(patientCount: 2, includeHeavyPatient: true).Generate();
        // The person registered at the most facilities (the demo's heavy patient is at all three).
        LinkedPatient = data.Registrations.Values.OrderByDescending(links => links.Count).First();
        Center = await StartAsync(Pki, data);
        BaseAddress = Center.BaseAddress();
    }

    /// <summary>
    /// Starts a reference data center on a loopback port with <paramref name="pki"/>'s certificates
    /// (the portal's certificate registered as the portal node) and loads <paramref name="data"/>
    /// through its own ingest path. Loading rewrites the Patient ids: read the data set before.
    /// </summary>
    public static async Task<WebApplication> StartAsync(GatewayPki pki, DemoDataSet data)
    {
        ArgumentNullException.ThrowIfNull(pki);
        using var portal = CertificateFiles.LoadPfx(pki.PortalPfx, GatewayPki.Password);
        var options = new DataCenterOptions
        {
            DataFolder = Path.Combine(pki.Folder, "center"),
            Port = 0,
            ServerCertificate = pki.ServerCertificate,
            NetworkCaCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(pki.NetworkCa.Certificate.RawData),
            SeedDemoData = false,
            // The gateway's reading semantics against a plain FHIR server: consent and signed
            // assertions are tested on their own (ConsentEnforcementTests, the linking tests).
            EnforceConsent = false,
            RequireSignedAssertions = false,
            Facilities = DemoFacilities.All.Select(f => f.ToOptions()).ToList(),
            Nodes = [new RegisteredNode { Thumbprint = portal.GetCertHashString(HashAlgorithmName.SHA256), Role = NodeRole.PortalNode }],
        };
        var center = await DataCenterHost.CreateAsync(options);
        await center.StartAsync();
        await DemoSeeder.LoadAsync(center.Services, data, CancellationToken.None);
        return center;
    }

    public async Task DisposeAsync()
    {
        await Center.StopAsync();
        await Center.DisposeAsync();
        Pki.Dispose();
    }
}

[Collection(GatewayCollection.Name)]
public sealed class RealDataCenterTests(RealDataCenterFixture center, ITestOutputHelper output) : IClassFixture<RealDataCenterFixture>
{
    private static readonly ActingContext Acting = new("user-0042", "1310000001", "req-real-1");

    private ServiceProvider Gateway(string? pfx = null, Action<Dictionary<string, string?>>? tweak = null, ILoggerProvider? logs = null) =>
        GatewayServices.Create(center.BaseAddress, center.Pki, pfx, settings =>
        {
            settings["DataCenterGateway:MaxRetries"] = "0";
            tweak?.Invoke(settings);
        }, logs, LogLevel.Debug);

    /// <summary>Keeps the gateway's log messages so a test can tell which path it took.</summary>
    private sealed class Messages : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> All { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            All.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task The_portal_certificate_reads_a_patient_linked_at_several_facilities_in_parallel()
    {
        await using var provider = Gateway();
        var client = provider.GetRequiredService<DataCenterClient>();

        var result = await client.GetSharedRecordsAsync(center.LinkedPatient, Acting, since: null, CancellationToken.None);

        output.WriteLine(string.Join("; ", center.LinkedPatient.Select(l => $"{l.FacilityCode}/{l.FacilityPatientId}")));
        foreach (var item in result.Items)
        {
            var r = item.Record;
            output.WriteLine($"{item.FacilityCode}: labs {r.LabResults.Count}, Rx {r.Prescriptions.Count}, inj {r.Injections.Count}, lab orders {r.LabOrders.Count}, "
                + $"imaging orders {r.ImagingOrders.Count}, images {r.Images.Count}, reports {r.RadiologyReports.Count}, letters {r.ReferralLetters.Count}");
        }

        output.WriteLine($"skipped {result.Skipped.Count}: {string.Join(", ", result.Skipped.Select(s => $"{s.ResourceType}/{s.ResourceId} {s.Reason}"))}");
        Assert.Empty(result.Unavailable);
        Assert.True(center.LinkedPatient.Count >= 2);
        Assert.Equal(center.LinkedPatient.Select(l => l.FacilityCode).Order(), result.Items.Select(i => i.FacilityCode).Order());
        Assert.All(result.Items, i =>
        {
            Assert.NotNull(i.Record.Patient?.NameKanji);
            Assert.NotNull(i.Record.Patient?.NameKana);
        });
        Assert.Contains(result.Items, i => i.Record.LabResults.Count > 0);
    }

    [Fact]
    public async Task The_heavy_patient_at_three_facilities_is_fetched_and_mapped_within_the_time_budget()
    {
        // Cold: a new client, so new TLS handshakes and connections.
        await using var provider = Gateway(tweak: s => s["DataCenterGateway:PageSize"] = "1000");
        var client = provider.GetRequiredService<DataCenterClient>();
        var cold = System.Diagnostics.Stopwatch.StartNew();
        var result = await client.GetSharedRecordsAsync(center.LinkedPatient, Acting, null, CancellationToken.None);
        cold.Stop();
        var warm = System.Diagnostics.Stopwatch.StartNew();
        await client.GetSharedRecordsAsync(center.LinkedPatient, Acting, null, CancellationToken.None);
        warm.Stop();

        // Where the time goes: the bare fetch + parse of the busiest facility's lab pages, against
        // the gateway reading (and mapping) everything of that facility.
        var busiest = result.Items.MaxBy(i => i.Record.LabResults.Count)!;
        var link = center.LinkedPatient.First(l => l.FacilityCode == busiest.FacilityCode);
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(DataCenterClient));
        var bare = System.Diagnostics.Stopwatch.StartNew();
        var next = $"Observation?patient=Patient%2F{busiest.Record.Patient!.Source.ResourceId}&_count=1000&category=laboratory";
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(center.BaseAddress, next));
            request.Headers.Add(DataCenterClient.ActingUserHeader, Acting.UserId);
            request.Headers.Add(DataCenterClient.ActingFacilityHeader, Acting.FacilityCode);
            using var response = await http.SendAsync(request);
            using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            next = FhirRecordMapper.NextLink(document.RootElement);
        }

        bare.Stop();
        var one = System.Diagnostics.Stopwatch.StartNew();
        await client.GetSharedRecordsAsync([link], Acting, null, CancellationToken.None);
        one.Stop();
        output.WriteLine($"facility {busiest.FacilityCode}: bare fetch + parse of {busiest.Record.LabResults.Count} lab results {bare.ElapsedMilliseconds} ms; "
            + $"gateway, all data of that facility {one.ElapsedMilliseconds} ms");

        var labs = result.Items.Sum(i => i.Record.LabResults.Count);
        output.WriteLine($"heavy patient at {result.Items.Count} facilities: {labs} lab results, "
            + $"{result.Items.Sum(i => i.Record.Prescriptions.Count + i.Record.Injections.Count)} medication orders, "
            + $"{result.Items.Sum(i => i.Record.Images.Count)} images; cold {cold.ElapsedMilliseconds} ms, warm {warm.ElapsedMilliseconds} ms");
        Assert.Empty(result.Unavailable);
        Assert.True(labs >= 20_000, $"{labs} lab results");
        // Generous bound for a shared 2-core machine (the center runs in the same process);
        // the measured figures are in docs/performance.md.
        Assert.True(cold.Elapsed < TimeSpan.FromSeconds(20), $"cold {cold.Elapsed}");
    }

    [Fact]
    public async Task A_start_date_works_with_the_standard_R4_date_parameters_and_with_configured_ones()
    {
        var since = new DateOnly(2024, 1, 1);
        await using var standard = Gateway();
        await using var configured = Gateway(tweak: s =>
        {
            foreach (var type in new[] { "MedicationRequest", "ServiceRequest", "ImagingStudy", "Media" })
            {
                s[$"DataCenterGateway:DateSearchParameters:{type}"] = "date";
            }
        });

        var byStandardNames = await standard.GetRequiredService<DataCenterClient>().GetSharedRecordsAsync([center.LinkedPatient[0]], Acting, since, CancellationToken.None);
        var byConfiguredNames = await configured.GetRequiredService<DataCenterClient>().GetSharedRecordsAsync([center.LinkedPatient[0]], Acting, since, CancellationToken.None);

        foreach (var result in new[] { byStandardNames, byConfiguredNames })
        {
            Assert.Empty(result.Unavailable);
            var record = Assert.Single(result.Items).Record;
            Assert.NotEmpty(record.LabResults);
            Assert.NotEmpty(record.Prescriptions);
            Assert.All(record.LabResults, r => Assert.True(r.SpecimenDate!.Value.SortKey >= since));
            Assert.All(record.Prescriptions, r => Assert.True(r.OrderDate!.Value.SortKey >= since));
        }

        Assert.Equal(
            byStandardNames.Items.Single().Record.Prescriptions.Count,
            byConfiguredNames.Items.Single().Record.Prescriptions.Count);
    }

    [Fact]
    public async Task Parallel_date_windows_return_exactly_the_same_records_as_one_paged_search()
    {
        // Small pages so that every busy search is split; one window per search is the plain walk.
        using var logs = new Messages();
        await using var windowed = Gateway(tweak: s => s["DataCenterGateway:PageSize"] = "200", logs: logs);
        await using var paged = Gateway(tweak: s =>
        {
            s["DataCenterGateway:PageSize"] = "200";
            s["DataCenterGateway:MaxParallelWindows"] = "1";
        });

        var byWindows = await windowed.GetRequiredService<DataCenterClient>().GetSharedRecordsAsync(center.LinkedPatient, Acting, null, CancellationToken.None);
        var byPages = await paged.GetRequiredService<DataCenterClient>().GetSharedRecordsAsync(center.LinkedPatient, Acting, null, CancellationToken.None);

        Assert.Empty(byWindows.Unavailable);
        Assert.Empty(byPages.Unavailable);
        static List<SourceRef> Sources(GatewayResult<FacilityPatientRecord> result) => result.Items
            .SelectMany(i => i.Record.LabResults.Select(r => r.Source)
                .Concat(i.Record.Prescriptions.Select(r => r.Source))
                .Concat(i.Record.Images.Select(r => r.Source)))
            .OrderBy(s => s.FacilityCode, StringComparer.Ordinal).ThenBy(s => s.ResourceType, StringComparer.Ordinal).ThenBy(s => s.ResourceId, StringComparer.Ordinal)
            .ToList();
        var windows = Sources(byWindows);
        Assert.True(windows.Count > 20_000, $"{windows.Count} records");
        Assert.Equal(windows.Count, windows.Distinct().Count());
        Assert.Equal(Sources(byPages), windows);
        // The windows were really used (and added up), not the page-by-page fallback.
        Assert.Contains(logs.All, m => m.Contains("Observation search", StringComparison.Ordinal) && m.Contains("parallel date windows", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.All, m => m.Contains("did not add up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_image_is_downloaded_through_the_gateway_by_its_opaque_reference()
    {
        await using var provider = Gateway();
        var client = provider.GetRequiredService<DataCenterClient>();
        var result = await client.GetSharedRecordsAsync(center.LinkedPatient, Acting, null, CancellationToken.None);
        var image = result.Items.SelectMany(i => i.Record.Images).SelectMany(i => i.Images).FirstOrDefault(i => i.Id.StartsWith("Media/", StringComparison.Ordinal));
        Assert.NotNull(image);

        var (contentType, bytes) = await client.GetContentAsync(image, Acting, CancellationToken.None);

        Assert.Equal("image/jpeg", contentType);
        Assert.Equal([0xFF, 0xD8], bytes.Take(2));
    }

    [Fact]
    public async Task A_client_certificate_from_another_CA_is_refused_by_the_real_center()
    {
        await using var provider = Gateway(pfx: center.Pki.ForeignPortalPfx);

        var result = await provider.GetRequiredService<DataCenterClient>().GetSharedRecordsAsync(center.LinkedPatient, Acting, null, CancellationToken.None);

        Assert.Empty(result.Items);
        Assert.All(result.Unavailable, u => Assert.Equal(GatewayFailureKind.ClientCertificateRejected, u.Kind));
        output.WriteLine(result.Unavailable[0].Message);
    }

    [Fact]
    public async Task A_network_certificate_that_is_not_registered_as_the_portal_is_refused_with_a_clear_error()
    {
        var pfx = Path.Combine(center.Pki.Folder, "unregistered.pfx");
        using (var unregistered = center.Pki.NetworkCa.IssueClientCertificate("CN=some other node", TimeProvider.System))
        {
            CertificateFiles.WritePfx(pfx, unregistered, GatewayPki.Password);
        }

        await using var provider = Gateway(pfx: pfx);

        var result = await provider.GetRequiredService<DataCenterClient>().GetSharedRecordsAsync(center.LinkedPatient, Acting, null, CancellationToken.None);

        var failure = result.Unavailable[0];
        output.WriteLine(failure.Message);
        Assert.Equal(GatewayFailureKind.HttpError, failure.Kind);
        Assert.Contains("refused access (403", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_everything_operation_of_the_real_center_gives_the_same_lab_results_as_the_searches()
    {
        await using var searches = Gateway();
        await using var everything = Gateway(tweak: s => s["DataCenterGateway:UseEverythingOperation"] = "true");
        var link = center.LinkedPatient[0];

        var bySearch = await searches.GetRequiredService<DataCenterClient>().GetSharedRecordsAsync([link], Acting, null, CancellationToken.None);
        var byEverything = await everything.GetRequiredService<DataCenterClient>().GetSharedRecordsAsync([link], Acting, null, CancellationToken.None);

        Assert.Empty(byEverything.Unavailable);
        Assert.Equal(
            bySearch.Items[0].Record.LabResults.Select(r => r.Source.ResourceId).Order(StringComparer.Ordinal),
            byEverything.Items[0].Record.LabResults.Select(r => r.Source.ResourceId).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Generated data (Synthea-like) holds records of types the viewer does not show: immunizations,
    /// procedures, encounters, claims, social-history Observations. Both ways of reading — the
    /// per-type searches (with <c>_summary=count</c> for those types) and <c>$everything</c> — count
    /// them by type, so the clinician learns they exist; the vital sign under a site-specific code is shown.
    /// </summary>
    [Fact]
    public async Task Records_of_types_the_viewer_does_not_show_are_counted_by_both_ways_of_reading()
    {
        const string facility = "1313456780";
        const string number = "SYN-0001";
        var patient = "urn:uuid:0b6d8c52-1111-4c3e-9a55-000000000001";
        static string Entry(string type, string json) =>
            $$$"""{"fullUrl":"urn:uuid:{{{Guid.NewGuid()}}}","resource":{"resourceType":"{{{type}}}",{{{json}}} },"request":{"method":"POST","url":"{{{type}}}"}}""";
        var entries = new List<string>
        {
            $$$"""{"fullUrl":"{{{patient}}}","resource":{"resourceType":"Patient","identifier":[{"system":"{{{JpCore.PatientIdSystem(facility)}}}","value":"{{{number}}}"}],"name":[{"family":"Kihn","given":["Rufus"]}],"gender":"male","birthDate":"1960-04-02"},"request":{"method":"POST","url":"Patient"}}""",
            Entry("Immunization", $$$"""  "status":"completed","vaccineCode":{"text":"Influenza"},"patient":{"reference":"{{{patient}}}"},"occurrenceDateTime":"2019-10-01" """),
            Entry("Immunization", $$$"""  "status":"completed","vaccineCode":{"text":"Td"},"patient":{"reference":"{{{patient}}}"},"occurrenceDateTime":"2018-10-01" """),
            Entry("Procedure", $$$"""  "status":"completed","code":{"text":"Medication reconciliation"},"subject":{"reference":"{{{patient}}}"},"performedDateTime":"2019-10-01" """),
            Entry("Encounter", $$$"""  "status":"finished","class":{"code":"AMB"},"subject":{"reference":"{{{patient}}}"},"period":{"start":"2019-10-01"} """),
            Entry("Claim", $$$"""  "status":"active","use":"claim","type":{"text":"professional"},"patient":{"reference":"{{{patient}}}"},"created":"2019-10-01","provider":{"display":"x"},"priority":{"text":"normal"},"insurance":[{"sequence":1,"focal":true,"coverage":{"display":"x"}}] """),
            Entry("Observation", $$$"""  "status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"survey"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"72166-2"}]},"subject":{"reference":"{{{patient}}}"},"effectiveDateTime":"2019-10-01","valueCodeableConcept":{"text":"Never smoker"} """),
            Entry("Observation", $$$"""  "status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8331-1","display":"Oral temperature"}]},"subject":{"reference":"{{{patient}}}"},"effectiveDateTime":"2019-10-01","valueQuantity":{"value":37.72080406522396,"unit":"Cel","system":"http://unitsofmeasure.org","code":"Cel"} """),
        };
        var bundle = (Hl7.Fhir.Model.Bundle)MioKarte.DataCenter.Fhir.FirelyJson.Parse($$$"""{"resourceType":"Bundle","type":"transaction","entry":[{{{string.Join(",", entries)}}}]}""");
        await using (var scope = center.Center.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<MioKarte.DataCenter.Ingest.BundleIngestor>().IngestAsync(bundle, facility, CancellationToken.None);
            Assert.True(stored.Succeeded, string.Join("; ", stored.Problems.Select(p => p.Reason)));
        }

        var link = new LinkedFacilityPatient(facility, "浅川医療センター", number);
        await using var searches = Gateway();
        await using var everything = Gateway(tweak: s => s["DataCenterGateway:UseEverythingOperation"] = "true");
        foreach (var provider in new[] { searches, everything })
        {
            var result = await provider.GetRequiredService<DataCenterClient>().GetSharedRecordsAsync([link], Acting, null, CancellationToken.None);

            Assert.Empty(result.Unavailable);
            var record = Assert.Single(result.Items).Record;
            var notShown = record.NotShown!;
            Assert.Equal(2, notShown.GetValueOrDefault("Immunization"));
            Assert.Equal(1, notShown.GetValueOrDefault("Procedure"));
            Assert.Equal(1, notShown.GetValueOrDefault("Encounter"));
            Assert.Equal(1, notShown.GetValueOrDefault("Claim"));
            Assert.Equal(1, notShown.GetValueOrDefault("Observation.survey"));
            var temperature = Assert.Single(record.VitalSigns!);
            Assert.Equal(VitalKind.BodyTemperature, temperature.Kind);
        }
    }
}
