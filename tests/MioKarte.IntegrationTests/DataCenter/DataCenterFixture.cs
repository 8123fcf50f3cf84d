using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

using Hl7.Fhir.Model;

using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

using MioKarte.Core.Pki;
using MioKarte.DataCenter;
using MioKarte.DataCenter.Fhir;

using JpCore = MioKarte.Core.Gateway.JpCore;

namespace MioKarte.IntegrationTests.DataCenter;

/// <summary>
/// A real data center on a random loopback port with a test CA in a temp folder. Clients are real
/// HttpClients over TLS with client certificates: the network path is never mocked.
/// </summary>
public class DataCenterFixture : IAsyncLifetime
{
    public const string FacilityA = "1311111118";
    public const string FacilityB = "1322222226";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "miokarte-dc-tests-" + Guid.NewGuid().ToString("N"));
    private DevelopmentCertificateAuthority? ca;
    private WebApplication? app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The running center's services.</summary>
    public IServiceProvider Services => app!.Services;

    public X509Certificate2 PortalCertificate { get; private set; } = null!;

    public X509Certificate2 FacilityACertificate { get; private set; } = null!;

    public X509Certificate2 FacilityBCertificate { get; private set; } = null!;

    public X509Certificate2 UnregisteredCertificate { get; private set; } = null!;

    public X509Certificate2 ExpiredCertificate { get; private set; } = null!;

    public X509Certificate2 ForeignCertificate { get; private set; } = null!;

    public string DatabasePath => Path.Combine(folder, "center", "datacenter.db");

    public async System.Threading.Tasks.Task InitializeAsync()
    {
        // The CA dates from three years ago, so that it can also have issued an already expired certificate.
        ca = DevelopmentCertificateAuthority.LoadOrCreate(Path.Combine(folder, "ca"), new FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(-3)));
        var server = ca.LoadOrIssueServerCertificate("server.pfx", "localhost", ["localhost", "127.0.0.1"], TimeProvider.System);
        PortalCertificate = ca.IssueClientCertificate("CN=test portal node", TimeProvider.System);
        FacilityACertificate = ca.IssueClientCertificate("CN=facility A", TimeProvider.System);
        FacilityBCertificate = ca.IssueClientCertificate("CN=facility B", TimeProvider.System);
        UnregisteredCertificate = ca.IssueClientCertificate("CN=someone else", TimeProvider.System);
        var twoYearsAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(-2));
        ExpiredCertificate = ca.IssueClientCertificate("CN=test portal node", twoYearsAgo, TimeSpan.FromDays(30));
        using var foreign = DevelopmentCertificateAuthority.LoadOrCreate(Path.Combine(folder, "foreign-ca"), TimeProvider.System);
        ForeignCertificate = foreign.IssueClientCertificate("CN=test portal node", TimeProvider.System);

        var options = new DataCenterOptions
        {
            DataFolder = Path.Combine(folder, "center"),
            Port = 0,
            ServerCertificate = server,
            NetworkCaCertificate = X509CertificateLoader.LoadCertificate(ca.Certificate.RawData),
            DefaultPageSize = 10,
            // Small bounds, so that the 413 tests need no large bodies (every other test stays far below).
            MaxIngestBytes = 256 * 1024,
            MaxIngestEntries = 200,
            // Search, ingest and TLS semantics with header-asserted users: consent and signed
            // assertions are tested on their own (ConsentEnforcementTests, the linking tests).
            EnforceConsent = false,
            RequireSignedAssertions = false,
            Facilities =
            [
                new DisclosingFacilityOptions { Code = FacilityA, Name = "テスト病院A" },
                new DisclosingFacilityOptions { Code = FacilityB, Name = "テスト病院B", WithheldCategories = [DisclosureCategories.Injection] },
            ],
            Nodes =
            [
                // The portal by CN (the expired and foreign certificates carry the same CN: chain and validity must still refuse them).
                new RegisteredNode { SubjectCommonName = "test portal node", Role = NodeRole.PortalNode },
                new RegisteredNode { Thumbprint = FacilityACertificate.Thumbprint, Role = NodeRole.DisclosingFacility, FacilityCode = FacilityA },
                new RegisteredNode { Thumbprint = FacilityBCertificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), Role = NodeRole.DisclosingFacility, FacilityCode = FacilityB },
            ],
        };
        Configure(options);
        app = await DataCenterHost.CreateAsync(options, Time);
        await app.StartAsync();
        BaseAddress = app.BaseAddress();
    }

    /// <summary>The center's clock (null: the system clock).</summary>
    protected virtual TimeProvider? Time => null;

    /// <summary>Changes to the center's options before it starts (a fixture that enforces consent).</summary>
    protected virtual void Configure(DataCenterOptions options)
    {
    }

    public virtual async System.Threading.Tasks.Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        ca?.Dispose();
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

    /// <summary>A real TLS client presenting <paramref name="certificate"/> (or none) and trusting only the test CA.</summary>
    public HttpClient Client(X509Certificate2? certificate, string? actingUser = "user-001", string requestId = "req-test")
    {
        var trusted = X509CertificateLoader.LoadCertificate(ca!.Certificate.RawData);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
                // Send the given certificate even when it is expired or foreign: the server must be the one to refuse it.
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
                RemoteCertificateValidationCallback = (_, server, _, _) =>
                {
                    if (server is null)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(trusted);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(X509CertificateLoader.LoadCertificate(server.GetRawCertData()));
                },
            },
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        if (actingUser is not null)
        {
            client.DefaultRequestHeaders.Add("X-Acting-User", actingUser);
            client.DefaultRequestHeaders.Add("X-Acting-Facility", "9990000001");
        }

        client.DefaultRequestHeaders.Add("X-Request-Id", requestId);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        return client;
    }

    public async Task<HttpResponseMessage> IngestAsync(X509Certificate2 facility, Bundle bundle)
    {
        using var client = Client(facility, actingUser: null);
        using var content = new StringContent(FirelyJson.Serialize(bundle), Encoding.UTF8, "application/fhir+json");
        return await client.PostAsync(new Uri("/", UriKind.Relative), content);
    }

    public long CountRows(string? resourceType = null)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Resources WHERE $t IS NULL OR ResourceType = $t";
        command.Parameters.AddWithValue("$t", (object?)resourceType ?? DBNull.Value);
        return (long)command.ExecuteScalar()!;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>Small hand-made Bundles: each test gets its own patient, so tests never see each other's data.</summary>
