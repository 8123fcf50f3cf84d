using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Patients;
using MioKarte.Core.Text;
using MioKarte.DataCenter.Demo;
using MioKarte.DataCenter.Fhir;
using Sex = MioKarte.Core.Common.Sex;

namespace MioKarte.Development;

/// <summary>
/// Demo patient links of the demo clinic V00001 (Development with demo accounts only): the heavy
/// patient (linked at all three hospitals) and a few others, taken from the same generated network
/// the embedded data center loads (<see cref="DemoDataSet.Registrations"/> says which patient id
/// each demo person has at which hospital), so the list shows linked patients whose records exist.
/// Run once, when the clinic has no patients yet. Only ids are logged.
/// </summary>
public static partial class DemoPatientLinks
{
    /// <summary>How many demo persons besides the heavy patient get a local patient.</summary>
    public const int OtherPatients = DemoDataSet.OthersLinkedAtDemoClinic;

    public static async System.Threading.Tasks.Task SeedAsync(IServiceProvider services, Guid clinicId, ILogger logger)
    {
        var db = services.GetRequiredService<MioKarteDbContext>();
        if (await db.FacilityPatients.OfFacility(clinicId).AnyAsync())
        {
            return;
        }

        var hospitals = await db.Facilities.AsNoTracking()
            .Where(f => f.InstitutionCode != null)
            .Select(f => new { f.Id, f.InstitutionCode })
            .ToDictionaryAsync(f => f.InstitutionCode!, f => f.Id);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var consentDate = JapanTime.DateOf(now).AddDays(-7);
        var data = DemoDataGenerator.Full();
        var patients = data.Bundles
            .SelectMany(b => b.Bundle.Entry.Select(e => e.Resource).OfType<Patient>().Select(p => (b.Facility.Code, Patient: p)))
            .ToDictionary(p => (p.Code, p.Patient.Identifier[0].Value!), p => p.Patient);
        var latest = LatestDates(data);
        var chosen = data.PersonsLinkedAtDemoClinic().Select(person => (person, data.Registrations[person])).ToList();
        var number = 0;
        foreach (var (person, registrations) in chosen)
        {
            var first = patients[(registrations[0].FacilityCode, registrations[0].FacilityPatientId)];
            var kanji = JapaneseText.Name(NameOf(first, "IDE"))!;
            var kana = JapaneseText.Kana(NameOf(first, "SYL"))!;
            var sex = first.Gender == AdministrativeGender.Female ? Sex.Female : Sex.Male;
            var patient = FacilityPatient.Register(clinicId, "K" + (++number).ToString("00000", System.Globalization.CultureInfo.InvariantCulture),
                kanji, kana, sex, DateOnly.Parse(first.BirthDate!, System.Globalization.CultureInfo.InvariantCulture), "demo", now);
            db.FacilityPatients.Add(patient);
            foreach (var registration in registrations)
            {
                if (!hospitals.TryGetValue(registration.FacilityCode, out var hospitalId))
                {
                    continue;
                }

                db.PatientLinks.Add(PatientLink.Create(patient, hospitalId, registration.FacilityPatientId, consentDate, "デモ 担当者", null, "demo", now));
                if (latest.TryGetValue(patients[(registration.FacilityCode, registration.FacilityPatientId)].Id!, out var date))
                {
                    patient.NoteLatestDataDate(date);
                }
            }

            LogSeeded(logger, patient.Id, registrations.Count);
        }

        await db.SaveChangesAsync();
    }

    private static string NameOf(Patient patient, string representation) =>
        patient.Name.FirstOrDefault(n => n.Extension.Any(e => e.Value is Code { Value: var v } && v == representation))?.Text
        ?? patient.Name[0].Text ?? "";

    /// <summary>The newest clinical date of each demo Patient id (as generated), so the list shows a date at once.</summary>
    private static Dictionary<string, DateOnly> LatestDates(DemoDataSet data)
    {
        var latest = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var resource in data.Bundles.SelectMany(b => b.Bundle.Entry).Select(e => e.Resource).OfType<Resource>())
        {
            if (ResourceIndex.PatientReference(resource)?.Reference is not { } reference || !reference.StartsWith("Patient/", StringComparison.Ordinal)
                || ResourceIndex.ClinicalDate(resource) is not { Length: >= 10 } text
                || !DateOnly.TryParse(text[..10], System.Globalization.CultureInfo.InvariantCulture, out var date))
            {
                continue;
            }

            var id = reference["Patient/".Length..];
            if (!latest.TryGetValue(id, out var known) || date > known)
            {
                latest[id] = date;
            }
        }

        return latest;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created demo facility patient {FacilityPatientId} with {Links} links")]
    private static partial void LogSeeded(ILogger logger, Guid facilityPatientId, int links);
}
