using System.Net;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.FacilityAdmin;

/// <summary>
/// Who may use /facility/users: the 管理責任者 with 利用者の管理, for their own facility's users only.
/// Another facility's user is "not found" for every action (and the refusal is logged with ids);
/// staff without the right, an administrator role without the right, and council staff are refused.
/// </summary>
public sealed class FacilityUserAuthorizationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string[] Reads = ["/facility", "/facility/users", "/facility/users/new", "/facility/users/{id}", "/facility/users/{id}/edit"];
    private static readonly string[] Actions = ["disable", "enable", "reset-password", "unlock", "sign-out"];

    [Fact]
    public async Task Every_action_on_another_facilitys_user_answers_404_changes_nothing_and_is_logged()
    {
        var (_, admin) = await portal.FacilityWithAdministratorAsync("自院クリニック");
        var (otherFacility, _) = await portal.FacilityWithAdministratorAsync("他院クリニック");
        var victim = await portal.AddMemberAsync(otherFacility, otherFacility.Code + "-02");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        var home = await client.GetDocumentAsync("/facility/users");

        foreach (var path in new[] { $"/facility/users/{victim.Id}", $"/facility/users/{victim.Id}/edit" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }

        foreach (var action in Actions.Append("edit"))
        {
            using var response = await client.PostWithTokenAsync(home, $"/facility/users/{victim.Id}/{action}", new Dictionary<string, string>
            {
                ["version"] = victim.ConcurrencyStamp!,
                ["DisplayName"] = "乗っ取り　太郎",
                ["DisplayNameKana"] = "ノットリ　タロウ",
                ["Email"] = "attacker@example.jp",
                ["Job"] = nameof(StaffJob.Other),
                ["ManageUsers"] = "true",
            });
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{action}: {response.StatusCode}");
        }

        var stored = await portal.ReloadUserAsync(victim.Id);
        Assert.Equal((victim.DisplayName, victim.SecurityStamp, victim.ConcurrencyStamp, (DateTime?)null, victim.Email),
            (stored.DisplayName, stored.SecurityStamp, stored.ConcurrencyStamp, stored.DisabledAtUtc, stored.Email));
        Assert.Empty(await portal.UserEventsAsync(victim.Id));
        Assert.Empty(await portal.OutboxAsync(m => m.ToAddress == victim.Email));
        var log = await portal.ReadLogsOnceTheyContainAsync("User administration SignOut refused");
        foreach (var action in new[] { "view", "edit", "Disable", "Enable", "ResetPassword", "Unlock", "SignOut" })
        {
            Assert.Contains($"User administration {action} refused: user {victim.Id} is not in facility", log, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("乗っ取り", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_user_id_answers_404()
    {
        var (_, admin) = await portal.FacilityWithAdministratorAsync("不明IDクリニック");
        using var client = await portal.SignedInClientAsync(admin.UserName!);

        using var response = await client.GetAsync(new Uri($"/facility/users/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(PortalRoles.Staff, UserRights.ViewClinicalData | UserRights.RegisterPatientLinks)]
    [InlineData(PortalRoles.FacilityAdministrator, UserRights.ViewClinicalData)]
    [InlineData(PortalRoles.Staff, UserRights.ManageUsers)]
    public async Task Facility_members_without_the_administrator_role_and_the_manage_users_right_are_refused_everything(string role, UserRights rights)
    {
        var (facility, _) = await portal.FacilityWithAdministratorAsync("権限なしクリニック" + role + (int)rights);
        var member = await portal.AddMemberAsync(facility, facility.Code + "-02", role, rights);
        var target = await portal.AddMemberAsync(facility, facility.Code + "-03");
        using var client = await portal.SignedInClientAsync(member.UserName!);

        await AssertRefusedEverythingAsync(client, target);
    }

    [Fact]
    public async Task Council_staff_are_refused_everything()
    {
        var (facility, _) = await portal.FacilityWithAdministratorAsync("協議会確認クリニック");
        var target = await portal.AddMemberAsync(facility, facility.Code + "-02");
        using var client = await portal.CouncilStaffClientAsync("council.facility-users");

        await AssertRefusedEverythingAsync(client, target);
    }

    [Fact]
    public async Task Nobody_signed_in_is_sent_to_the_sign_in_page()
    {
        using var client = portal.CreatePortalClient();

        foreach (var path in Reads)
        {
            using var response = await client.GetAsync(new Uri(path.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal), UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("https://localhost/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_header_links_to_the_console_for_the_administrator_only()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("ヘッダー確認クリニック");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        using var adminClient = await portal.SignedInClientAsync(admin.UserName!);
        using var staffClient = await portal.SignedInClientAsync(staff.UserName!);

        var adminHome = await adminClient.GetDocumentAsync("/");
        var staffHome = await staffClient.GetDocumentAsync("/");
        var console = await adminClient.GetDocumentAsync("/facility");

        Assert.Equal("/facility", adminHome.GetElementById("facility-admin-link")!.GetAttribute("href"));
        Assert.Null(staffHome.GetElementById("facility-admin-link"));
        var links = console.QuerySelectorAll(".fa-console a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(new[] { "/facility/users", "/facility/terminals", "/facility/incidents", "/facility/access-log", "/facility/passkey-sign-in" }, links);
    }

    private async Task AssertRefusedEverythingAsync(HttpClient client, PortalUser target)
    {
        var home = await client.GetDocumentAsync("/");
        foreach (var path in Reads)
        {
            using var response = await client.GetAsync(new Uri(path.Replace("{id}", target.Id, StringComparison.Ordinal), UriKind.Relative));
            AssertDenied(response, path);
        }

        foreach (var action in Actions.Append("edit"))
        {
            using var response = await client.PostWithTokenAsync(home, $"/facility/users/{target.Id}/{action}", new Dictionary<string, string>
            {
                ["version"] = target.ConcurrencyStamp!,
                ["DisplayName"] = "権限外　太郎",
            });
            AssertDenied(response, action);
        }

        using var create = await client.PostWithTokenAsync(home, "/facility/users/new", FacilityAdminSteps.Nurse("kengen-gai@example.jp"));
        AssertDenied(create, "new");
        var stored = await portal.ReloadUserAsync(target.Id);
        Assert.Equal((target.ConcurrencyStamp, (DateTime?)null), (stored.ConcurrencyStamp, stored.DisabledAtUtc));
        Assert.Null(await portal.FindUserByEmailAsync("kengen-gai@example.jp"));
    }

    private static void AssertDenied(HttpResponseMessage response, string path)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
        Assert.StartsWith("https://localhost/account/access-denied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