public static class TestBundles
{
    public static Bundle PatientWithLabs(string facilityCode, string key, int observations, DateTimeOffset first, string? injectionId = null)
    {
        var patientUuid = "urn:uuid:" + Guid.NewGuid();
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(Entry(patientUuid, new Patient
        {
            Id = key,
            Identifier = [new Identifier(JpCore.PatientIdSystem(facilityCode), "ID-" + key)],
            Name = [new HumanName { Family = "山田", Given = ["太郎"] }],
            BirthDate = "1950-04-01",
        }));
        for (var i = 0; i < observations; i++)
        {
            bundle.Entry.Add(Entry("urn:uuid:" + Guid.NewGuid(), new Observation
            {
                Id = $"{key}-obs{i}",
                Status = ObservationStatus.Final,
                Category = [new CodeableConcept(FhirSystems.ObservationCategory, "laboratory")],
                Code = new CodeableConcept(FhirSystems.Jlac10, "3B035000002327201", "AST"),
                Subject = new ResourceReference(patientUuid),
                Effective = new FhirDateTime(first.AddDays(i)),
                Value = new Quantity(20 + i, "U/L"),
            }));
        }

        if (injectionId is not null)
        {
            bundle.Entry.Add(Entry("urn:uuid:" + Guid.NewGuid(), new MedicationRequest
            {
                Id = injectionId,
                Status = MedicationRequest.MedicationrequestStatus.Completed,
                Intent = MedicationRequest.MedicationRequestIntent.Order,
                Category = [new CodeableConcept(FhirSystems.InjectionCategoryJhsi0001, "FTP", "定時処方")],
                Medication = new CodeableConcept { Text = "生理食塩液 100mL" },
                Subject = new ResourceReference(patientUuid),
                AuthoredOn = first.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            }));
        }

        return bundle;
    }

    private static Bundle.EntryComponent Entry(string fullUrl, Resource resource) => new()
    {
        FullUrl = fullUrl,
        Resource = resource,
        Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
    };
}
