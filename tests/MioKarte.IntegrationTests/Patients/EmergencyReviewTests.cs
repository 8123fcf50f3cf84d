using System.Net;
using System.Text;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Patients;

/// <summary>
/// 非常時アクセス reviewed: the access log (both screens and the CSV) names the reason, the hospital,
/// the patient there, the user and the period; the council's list; the physician ends a grant early;
/// a record that can no longer be shown says why (consent withdrawn, grant over).
/// </summary>
public sealed class EmergencyReviewTests(LinkingPortal portal) : IClassFixture<LinkingPortal>
{
    private const string Reason = "夜間救急で搬送、抗凝固薬の処方歴を確認";

    [Fact]
    public async Task The_access_log_shows_the_grants_reason_hospital_patient_user_and_period_to_the_council_and_the_facility_and_in_the_csv()
    {
        var (client, clinic, user) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Physician);
        var patient = portal.Patients[0];
        var hospital = portal.Hospitals[patient.FacilityCode];
        using var started = await StartAsync(client, 0);
        var grantId = GrantIdOf(started);
        using var council = await portal.CouncilStaffClientAsync("emergency.council");
        using var admin = await portal.SignedInClientAsync(user.UserName!.Replace("-user", "-admin", StringComparison.Ordinal));

        foreach (var (reader, path) in new[] { (council, "/council/access-log?emergency=true&facility=" + clinic.Code), (admin, "/facility/access-log?emergency=true") })
        {
            var page = await reader.GetDocumentAsync(path);
            var start = page.QuerySelectorAll(".access-log-table tbody tr").Single(r => r.TextContent.Contains("非常時アクセスの開始", StringComparison.Ordinal));
            var facts = start.QuerySelector("dl.access-log-grant")!.TextContent;
            Assert.Contains(Reason, facts, StringComparison.Ordinal);
            Assert.Contains(hospital.Name, facts, StringComparison.Ordinal);
            Assert.Contains(patient.PatientId, facts, StringComparison.Ordinal);
            Assert.Contains("試験 医師", facts, StringComparison.Ordinal);
            Assert.Contains("2026/11/24", facts, StringComparison.Ordinal);
            Assert.DoesNotContain(patient.NameKanji, page.Body!.TextContent, StringComparison.Ordinal);
        }

