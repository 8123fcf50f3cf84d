using System.Net;

using AngleSharp.Dom;

using MioKarte.Core.Gateway;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.IntegrationTests.Patients;
using MioKarte.Tests.Shared;

namespace MioKarte.IntegrationTests.Clinical;

/// <summary>
/// Documents through the real reference center and the real gateway: a 診療情報提供書 FHIR document
/// with a PDF, a 退院時サマリー, a 経過記録 and a lab report appear on the 一連の表 and open in the detail.
/// </summary>
public sealed class DocumentRecordTests(LinkingPortal portal) : IClassFixture<LinkingPortal>
{
    private static IElement Row(IDocument page, string category) =>
        page.QuerySelectorAll("tr").Single(r => r.QuerySelector("th[scope=row]")?.TextContent.Trim() == category);

    [Fact]
    public async Task Documents_sent_to_the_center_appear_on_the_table_and_open_section_by_section_with_their_pdf()
    {
        var sheet = portal.Patients[0];
        var system = JpCore.PatientIdSystem(sheet.FacilityCode);
        await portal.LoadAsync(sheet.FacilityCode, JpClinsFixtures.Json(JpClinsFixtures.ReferralDocument, system, sheet.PatientId));
        await portal.LoadAsync(sheet.FacilityCode, JpClinsFixtures.Json(JpClinsFixtures.DischargeSummary, system, sheet.PatientId));
        await portal.LoadAsync(sheet.FacilityCode, $$"""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"resource":{{JpClinsFixtures.Json(JpClinsFixtures.ProgressNote, system, sheet.PatientId)}}},
              {"resource":{{JpClinsFixtures.Json(JpClinsFixtures.LabReport, system, sheet.PatientId)}}}]}
            """);
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var (patient, _) = await portal.AddLinkedPatientAsync(clinic, "DOC-" + sheet.PatientId, (portal.Hospitals[sheet.FacilityCode], sheet.PatientId));

        var table = await client.GetDocumentAsync($"/patients/{patient.Id}?zoom=month&from=2026-10-01&to=2026-11-30");
        // The detail of the item under the category that says all of what (the demo patient has letters of its own).
        async Task<IElement> DetailAsync(string category, params string[] what)
        {
            foreach (var cell in Row(table, category).QuerySelectorAll("a.cell").Select(a => a.GetAttribute("href")!))
            {
                foreach (var link in (await client.GetDocumentAsync(cell)).QuerySelectorAll(".record-items__link").Select(a => a.GetAttribute("href")!))
                {
                    var detail = (await client.GetDocumentAsync(link)).QuerySelector("#detail")!;
                    if (what.All(w => detail.TextContent.Contains(w, StringComparison.Ordinal)))
                    {
                        return detail;
                    }
                }
            }

            throw new Xunit.Sdk.XunitException($"No {string.Join(", ", what)} under {category}.");
        }

        // The discharge summary: each section with its narrative (as text) and its entries.
        var summary = await DetailAsync("退院時サマリー", "入院中経過");
        var sections = summary.QuerySelectorAll(".letter-section").Select(s => s.TextContent).ToList();
        Assert.Contains(sections, s => s.Contains("入院中経過", StringComparison.Ordinal) && s.Contains("抗菌薬点滴により解熱し、経過良好で退院。", StringComparison.Ordinal));
        Assert.Contains(sections, s => s.Contains("入院時診断", StringComparison.Ordinal) && s.Contains("傷病名", StringComparison.Ordinal) && s.Contains("市中肺炎", StringComparison.Ordinal));
        Assert.Contains(sections, s => s.Contains("退院時処方", StringComparison.Ordinal) && s.Contains("アモキシシリン水和物カプセル250mg", StringComparison.Ordinal));
        Assert.Contains("紹介 太郎", summary.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(summary.QuerySelectorAll("b, script"));

        // The referral letter: its entries, and its PDF served through the portal.
        var letter = await DetailAsync("診療情報提供書", "メトホルミン塩酸塩錠250mg");
        Assert.Contains("HbA1c(NGSP) 7.4 %", letter.TextContent, StringComparison.Ordinal);
        Assert.Contains("糖尿病の継続加療をお願いします。", letter.TextContent, StringComparison.Ordinal);
        var pdf = letter.QuerySelector("a[href*='/content/']")!.GetAttribute("href")!;
        using var served = await client.GetAsync(new Uri(pdf, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/pdf", served.Content.Headers.ContentType?.MediaType);

        // Another document of any type, and the lab report with its conclusion and PDF.
        Assert.NotNull(await DetailAsync("その他の文書", "経過記録（病棟）", "明日より歩行訓練開始。"));
        var report = await DetailAsync("検査レポート", "HbA1c 高値。血糖コントロール不良。");
        using var reportPdf = await client.GetAsync(new Uri(report.QuerySelector("a[href*='/content/']")!.GetAttribute("href")!, UriKind.Relative));
        Assert.Equal("application/pdf", reportPdf.Content.Headers.ContentType?.MediaType);
    }
}
