using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.Patients;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Patients;

/// <summary>The steps of linking a patient, as a user would take them in /patients/new.</summary>
internal static class PatientLinkSteps
{
    /// <summary>A one-page PDF's first bytes: enough for the content check.</summary>
    public static readonly byte[] PdfScan = MioKarte.Tests.Shared.ScanSamples.Pdf();

    /// <summary>The form's fields for <paramref name="patient"/>, as the 患者情報送信票 gives them.</summary>
    public static Dictionary<string, string> SheetOf(this LinkingPortal portal, SheetPatient patient, string localPatientId) => new()
    {
        ["DisclosingFacilityId"] = portal.Hospitals[patient.FacilityCode].Id.ToString(),
        ["DisclosingPatientId"] = patient.PatientId,
        ["NameKanji"] = patient.NameKanji,
        ["NameKana"] = patient.NameKana,
        ["Sex"] = patient.Sex,
        ["BirthDate"] = patient.BirthDate,
        ["LocalPatientId"] = localPatientId,
        ["ConsentDate"] = "2026-11-20",
        ["ConsentObtainedBy"] = "紹介元 看護師",
    };

    /// <summary>Opens /patients/new and submits it as multipart with <paramref name="values"/> over its fields and the scan.</summary>
    public static async Task<HttpResponseMessage> SubmitLinkAsync(
        this HttpClient client, IReadOnlyDictionary<string, string> values, byte[]? scan = null, string scanName = "consent.pdf", string scanType = "application/pdf")
    {
        var page = await client.GetDocumentAsync("/patients/new");
        var form = page.Form("/patients/new");
        var content = new MultipartFormDataContent();
        var token = form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        content.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (name, value) in values)
        {
            content.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(scan ?? PdfScan);
        file.Headers.ContentType = new MediaTypeHeaderValue(scanType);
        content.Add(file, "consentScan", scanName);
        return await client.PostAsync(new Uri("/patients/new", UriKind.Relative), content);
    }

    /// <summary>Submits /patients/new with <paramref name="values"/> and no file (a scan held from the previous submit).</summary>
    public static async Task<HttpResponseMessage> SubmitLinkWithoutFileAsync(this HttpClient client, IReadOnlyDictionary<string, string> values)
    {
        var page = await client.GetDocumentAsync("/patients/new");
        var token = page.Form("/patients/new").QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in values)
        {
            content.Add(new StringContent(value), name);
        }

        return await client.PostAsync(new Uri("/patients/new", UriKind.Relative), content);
    }

    public static Task<List<PatientLink>> LinksOfAsync(this PortalFactory portal, Guid clinicId) =>
        portal.WithServiceAsync<List<PatientLink>, MioKarteDbContext>(db => db.PatientLinks.AsNoTracking().Where(l => l.FacilityId == clinicId).ToListAsync());

    public static Task<List<FacilityPatient>> PatientsOfAsync(this PortalFactory portal, Guid clinicId) =>
        portal.WithServiceAsync<List<FacilityPatient>, MioKarteDbContext>(db => db.FacilityPatients.AsNoTracking().Where(p => p.FacilityId == clinicId).ToListAsync());

    /// <summary>
    /// The link was refused (422) with <paramref name="message"/> at <paramref name="field"/>, and nothing
    /// of <paramref name="clinicId"/> was saved: no link, no patient, no consent scan.
    /// </summary>
    public static async Task AssertRefusedAndNothingSavedAsync(
        this LinkingPortal portal, HttpResponseMessage response, Guid clinicId, string field, string message)
    {
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains(message, page.QuerySelector($"#{field}-error, fieldset#{field} .field__error")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await portal.LinksOfAsync(clinicId));
        Assert.Empty(await portal.PatientsOfAsync(clinicId));
        Assert.False(Directory.Exists(Path.Combine(portal.DataFolder, ConsentScanStore.FolderName, clinicId.ToString("N"))));
    }

    public static Task<List<AccessLogEntry>> AccessLogOfAsync(this PortalFactory portal, Guid clinicId) =>
        portal.WithServiceAsync<List<AccessLogEntry>, MioKarteDbContext>(db => db.AccessLog.AsNoTracking().Where(e => e.FacilityId == clinicId).OrderBy(e => e.Sequence).ToListAsync());
}