        using var csv = await council.GetAsync(new Uri($"/council/access-log/export.csv?grant={grantId}", UriKind.Relative));
        var lines = Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync())[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",開示施設,開示施設の患者ID,非常時アクセスの理由,非常時アクセスの利用者,非常時アクセスの開始,非常時アクセスの終了", lines[0], StringComparison.Ordinal);
        Assert.True(lines.Length >= 2);
        Assert.All(lines.Skip(1), l => Assert.Contains($",{hospital.Name},{patient.PatientId},{Reason},試験 医師,", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_council_lists_the_grants_newest_first_and_links_each_to_its_access_log_rows()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Physician);
        using var first = await StartAsync(client, 0);
        portal.Clock.Advance(TimeSpan.FromMinutes(5));
        using var second = await StartAsync(client, 1);
        using var council = await portal.CouncilStaffClientAsync("emergency.council");

        var list = await council.GetDocumentAsync("/council/emergency-access");

        var rows = list.QuerySelectorAll("#emergency-grants tbody tr").Select(r => r.GetAttribute("data-grant")).ToList();
        Assert.True(rows.IndexOf(GrantIdOf(second).ToString()) < rows.IndexOf(GrantIdOf(first).ToString()));
        var row = list.QuerySelector($"#emergency-grants tr[data-grant='{GrantIdOf(second)}']")!;
        Assert.Contains(Reason, row.TextContent, StringComparison.Ordinal);
        Assert.Contains(clinic.Name, row.TextContent, StringComparison.Ordinal);
        Assert.Contains(portal.Patients[1].PatientId, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("有効中", row.TextContent, StringComparison.Ordinal);
        Assert.NotNull(list.QuerySelector("nav a[href='/council/emergency-access']"));
        var log = await council.GetDocumentAsync(row.QuerySelector("a.grant-access-log")!.GetAttribute("href")!);
        var targets = log.QuerySelectorAll(".access-log-table tbody tr").ToList();
        Assert.NotEmpty(targets);
        Assert.All(targets, r => Assert.Contains($"EmergencyAccessGrant/{GrantIdOf(second)}", r.TextContent, StringComparison.Ordinal));
        Assert.NotNull(log.GetElementById("grant-filter"));
    }

    [Fact]
    public async Task A_physician_ends_their_own_grant_early_and_the_record_then_says_the_period_is_over()
    {
        var (client, clinic, user) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Physician);
        using var started = await StartAsync(client, 0);
        var grantId = GrantIdOf(started);
        var form = await client.GetDocumentAsync("/patients/emergency");
        Assert.NotNull(form.QuerySelector($"#own-grants li[data-grant='{grantId}']"));

        // Another physician cannot end it, and a post without the token is refused.
        var (colleague, _, _) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Physician);
        var colleaguePage = await colleague.GetDocumentAsync("/patients/emergency");
        using var notTheirs = await colleague.PostWithTokenAsync(colleaguePage, $"/patients/emergency/{grantId}/end", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        using var forged = await client.PostAsync(new Uri($"/patients/emergency/{grantId}/end", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var stillOpen = await client.GetAsync(new Uri($"/patients/emergency/{grantId}/record", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);

        using var ended = await client.SubmitAsync(form.Form($"/patients/emergency/{grantId}/end"), new Dictionary<string, string>());

        var after = await client.FollowAsync(ended);
        Assert.NotNull(after.GetElementById("emergency-ended"));
        Assert.Null(after.QuerySelector($"#own-grants li[data-grant='{grantId}']"));
        using var record = await client.GetAsync(new Uri($"/patients/emergency/{grantId}/record", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, record.StatusCode);
        var page = await HtmlClient.ParseAsync(record);
        Assert.Contains("非常時アクセスの期間は終了しました", page.GetElementById("record-gone")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(portal.Patients[0].NameKanji, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(portal.Patients[0].PatientId, page.Body!.TextContent, StringComparison.Ordinal);
        using var grantPage = await client.GetAsync(new Uri($"/patients/emergency/{grantId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, grantPage.StatusCode);
        Assert.Single(await portal.AccessLogOfAsync(clinic.Id), e => e.Action == AccessAction.EmergencyAccessEnded && e.UserId == user.Id && e.Target == $"EmergencyAccessGrant/{grantId}");
        // The colleague still gets the plain 404 for it: nothing says it exists.
        using var colleagueRecord = await colleague.GetAsync(new Uri($"/patients/emergency/{grantId}/record", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, colleagueRecord.StatusCode);
    }

    [Fact]
    public async Task A_record_tab_opened_before_the_consent_was_withdrawn_says_so_and_the_access_log_names_the_hospital()
    {
        var (client, clinic, user) = await portal.ClinicUserAsync();
        var patient = portal.Patients[0];
        using var linked = await client.SubmitLinkAsync(portal.SheetOf(patient, "WD-1"));
        var links = await client.FollowAsync(linked);
        var link = Assert.Single(await portal.LinksOfAsync(clinic.Id));
        var recordPath = $"/patients/{link.FacilityPatientId}";
        var table = await client.GetDocumentAsync(recordPath + "?zoom=month&from=2000-01-01&to=2030-12-31");
        var detailPath = table.QuerySelector("a.cell[href]")!.GetAttribute("href")!;

        using var withdrawn = await client.SubmitAsync(links.Form($"/patients/{link.FacilityPatientId}/links/{link.Id}/withdraw"),
            new Dictionary<string, string> { ["reason"] = "患者さまから撤回の申し出" });

        foreach (var path in new[] { recordPath, detailPath, detailPath + "&partial=true" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            var page = await HtmlClient.ParseAsync(response);
            Assert.Contains("この患者の同意は撤回されました（2026/11/23", page.GetElementById("record-gone")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(portal.Hospitals[patient.FacilityCode].Name, page.GetElementById("record-gone")!.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain(patient.NameKanji, page.Body!.TextContent, StringComparison.Ordinal);
        }

        // An id that was never this facility's stays a plain 404.
        var (other, _, _) = await portal.ClinicUserAsync();
        using var foreign = await other.GetAsync(new Uri(recordPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        using var admin = await portal.SignedInClientAsync(user.UserName!.Replace("-user", "-admin", StringComparison.Ordinal));
        var log = await admin.GetDocumentAsync("/facility/access-log?action=ConsentWithdrawn");
        var row = Assert.Single(log.QuerySelectorAll(".access-log-table tbody tr"));
        Assert.Contains("開示施設：" + portal.Hospitals[patient.FacilityCode].Name, row.TextContent, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> StartAsync(HttpClient client, int patientIndex)
    {
        var patient = portal.Patients[patientIndex];
        var form = await client.GetDocumentAsync("/patients/emergency");
        var response = await client.SubmitAsync(form.Form("/patients/emergency"), new Dictionary<string, string>
        {
            ["DisclosingFacilityId"] = portal.Hospitals[patient.FacilityCode].Id.ToString(),
            ["DisclosingPatientId"] = patient.PatientId,
            ["Reason"] = Reason,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private static Guid GrantIdOf(HttpResponseMessage started) => Guid.Parse(started.Headers.Location!.OriginalString.Split('/')[^1]);
}
