using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Gateway;
using MioKarte.Core.Patients;
using MioKarte.DataCenter.Demo;
using MioKarte.DataCenter.Ingest;
using MioKarte.Development;
using MioKarte.EndToEndTests.Infrastructure;
using FhirModel = Hl7.Fhir.Model;

namespace MioKarte.EndToEndTests.Clinical;

/// <summary>
/// The portal with the embedded reference data center (as in Development), loaded with a small
/// deterministic slice of the demo network, and Chromium.
/// </summary>
public class RecordBrowserFixture : BrowserFixture
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IReadOnlyList<DemoPerson>? demoPersons;

    public RecordBrowserFixture()
        : base(new PortalServer())
    {
    }

    /// <param name="settings">Settings over the Development defaults.</param>
    protected RecordBrowserFixture(IReadOnlyDictionary<string, string?> settings)
        : base(new PortalServer(settings))
    {
    }

    /// <summary>A patient of the demo clinic (V00001, where <c>staff</c> works) linked to a demo person's ids at the demo hospitals.</summary>
    public async Task<Guid> LinkDemoPatientAsync(string localPatientId)
    {
        // The person registered at the most hospitals.
        var person = (await DemoPersonsAsync()).OrderByDescending(p => p.Registrations.Count).First();
        return await LinkAsync(person.Registrations, localPatientId, "山田 太郎", "ヤマダ タロウ", Sex.Male, new DateOnly(1948, 1, 1));
    }

    /// <summary>
    /// Links a patient of the demo clinic (V00001) to <paramref name="registrations"/> at the demo hospitals,
    /// once: the devices' journeys share the patient the first journey linked.
    /// </summary>
    public async Task<Guid> LinkAsync(
        IReadOnlyList<LinkedFacilityPatient> registrations, string localPatientId, string name, string kana, Sex sex, DateOnly birthDate)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        await using var scope = Portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var clinic = await db.Facilities.SingleAsync(f => f.Code == DemoAccounts.DemoClinicCode);
        var now = DateTime.UtcNow;
        // A disclosing facility's patient can be linked only once per facility (while the link is open).
        var first = registrations[0];
        var linked = await db.PatientLinks
            .Where(l => l.FacilityId == clinic.Id && l.DisclosingPatientId == first.FacilityPatientId && l.WithdrawnAtUtc == null)
            .Select(l => (Guid?)l.FacilityPatientId)
            .FirstOrDefaultAsync();
        if (linked is { } existing)
        {
            return existing;
        }

        var patient = FacilityPatient.Register(clinic.Id, localPatientId, name, kana, sex, birthDate, "e2e", now);
        db.FacilityPatients.Add(patient);
        foreach (var registration in registrations)
        {
            var hospital = await db.Facilities.SingleOrDefaultAsync(f => f.InstitutionCode == registration.FacilityCode && f.Role == FacilityRole.Disclosing);
            if (hospital is null)
            {
                // Numbered by the demo hospital, so the persons' links share it.
                var number = 900 + DemoFacilities.All.ToList().FindIndex(f => f.Code == registration.FacilityCode);
                hospital = Facility.Create(FacilityCode.Format(FacilityRole.Disclosing, number), registration.FacilityName, "デモビョウイン", FacilityType.Hospital,
                    FacilityRole.Disclosing, registration.FacilityCode, "193-0832", "東京都八王子市散田町1-1", "042-600-0000", 5, 3, "e2e", now);
                db.Facilities.Add(hospital);
            }

            db.PatientLinks.Add(PatientLink.Create(patient, hospital.Id, registration.FacilityPatientId, DateOnly.FromDateTime(now), "e2e", null, "e2e", now));
        }

        await db.SaveChangesAsync();
        // The center enforces consent: register what the product's linking form would have.
        foreach (var registration in registrations)
        {
            await MioKarte.DataCenter.Data.ConsentRegistry.GrantAsync(
                CenterServices, clinic.InstitutionCode ?? clinic.Code, registration.FacilityCode, registration.FacilityPatientId, DateTimeOffset.UtcNow.AddDays(-1));
        }
        return patient.Id;
    }

    /// <summary>Loads a facility's Bundle (JSON: a FHIR document, a collection…) through the embedded center's own ingest path.</summary>
    public async Task IngestAsync(string facilityCode, string bundleJson)
    {
        await using var scope = CenterServices.CreateAsyncScope();
        var bundle = (FhirModel.Bundle)MioKarte.DataCenter.Fhir.FirelyJson.Parse(bundleJson);
        var result = await scope.ServiceProvider.GetRequiredService<BundleIngestor>().IngestAsync(bundle, facilityCode, CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Reason)));
    }

    /// <summary>The persons of the demo slice loaded into the embedded center (loaded on first use), as they were generated.</summary>
    public async Task<IReadOnlyList<DemoPerson>> DemoPersonsAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (demoPersons is null)
            {
                var data = new DemoDataGenerator(seed: 7, patientCount: 4, includeHeavyPatient: false).Generate();
                // Read before loading: loading rewrites the resources' ids the person key comes from.
                demoPersons = DemoPerson.Of(data);
                await DemoSeeder.LoadAsync(CenterServices, data, CancellationToken.None);
            }

            return demoPersons;
        }
        finally
        {
            gate.Release();
        }
    }

    private IServiceProvider CenterServices =>
        Portal.Services.GetServices<IHostedService>().OfType<EmbeddedDataCenterService>().Single().CenterServices
            ?? throw new InvalidOperationException("The embedded data center did not start.");
}

