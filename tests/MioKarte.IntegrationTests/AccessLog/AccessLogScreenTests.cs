using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Patients;
using MioKarte.IntegrationTests.Incidents;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.AccessLog;

/// <summary>
/// 閲覧記録の画面: the facility's 管理責任者 sees its own people's rows (with the facility's 患者ID
/// and the terminal), filters them and exports them as CSV for Excel (the export is itself logged);
/// the council sees every facility, filters by facility and verifies the chain.
/// </summary>
public sealed class AccessLogScreenTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_administrator_sees_the_facilitys_rows_only_with_patient_ids_terminals_and_users()
    {
        var (facility, _, patient, _) = await SeedAsync("画面");
        await portal.CreateFacilityAdministratorAsync("al.admin1", facility.Id);
        using var admin = await portal.SignedInClientAsync("al.admin1");

        var page = await admin.GetDocumentAsync("/facility/access-log");

        var rows = page.QuerySelectorAll(".access-log-table tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => r.Contains("閲覧 一郎", StringComparison.Ordinal) && r.Contains(patient.LocalPatientId, StringComparison.Ordinal) && r.Contains("診察室PC", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("非常時", StringComparison.Ordinal) && r.Contains("非常時アクセスの開始", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("他院 職員", StringComparison.Ordinal));
        Assert.DoesNotContain(patient.NameKanji, page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_table_row_names_the_hospitals_it_showed_instead_of_internal_link_ids()
    {
        var facility = await portal.AddFacilityAsync("閲覧記録病院名クリニック");
        var hospitalA = await portal.AddFacilityAsync("記録中央病院", role: FacilityRole.Disclosing);
        var hospitalB = await portal.AddFacilityAsync("記録西病院", role: FacilityRole.Disclosing);
        var patient = await portal.AddPatientAsync(facility.Id, "HN-001", "病院 花子");
        var links = new List<PatientLink>();
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            foreach (var hospital in new[] { hospitalA, hospitalB })
            {
                var link = PatientLink.Create(patient, hospital.Id, "P-" + hospital.Code, new DateOnly(2026, 11, 1), "受付", null, "seed", portal.Clock.GetUtcNow().UtcDateTime);
                db.PatientLinks.Add(link);
                links.Add(link);
            }

            await db.SaveChangesAsync();
        }

        await portal.AppendAsync(AccessLogSteps.Actor("al.hospitals-viewer", facility.Id, "閲覧 三郎"), new AccessRecord(
            AccessAction.PatientRecord, patient.Id, Target: "links:" + string.Join(',', links.Select(l => l.Id.ToString("N")))));
        await portal.AppendAsync(AccessLogSteps.Actor("al.hospitals-viewer", facility.Id, "閲覧 三郎"), new AccessRecord(
            AccessAction.RecordDetail, patient.Id, links[0].Id, Target: "LabResult/20261001"));
        await portal.AppendAsync(AccessLogSteps.Actor("al.hospitals-viewer", facility.Id, "閲覧 三郎"), new AccessRecord(
            AccessAction.LabTrend, patient.Id, Target: "LabItem/9edeVWoTRWwu2X-yWgiP1g"));
        await portal.AppendAsync(AccessLogSteps.Actor("al.hospitals-viewer", facility.Id, "閲覧 三郎"), new AccessRecord(
            AccessAction.PrintSummary, patient.Id, Target: "Summary/20260908-20261207/Prescription+Injection+LabResult"));
        await portal.AppendAsync(AccessLogSteps.Actor("al.hospitals-viewer", facility.Id, "閲覧 三郎"), new AccessRecord(
            AccessAction.Image, patient.Id, links[0].Id, Target: "Content/abc123"));
        await portal.CreateFacilityAdministratorAsync("al.hospitals-admin", facility.Id);
        using var admin = await portal.SignedInClientAsync("al.hospitals-admin");

        var rows = (await admin.GetDocumentAsync("/facility/access-log")).QuerySelectorAll(".access-log-table tbody tr").Select(r => r.TextContent).ToList();

        // Newest first; every target as a reader says it, none as stored.
        Assert.Equal(5, rows.Count);
        Assert.Contains("画像・文書", rows[0], StringComparison.Ordinal);
        Assert.Contains("サマリ印刷 2026/09/08〜2026/12/07（処方・注射・検査結果）", rows[1], StringComparison.Ordinal);
        Assert.Contains("検査結果の推移", rows[2], StringComparison.Ordinal);
        Assert.Contains("検査結果 2026/10/01〜", rows[3], StringComparison.Ordinal);
        Assert.Contains("一連の表（記録中央病院、記録西病院）", rows[4], StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.Contains("links:", StringComparison.Ordinal) || r.Contains("LabResult/", StringComparison.Ordinal)
            || r.Contains("LabItem", StringComparison.Ordinal) || r.Contains("Summary", StringComparison.Ordinal) || r.Contains("Content", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_filters_narrow_the_rows_by_user_patient_action_emergency_and_japan_days()
    {
        var (facility, _, patient, second) = await SeedAsync("絞込");
        await portal.CreateFacilityAdministratorAsync("al.admin2", facility.Id);
        using var admin = await portal.SignedInClientAsync("al.admin2");

        async Task<int> CountAsync(string query) =>
            (await admin.GetDocumentAsync("/facility/access-log?" + query)).QuerySelectorAll(".access-log-table tbody tr").Length;

        Assert.Equal(2, await CountAsync("user=al.viewer1-絞込"));
        Assert.Equal(1, await CountAsync("patient=" + second.LocalPatientId));
        Assert.Equal(2, await CountAsync("patient=" + patient.LocalPatientId));
        Assert.Equal(1, await CountAsync("action=EmergencyAccess"));
        Assert.Equal(1, await CountAsync("emergency=true"));
        // The rows were written at 2026-11-23 00:00 UTC = 09:00 on the 23rd in Japan.
        Assert.Equal(3, await CountAsync("from=2026-11-23&to=2026-11-23"));
        Assert.Equal(0, await CountAsync("from=2026-11-22&to=2026-11-22"));
        Assert.Equal(3, await CountAsync("from=" + Uri.EscapeDataString("令和8年11月23日") + "&to=2026/11/23"));
        var wrong = await admin.GetDocumentAsync("/facility/access-log?from=2026-13-40&action=Nothing");
        Assert.Contains("期間（から）の日付を", wrong.QuerySelector("#filter-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, wrong.QuerySelectorAll(".access-log-table tbody tr").Length);
    }

    [Fact]
    public async Task The_csv_has_japanese_headers_for_excel_the_filtered_rows_and_the_export_is_logged()
    {
        var (facility, _, patient, _) = await SeedAsync("CSV");
        await portal.CreateFacilityAdministratorAsync("al.admin3", facility.Id, "出力 管理者");
        using var admin = await portal.SignedInClientAsync("al.admin3");

        using var response = await admin.GetAsync(new Uri("/facility/access-log/export.csv?patient=" + patient.LocalPatientId, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("access-log_20261123.csv", response.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal("閲覧記録_20261123.csv", response.Content.Headers.ContentDisposition.FileNameStar);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("連番,日時,施設コード,施設名,利用者ID,利用者,端末,患者ID,操作,対象,非常時,リクエストID,開示施設,開示施設の患者ID,非常時アクセスの理由,非常時アクセスの利用者,非常時アクセスの開始,非常時アクセスの終了", lines[0]);
        Assert.Equal(2, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains($",{patient.LocalPatientId},", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",2026/11/23 09:00:00,", StringComparison.Ordinal) && l.Contains(",al.viewer1-CSV,閲覧 一郎,診察室PC,", StringComparison.Ordinal)
                                    && l.Contains(",一連の表,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",非常時アクセスの開始,", StringComparison.Ordinal) && l.Contains(",非常時,", StringComparison.Ordinal));

        var export = Assert.Single(await portal.AccessLogRowsAsync(e => e.Action == AccessAction.AccessLogExport && e.UserName == "al.admin3"));
        Assert.Equal(facility.Id, export.FacilityId);
        Assert.Equal("csv;patient=" + patient.LocalPatientId, export.Target);
        Assert.True((await portal.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task The_council_sees_every_facility_filters_by_facility_and_exports_with_the_facility_columns()
    {
        var (facility, other, _, _) = await SeedAsync("協議会");
        using var council = await portal.CouncilStaffClientAsync("al.council", "協議会 閲覧者");

        var all = await council.GetDocumentAsync("/council/access-log?user=al.other-協議会");
        Assert.Single(all.QuerySelectorAll(".access-log-table tbody tr"));
        var mine = await council.GetDocumentAsync("/council/access-log?facility=" + facility.Code.ToLowerInvariant());
        Assert.Equal(3, mine.QuerySelectorAll(".access-log-table tbody tr").Length);
        Assert.All(mine.QuerySelectorAll(".access-log-table tbody tr"), r => Assert.Contains(facility.Code, r.TextContent, StringComparison.Ordinal));

        using var csv = await council.GetAsync(new Uri("/council/access-log/export.csv?facility=" + other.Code, UriKind.Relative));
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains($",{other.Code},{other.Name},al.other-協議会,他院 職員,", text, StringComparison.Ordinal);
        var export = Assert.Single(await portal.AccessLogRowsAsync(e => e.Action == AccessAction.AccessLogExport && e.UserName == "al.council"));
        Assert.Null(export.FacilityId);
    }

    [Fact]
    public async Task The_councils_verify_button_reports_an_intact_chain_and_no_page_offers_to_change_a_row()
    {
        await SeedAsync("検証");
        using var council = await portal.CouncilStaffClientAsync("al.council2");
        var page = await council.GetDocumentAsync("/council/access-log");

        using var response = await council.SubmitAsync(page.Form("/council/access-log/verify"), new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await HtmlClient.ParseAsync(response);
        Assert.Contains("閲覧記録は改ざんされていません", result.QuerySelector("#verification-result")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(page.QuerySelectorAll("form"), f => f.GetAttribute("method") == "post" && f.GetAttribute("action") != "/council/access-log/verify"
                                                                && f.GetAttribute("action")!.Contains("access-log", StringComparison.Ordinal));
    }

    /// <summary>
    /// Two facilities; in the first, one user viewed a patient's record from a terminal, the same
    /// user started an emergency access to it, and another user opened a second patient; in the
    /// other facility someone else viewed a patient of theirs.
    /// </summary>
    private async Task<(Facility Facility, Facility Other, FacilityPatient Patient, FacilityPatient Second)> SeedAsync(string label)
    {
        var facility = await portal.AddFacilityAsync($"閲覧記録{label}クリニック");
        var other = await portal.AddFacilityAsync($"閲覧記録{label}他院");
        var patient = await portal.AddPatientAsync(facility.Id, $"{label}-001", "記録 花子");
        var second = await portal.AddPatientAsync(facility.Id, $"{label}-002", "記録 次郎");
        var theirs = await portal.AddPatientAsync(other.Id, $"{label}-001", "他院 患者");
        var viewer = AccessLogSteps.Actor($"al.viewer1-{label}", facility.Id, "閲覧 一郎", "診察室PC");
        await portal.AppendAsync(viewer, new AccessRecord(AccessAction.PatientRecord, patient.Id, Target: "Timeline"));
        await portal.AppendAsync(viewer, new AccessRecord(AccessAction.EmergencyAccess, patient.Id, IsEmergency: true));
        await portal.AppendAsync(AccessLogSteps.Actor($"al.viewer2-{label}", facility.Id, "閲覧 二郎"), new AccessRecord(AccessAction.RecordDetail, second.Id, Target: "LabResult/x1"));
        await portal.AppendAsync(AccessLogSteps.Actor($"al.other-{label}", other.Id, "他院 職員"), new AccessRecord(AccessAction.PatientRecord, theirs.Id));
        return (facility, other, patient, second);
    }
}
