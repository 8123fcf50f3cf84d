using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Identity;
using MioKarte.Core.Patients;
using MioKarte.IntegrationTests.Gateway;
using MioKarte.IntegrationTests.Infrastructure;
using DataCenterClient = MioKarte.Core.Gateway.DataCenterClient;
using JpCore = MioKarte.Core.Gateway.JpCore;
using Task = System.Threading.Tasks.Task;

namespace MioKarte.IntegrationTests.Patients;

/// <summary>
/// Issue #16 items 7 and 3 against the real reference center, with patients shaped as hospitals
/// send them to any JP Core server: only a kanji (IDE) name, or a kana (SYL) name in family and
/// given parts without a text; a prescription whose drug and prescriber are only references.
/// Each test loads its own patient, with a birth date no demo person has.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class StandardNameTests(LinkingPortal portal) : IClassFixture<LinkingPortal>
{
    private const string Representation = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";

    private string Hospital => portal.Patients[0].FacilityCode;

    private static HumanName Name(string representation, string family, string given, bool withText = false)
    {
        var name = new HumanName { Use = HumanName.NameUse.Official, Family = family, Given = [given], Text = withText ? family + " " + given : null };
        name.Extension.Add(new Extension(Representation, new Code(representation)));
        return name;
    }

    private static Bundle.EntryComponent Entry(string fullUrl, Resource resource) => new()
    {
        FullUrl = fullUrl,
        Resource = resource,
        Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
    };

    /// <summary>A patient of the first demo hospital with these names, and its id there.</summary>
    private async Task<string> LoadPatientAsync(string birthDate, AdministrativeGender gender, params HumanName[] names)
    {
        var id = "STD-" + Guid.NewGuid().ToString("N")[..8];
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(Entry("urn:uuid:" + Guid.NewGuid(), new Patient
        {
            Id = id.ToLowerInvariant(),
            Identifier = [new Identifier(JpCore.PatientIdSystem(Hospital), id)],
            Name = [.. names],
            Gender = gender,
            BirthDate = birthDate,
        }));
        await portal.IngestAsync(Hospital, bundle);
        return id;
    }

    private Dictionary<string, string> Sheet(string patientId, string kanji, string kana, string sex, string birthDate, string localId) => new()
    {
        ["DisclosingFacilityId"] = portal.Hospitals[Hospital].Id.ToString(),
        ["DisclosingPatientId"] = patientId,
        ["NameKanji"] = kanji,
        ["NameKana"] = kana,
        ["Sex"] = sex,
        ["BirthDate"] = birthDate,
        ["LocalPatientId"] = localId,
        ["ConsentDate"] = "2026-11-20",
        ["ConsentObtainedBy"] = "紹介元 看護師",
    };

    [Fact]
    public async Task A_patient_whose_hospital_sends_only_a_kanji_name_is_linked_on_the_kanji_name()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var id = await LoadPatientAsync("1931-02-03", AdministrativeGender.Male, Name("IDE", "髙橋", "一郎"));

        // The form's 高 is the common form of the hospital's 髙; the kana cannot be compared (none there).
        using var response = await client.SubmitLinkAsync(Sheet(id, "高橋　一郎", "タカハシ　イチロウ", "Male", "1931-02-03", "KJ-1"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var link = Assert.Single(await portal.LinksOfAsync(clinic.Id));
        Assert.Equal(id, link.DisclosingPatientId);
    }

    [Fact]
    public async Task A_wrong_kanji_name_for_a_hospital_without_kana_is_refused_by_name_and_nothing_is_saved()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var id = await LoadPatientAsync("1932-03-04", AdministrativeGender.Female, Name("IDE", "佐々木", "花子"));

        using var response = await client.SubmitLinkAsync(Sheet(id, "佐々木　春子", "ササキ　ハナコ", "Female", "1932-03-04", "KJ-2"));

        await portal.AssertRefusedAndNothingSavedAsync(response, clinic.Id, "NameKanji", "氏名（漢字）が");
    }

    [Fact]
    public async Task When_the_hospital_holds_kana_a_different_kana_is_refused_even_if_the_kanji_agrees()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var id = await LoadPatientAsync("1933-04-05", AdministrativeGender.Male, Name("IDE", "東", "一"), Name("SYL", "アズマ", "ハジメ"));

        using var response = await client.SubmitLinkAsync(Sheet(id, "東　一", "ヒガシ　ハジメ", "Male", "1933-04-05", "KJ-3"));

        await portal.AssertRefusedAndNothingSavedAsync(response, clinic.Id, "NameKana", "氏名（フリガナ）が");
    }

    [Fact]
    public async Task Emergency_search_by_kana_finds_a_patient_whose_kana_is_in_family_and_given_parts()
    {
        var (client, clinic, user) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Physician);
        var id = await LoadPatientAsync("1934-05-06", AdministrativeGender.Female, Name("IDE", "南", "春子"), Name("SYL", "ミナミ", "ハルコ"));
        var center = portal.Services.GetRequiredService<DataCenterClient>();
        // The emergency form's search (purpose ETREAT): the only search that finds a patient no facility has linked.
        var acting = new Core.Gateway.ActingContext("tester", "1320000000", "std-name", Core.Gateway.PurposesOfUse.Emergency);
        var birth = new DateOnly(1934, 5, 6);

        // The center answers name= as a standard server does: one part matches, family and given joined do not.
        Assert.Empty(await center.SearchPatientsAsync(Hospital, "ミナミハルコ", birth, Core.Common.Sex.Female, acting, CancellationToken.None));
        Assert.Contains(await center.SearchPatientsAsync(Hospital, "ミナミ", birth, Core.Common.Sex.Female, acting, CancellationToken.None), p => p.FacilityPatientId == id);

        var form = await client.GetDocumentAsync("/patients/emergency");
        var fields = new Dictionary<string, string>
        {
            ["DisclosingFacilityId"] = portal.Hospitals[Hospital].Id.ToString(),
            ["DisclosingPatientId"] = "",
            ["NameKana"] = "ミナミ　ハルコ",
            ["BirthDate"] = "1934-05-06",
            ["Sex"] = "Female",
            ["Reason"] = "救急搬送、意識レベル低下のため既往歴を確認",
        };
        using var started = await client.SubmitAsync(form.Form("/patients/emergency"), fields);

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var grantId = Guid.Parse(started.Headers.Location!.OriginalString.Split('/')[^1]);
        var grant = await portal.WithServiceAsync<EmergencyAccessGrant?, Core.Data.MioKarteDbContext>(db =>
            db.EmergencyAccessGrants.FindActiveAsync(grantId, user.Id, new ActingFacility(clinic.Id), portal.Clock.GetUtcNow().UtcDateTime));
        Assert.Equal(id, grant!.DisclosingPatientId);

        // Typed without a space, the search goes by birth date and sex and the portal compares the whole kana.
        fields["NameKana"] = "みなみはるこ";
        using var again = await client.SubmitAsync((await client.GetDocumentAsync("/patients/emergency")).Form("/patients/emergency"), fields);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        fields["NameKana"] = "ミナミ　ナツコ";
        using var other = await client.SubmitAsync((await client.GetDocumentAsync("/patients/emergency")).Form("/patients/emergency"), fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
    }

    [Fact]
    public async Task A_drug_and_a_prescriber_given_only_by_reference_are_read_from_the_center_and_named()
    {
        var id = "STD-" + Guid.NewGuid().ToString("N")[..8];
        var (patientUrl, medicationUrl, doctorUrl) = ("urn:uuid:" + Guid.NewGuid(), "urn:uuid:" + Guid.NewGuid(), "urn:uuid:" + Guid.NewGuid());
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(Entry(patientUrl, new Patient
        {
            Id = id.ToLowerInvariant(),
            Identifier = [new Identifier(JpCore.PatientIdSystem(Hospital), id)],
            Name = [Name("IDE", "北", "太郎", withText: true), Name("SYL", "キタ", "タロウ", withText: true)],
            Gender = AdministrativeGender.Male,
            BirthDate = "1935-06-07",
        }));
        bundle.Entry.Add(Entry(medicationUrl, new Medication
        {
            Id = id.ToLowerInvariant() + "-med",
            Code = new CodeableConcept("urn:oid:1.2.392.200119.4.403.1", "103835401", "カルボシステイン錠250mg"),
        }));
        bundle.Entry.Add(Entry(doctorUrl, new Practitioner { Id = id.ToLowerInvariant() + "-dr", Name = [Name("IDE", "西", "次郎", withText: true)] }));
        bundle.Entry.Add(Entry("urn:uuid:" + Guid.NewGuid(), new MedicationRequest
        {
            Id = id.ToLowerInvariant() + "-rx",
            Status = MedicationRequest.MedicationrequestStatus.Active,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = new ResourceReference(medicationUrl),
            Requester = new ResourceReference(doctorUrl),
            Subject = new ResourceReference(patientUrl),
            AuthoredOn = "2026-10-01",
        }));
        await portal.IngestAsync(Hospital, bundle);
        await portal.GrantConsentAsync("1320000000", Hospital, id);
        var center = portal.Services.GetRequiredService<DataCenterClient>();

        var result = await center.GetSharedRecordsAsync(
            [new Core.Gateway.LinkedFacilityPatient(Hospital, "病院", id)], new Core.Gateway.ActingContext("tester", "1320000000", "std-med"), null, CancellationToken.None);

        var order = Assert.Single(Assert.Single(result.Items).Record.Prescriptions);
        Assert.Equal("カルボシステイン錠250mg", order.Medication.Drug.Display);
        Assert.Equal("103835401", order.Medication.Drug.Code);
        Assert.Equal("西 次郎", order.Prescriber);
        Assert.Empty(result.Unavailable);
    }
}
