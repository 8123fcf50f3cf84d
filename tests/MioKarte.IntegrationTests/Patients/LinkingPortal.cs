using System.Security.Cryptography;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Core.Pki;
using MioKarte.DataCenter;
using MioKarte.DataCenter.Demo;
using MioKarte.IntegrationTests.Gateway;
using MioKarte.IntegrationTests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace MioKarte.IntegrationTests.Patients;

/// <summary>A demo person as the 患者情報送信票 gives it: facility code, patient id, names, sex, birth date.</summary>
public sealed record SheetPatient(string FacilityCode, string PatientId, string NameKanji, string NameKana, string Sex, string BirthDate);

/// <summary>
/// The portal wired to the reference data center over real mutual TLS (the center of
/// <see cref="RealDataCenterFixture"/>: the same PKI, host and ingest path), loaded with a small
/// deterministic slice of the demo network. Each test makes its own viewing facility, so the tests
/// of a class share the portal without seeing each other's links.
/// </summary>
public class LinkingPortal : PortalFactory, IAsyncLifetime
{
    private WebApplication? center;

    public GatewayPki Pki { get; } = new();

    public Uri CenterAddress { get; private set; } = null!;

    /// <summary>Every demo Patient of the slice, first hospital first.</summary>
    public IReadOnlyList<SheetPatient> Patients { get; private set; } = [];

    /// <summary>The portal's disclosing facility for each demo hospital code.</summary>
    public Dictionary<string, Facility> Hospitals { get; } = new(StringComparer.Ordinal);

    /// <summary>When true the portal's gateway points at a port where nothing listens.</summary>
    protected virtual bool CenterUnreachable => false;

    // The center's address is known once InitializeAsync has started it, before the portal starts.
    protected override IReadOnlyDictionary<string, string?> LateSettings => new Dictionary<string, string?>
    {
        ["DataCenterGateway:BaseAddress"] = CenterUnreachable ? $"https://127.0.0.1:{LoopbackPorts.Free()}/" : CenterAddress.ToString(),
        ["DataCenterGateway:ClientCertificatePath"] = Pki.PortalPfx,
        ["DataCenterGateway:ClientCertificatePassword"] = GatewayPki.Password,
        ["DataCenterGateway:CaCertificatePath"] = Pki.NetworkCa.PublicCertificatePath,
        // The reference center as in production: it enforces consent and verifies signed assertions.
        ["DataCenterGateway:AssertionSigningKeyPath"] = Pki.AssertionKeyPath,
        ["DataCenterGateway:MaxRetries"] = "0",
        ["DataCenterGateway:AttemptTimeout"] = "00:00:05",
        ["DataCenterGateway:TotalTimeout"] = "00:00:10",
        ["Council:NotificationEmail"] = "council@example.jp",
    };

    public async Task InitializeAsync()
    {
        using var portal = CertificateFiles.LoadPfx(Pki.PortalPfx, GatewayPki.Password);
        var options = new DataCenterOptions
        {
            DataFolder = Path.Combine(Pki.Folder, "center"),
            Port = 0,
            ServerCertificate = Pki.ServerCertificate,
            NetworkCaCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Pki.NetworkCa.Certificate.RawData),
            SeedDemoData = false,
            Facilities = DemoFacilities.All.Select(f => f.ToOptions()).ToList(),
            Nodes = [new RegisteredNode { Thumbprint = portal.GetCertHashString(HashAlgorithmName.SHA256), Role = NodeRole.PortalNode, AssertionPublicKeyPem = Pki.AssertionPublicKeyPem }],
        };
        // On the portal's clock: Consent periods and assertion lifetimes are judged by the time the portal writes in them.
        center = await DataCenterHost.CreateAsync(options, Clock);
        await center.StartAsync();
        CenterAddress = center.BaseAddress();

