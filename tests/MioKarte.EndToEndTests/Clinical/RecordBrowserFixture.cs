using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.DataCenter;
using MioKarte.Core.Facilities;
using MioKarte.Core.Patients;
using MioKarte.DataCenter.Demo;
using MioKarte.EndToEndTests.Infrastructure;
using MioKarte.Web.Infrastructure;

namespace MioKarte.EndToEndTests.Clinical;

/// <summary>
/// The portal with the embedded reference data center (as in Development), loaded with a small
/// deterministic slice of the demo network, and Chromium.
/// </summary>
public class RecordBrowserFixture : BrowserFixture
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IReadOnlyList<LinkedFacilityPatient>? demoPatient;

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
        var registrations = await DemoPatientAsync();
        await using var scope = Portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var clinic = await db.Facilities.SingleAsync(f => f.Code == DemoAccounts.DemoClinicCode);
        var now = DateTime.UtcNow;
        // A disclosing facility's patient can be linked only once per facility (while the link is
        // open): the devices' journeys share the one patient the first journey linked.
        var first = registrations[0];
        var linked = await db.PatientLinks
            .Where(l => l.FacilityId == clinic.Id && l.DisclosingPatientId == first.FacilityPatientId && l.WithdrawnAtUtc == null)
            .Select(l => (Guid?)l.FacilityPatientId)
            .FirstOrDefaultAsync();
        if (linked is { } existing)
        {
            return existing;
        }

        var patient = FacilityPatient.Register(clinic.Id, localPatientId, "山田 太郎", "ヤマダ タロウ", Sex.Male, new DateOnly(1948, 1, 1), "e2e", now);
        db.FacilityPatients.Add(patient);
        var number = 900;
        foreach (var registration in registrations)
        {
            var hospital = await db.Facilities.SingleOrDefaultAsync(f => f.InstitutionCode == registration.FacilityCode && f.Role == FacilityRole.Disclosing);
            if (hospital is null)
            {
                hospital = Facility.Create(FacilityCode.Format(FacilityRole.Disclosing, number++), registration.FacilityName, "デモビョウイン", FacilityType.Hospital,
                    FacilityRole.Disclosing, registration.FacilityCode, "193-0832", "東京都八王子市散田町1-1", "042-600-0000", 5, 3, "e2e", now);
                db.Facilities.Add(hospital);
            }

            db.PatientLinks.Add(PatientLink.Create(patient, hospital.Id, registration.FacilityPatientId, DateOnly.FromDateTime(now), "e2e", null, "e2e", now));
        }

        await db.SaveChangesAsync();
        return patient.Id;
    }

    private async Task<IReadOnlyList<LinkedFacilityPatient>> DemoPatientAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (demoPatient is null)
            {
                var center = Portal.Services.GetServices<IHostedService>().OfType<EmbeddedDataCenterService>().Single().CenterServices
                    ?? throw new InvalidOperationException("The embedded data center did not start.");
                var data = new DemoDataGenerator(seed: 7, patientCount: 4, includeHeavyPatient: false).Generate();
                await DemoSeeder.LoadAsync(center, data, CancellationToken.None);
                // The person registered at the most hospitals.
                demoPatient = data.Registrations.Values.OrderByDescending(r => r.Count).First();
            }

            return demoPatient;
        }
        finally
        {
            gate.Release();
        }
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