/// <summary>A person of the generated demo data: as the hospitals registered them, and what their record holds.</summary>
public sealed record DemoPerson(
    string Key, string Name, string Kana, Sex Sex, DateOnly BirthDate, bool Deceased, bool DrugAllergy, IReadOnlyList<LinkedFacilityPatient> Registrations)
{
    public static IReadOnlyList<DemoPerson> Of(DemoDataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var resources = data.Bundles.SelectMany(b => b.Bundle.Entry).Select(e => e.Resource).ToList();
        // Demo ids start with the person's key: "p001-alg1-…" is a drug allergy (ペニシリン系).
        static string KeyOf(string id) => id[..id.IndexOf('-', StringComparison.Ordinal)];
        var drugAllergies = resources.OfType<FhirModel.AllergyIntolerance>().Where(a => a.Id!.Contains("-alg1-", StringComparison.Ordinal)).Select(a => KeyOf(a.Id!)).ToHashSet();
        return [.. data.Registrations.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r =>
        {
            var patient = resources.OfType<FhirModel.Patient>().First(p => KeyOf(p.Id!) == r.Key);
            string Name(string representation) =>
                patient.Name.First(n => n.Extension.Any(e => e.Value is FhirModel.Code { Value: var v } && v == representation)).Text!;
            return new DemoPerson(r.Key, Name("IDE"), Name("SYL"), patient.Gender == FhirModel.AdministrativeGender.Female ? Sex.Female : Sex.Male,
                DateOnly.Parse(patient.BirthDate!, System.Globalization.CultureInfo.InvariantCulture), patient.Deceased is not null, drugAllergies.Contains(r.Key), r.Value);
        })];
    }
}

/// <summary>
/// The same, with <c>Records:ProgressAfter</c> = 0: every first view of a patient is the progress
/// page, so the browser's part (poll, then reload) is exercised without a slow data center.
/// </summary>
public sealed class ProgressBrowserFixture() : RecordBrowserFixture(new Dictionary<string, string?> { ["Records:ProgressAfter"] = "00:00:00" });

[CollectionDefinition(Name)]
public sealed class ProgressBrowserCollection : ICollectionFixture<ProgressBrowserFixture>
{
    public const string Name = "progress-browser";
}

[CollectionDefinition(Name)]
public sealed class RecordBrowserCollection : ICollectionFixture<RecordBrowserFixture>
{
    public const string Name = "record-browser";
}