        var data = new DemoDataGenerator(seed: 11, patientCount: 6, includeHeavyPatient: false).Generate();
        // Read the sheet's data before loading: loading rewrites the Patient ids.
        Patients = data.Bundles
            .SelectMany(b => b.Bundle.Entry.Select(e => e.Resource).OfType<Patient>().Select(p => new SheetPatient(
                b.Facility.Code, p.Identifier[0].Value!, Name(p, "IDE"), Name(p, "SYL"),
                p.Gender == AdministrativeGender.Female ? "Female" : "Male", p.BirthDate!)))
            .ToList();
        await DemoSeeder.LoadAsync(center.Services, data, CancellationToken.None);

        foreach (var hospital in DemoFacilities.All)
        {
            Hospitals[hospital.Code] = await AddFacilityAsync(hospital.Name, "ビョウイン", FacilityRole.Disclosing, FacilityType.Hospital, hospital.Code);
        }
    }

    /// <summary>
    /// The Consent an operator registers for a link made without the product's form (a fixture's
    /// link): the center enforces consent, so such a link is readable only with it.
    /// </summary>
    public async Task GrantConsentAsync(string actingFacilityCode, string facilityCode, string patientId) =>
        Assert.True(await MioKarte.DataCenter.Data.ConsentRegistry.GrantAsync(
            center!.Services, actingFacilityCode, facilityCode, patientId, Clock.GetUtcNow().AddDays(-1)));

    /// <summary>The center's services (its database), for tests that look at what it holds.</summary>
    public IServiceProvider CenterServices => center!.Services;

    /// <summary>Loads <paramref name="bundle"/> into the center as hospital <paramref name="facilityCode"/> sends it (the ingest path).</summary>
    public async Task IngestAsync(string facilityCode, Bundle bundle)
    {
        await using var scope = center!.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<MioKarte.DataCenter.Ingest.BundleIngestor>().IngestAsync(bundle, facilityCode, CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Reason)));
    }

    /// <summary>Loads a facility's Bundle as JSON (a FHIR document, a collection…) through the center's own ingest path.</summary>
    public Task LoadAsync(string facilityCode, string bundleJson) =>
        IngestAsync(facilityCode, (Bundle)MioKarte.DataCenter.Fhir.FirelyJson.Parse(bundleJson));

    private static string Name(Patient patient, string representation) =>
        patient.Name.First(n => n.Extension.Any(e => e.Value is Code { Value: var v } && v == representation)).Text!;

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (center is not null)
        {
            await center.StopAsync();
            await center.DisposeAsync();
        }

        await base.DisposeAsync();
        Pki.Dispose();
    }

    private static int clinics;

    /// <summary>
    /// A new viewing clinic and one of its users with <paramref name="rights"/> and <paramref name="job"/>,
    /// signed in; the clinic's administrator (with a mail address) is created too.
    /// </summary>
    public async Task<(HttpClient Client, Facility Clinic, PortalUser User)> ClinicUserAsync(
        UserRights rights = UserRights.ViewClinicalData | UserRights.RegisterPatientLinks, StaffJob job = StaffJob.Nurse)
    {
        var n = Interlocked.Increment(ref clinics);
        var clinic = await AddFacilityAsync($"連携テストクリニック{n}", institutionCode: (1320000000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var user = await CreateUserAsync($"clinic{n}-user", PortalRoles.Staff, "試験 医師", clinic.Id);
        var admin = await CreateUserAsync($"clinic{n}-admin", PortalRoles.FacilityAdministrator, "試験 管理者", clinic.Id, $"admin{n}@example.jp");
        await GrantAsync(user, rights, job);
        await GrantAsync(admin, UserRights.ViewClinicalData | UserRights.ManageUsers, StaffJob.MedicalClerk);
        return (await this.SignedInClientAsync(user.UserName!), clinic, user);
    }

    private async Task GrantAsync(PortalUser user, UserRights rights, StaffJob job)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var stored = await users.FindByIdAsync(user.Id);
        stored!.Rights = rights;
        stored.Job = job;
        var result = await users.UpdateAsync(stored);
        Assert.True(result.Succeeded);
    }
}

/// <summary>The same portal, but its gateway points at a loopback port where no data center listens.</summary>
public sealed class UnreachableCenterPortal : LinkingPortal
{
    protected override bool CenterUnreachable => true;
}
