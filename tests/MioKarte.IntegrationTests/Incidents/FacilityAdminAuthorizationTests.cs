using System.Net;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.AccessLog;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Incidents;

/// <summary>
/// Who reaches the incident and access-log pages of a facility: its 管理責任者 with the right, for
/// its own records only. Another facility's incident is "not found" (and the attempt is logged
/// with ids only); staff without the right are refused every page.
/// </summary>
public sealed class FacilityAdminAuthorizationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string[] FacilityPages = ["/facility/incidents", "/facility/incidents/new", "/facility/access-log", "/facility/access-log/export.csv"];

    [Fact]
    public async Task Another_facilitys_incident_is_not_found_for_reading_or_commenting_and_the_attempt_is_logged()
    {
        var mine = await portal.AddFacilityAsync("自施設医院");
        var theirs = await portal.AddFacilityAsync("他施設医院");
        await portal.CreateFacilityAdministratorAsync("az.theirs", theirs.Id);
        using var other = await portal.SignedInClientAsync("az.theirs");
        var foreignId = await other.ReportSuccessfullyAsync(new Dictionary<string, string>(IncidentSteps.LostTerminal()) { ["Kind"] = "Other" });
        var version = (await portal.IncidentAsync(foreignId)).Version;
        await portal.CreateFacilityAdministratorAsync("az.mine", mine.Id);
        using var admin = await portal.SignedInClientAsync("az.mine");

        var read = new HttpRequestMessage(HttpMethod.Get, $"/facility/incidents/{foreignId}");
        read.Headers.Add("X-Request-Id", "az-foreign-read");
        using var readResponse = await admin.SendAsync(read);
        var ownPage = await admin.GetDocumentAsync("/facility/incidents");
        using var comment = await admin.PostWithTokenAsync(ownPage, $"/facility/incidents/{foreignId}/comment",
            new Dictionary<string, string> { ["version"] = version.ToString(), ["comment"] = "他施設への書き込み" });

        Assert.Equal(HttpStatusCode.NotFound, readResponse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, comment.StatusCode);
        Assert.Equal(version, (await portal.IncidentAsync(foreignId)).Version);
        Assert.DoesNotContain(foreignId.ToString(), (await admin.GetDocumentAsync("/facility/incidents")).Body!.InnerHtml, StringComparison.Ordinal);
        var log = await portal.ReadLogsOnceTheyContainAsync("is not an incident of facility");
        var line = log.Split('\n').First(l => l.Contains("is not an incident of facility", StringComparison.Ordinal) && l.Contains(foreignId.ToString(), StringComparison.Ordinal));
        Assert.Contains(mine.Id.ToString(), line, StringComparison.Ordinal);
        Assert.DoesNotContain("az.mine", line, StringComparison.Ordinal); // ids only, not the 利用者ID
    }

    [Fact]
    public async Task Staff_without_the_manage_right_and_council_staff_are_refused_every_facility_page()
    {
        var facility = await portal.AddFacilityAsync("権限なし医院");
        await portal.CreateMemberWithRightsAsync("az.staff", PortalRoles.Staff, facility.Id, UserRights.ViewClinicalData | UserRights.RegisterPatientLinks);
        await portal.CreateMemberWithRightsAsync("az.nomanage", PortalRoles.FacilityAdministrator, facility.Id, UserRights.ViewClinicalData);
        await portal.EnsureCouncilStaffAsync("az.council");

        foreach (var userName in new[] { "az.staff", "az.nomanage", "az.council" })
        {
            using var client = await portal.SignedInClientAsync(userName);
            foreach (var path in FacilityPages)
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                var location = response.Headers.Location?.OriginalString ?? "";
                Assert.True(
                    response.StatusCode == HttpStatusCode.Forbidden || location.Contains("/account/access-denied", StringComparison.Ordinal),
                    $"{userName} {path}: {(int)response.StatusCode} {location}");
            }
        }

        var exports = await portal.AccessLogRowsAsync(e => e.Action == AccessAction.AccessLogExport && e.FacilityId == facility.Id);
        Assert.Empty(exports);
    }

    [Fact]
    public async Task Facility_staff_cannot_reach_the_councils_incident_and_access_log_pages()
    {
        var facility = await portal.AddFacilityAsync("協議会ページ確認医院");
        await portal.CreateFacilityAdministratorAsync("az.admin", facility.Id);
        using var admin = await portal.SignedInClientAsync("az.admin");

        foreach (var path in new[] { "/council/incidents", "/council/access-log", "/council/access-log/export.csv" })
        {
            using var response = await admin.GetAsync(new Uri(path, UriKind.Relative));
            var location = response.Headers.Location?.OriginalString ?? "";
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden || location.Contains("/account/access-denied", StringComparison.Ordinal),
                $"{path}: {(int)response.StatusCode} {location}");
        }
    }

    [Fact]
    public async Task The_administrator_with_the_right_reaches_every_facility_page()
    {
        var facility = await portal.AddFacilityAsync("権限あり医院");
        await portal.CreateFacilityAdministratorAsync("az.ok", facility.Id);
        using var admin = await portal.SignedInClientAsync("az.ok");

        foreach (var path in FacilityPages)
        {
            using var response = await admin.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }
}
