using System.Net;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.FacilityAdmin;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>パスワードの変更 on マイページ: policy, re-authentication, the other sessions end, the history row.</summary>
public sealed class ChangePasswordTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string NewPassword = "Jibun-de-Kaeta-2026!";

    [Fact]
    public async Task A_user_changes_their_password_their_other_sessions_end_and_the_change_is_in_the_history()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("パスワード変更クリニック");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        using var other = await portal.SignedInClientAsync(staff.UserName!);
        using var client = await portal.SignedInClientAsync(staff.UserName!);
        var profile = await client.GetDocumentAsync("/account");
        Assert.NotNull(profile.QuerySelector("a[href='/account/password']"));

        using var changed = await SubmitAsync(client, PortalFactory.TestPassword, NewPassword, NewPassword);

        Assert.Equal("/account", changed.Headers.Location?.OriginalString);
        var after = await client.FollowAsync(changed);
        Assert.Equal("パスワードを変更しました。この端末以外でログイン中のセッションは終了しました。", after.GetElementById("password-changed")!.TextContent);
        Assert.True(await client.IsSignedInAsync());
        Assert.False(await other.IsSignedInAsync());
        using var oldPassword = portal.CreatePortalClient();
        using var refused = await oldPassword.SignInAsync(staff.UserName!, PortalFactory.TestPassword);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        using var fresh = await portal.SignedInClientAsync(staff.UserName!, NewPassword);
        var row = Assert.Single(await portal.UserEventsAsync(staff.Id));
        Assert.Equal((UserEventKind.PasswordChanged, staff.Id, facility.Id), (row.Kind, row.ActorId, row.FacilityId));
        using var adminClient = await portal.SignedInClientAsync(admin.UserName!);
        var userPage = await adminClient.GetDocumentAsync($"/facility/users/{staff.Id}");
        Assert.Contains("パスワードの変更（本人）", userPage.GetElementById("user-history")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_current_password_is_refused_in_japanese_and_counts_towards_the_lockout()
    {
        await portal.CreateUserAsync("pw.wrong", PortalRoles.Staff);
        using var client = await portal.SignedInClientAsync("pw.wrong");

        using var response = await SubmitAsync(client, "Chigau-Passw0rd-2026!", NewPassword, NewPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("現在のパスワードが正しくありません。", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await FailedCountAsync("pw.wrong"));
        Assert.True(await PasswordIsAsync("pw.wrong", PortalFactory.TestPassword));
        Assert.All(page.QuerySelectorAll("input[type=password]"), i => Assert.Equal("", i.GetAttribute("value") ?? ""));
    }

    [Theory]
    [InlineData("Mijikai-1!", "Mijikai-1!", "パスワードは13文字以上にしてください。")]
    [InlineData(NewPassword, "Betsu-no-Passw0rd-2026!", "確認用のパスワードが一致しません。")]
    [InlineData(PortalFactory.TestPassword, PortalFactory.TestPassword, "新しいパスワードが現在のパスワードと同じです。")]
    [InlineData("", "", "新しいパスワードを入力してください。")]
    public async Task A_new_password_that_breaks_the_rules_is_explained_in_japanese_and_nothing_changes(string password, string confirm, string message)
    {
        var userName = "pw.rule." + Guid.NewGuid().ToString("N")[..8];
        await portal.CreateUserAsync(userName, PortalRoles.Staff);
        using var client = await portal.SignedInClientAsync(userName);

        using var response = await SubmitAsync(client, PortalFactory.TestPassword, password, confirm);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, (await HtmlClient.ParseAsync(response)).Body!.TextContent, StringComparison.Ordinal);
        Assert.True(await PasswordIsAsync(userName, PortalFactory.TestPassword));
    }

    [Fact]
    public async Task A_new_password_holding_the_user_id_is_refused_in_japanese()
    {
        const string userName = "pw.own.id";
        await portal.CreateUserAsync(userName, PortalRoles.Staff);
        using var client = await portal.SignedInClientAsync(userName);

        using var response = await SubmitAsync(client, PortalFactory.TestPassword, "Pw.Own.Id-2026!x", "Pw.Own.Id-2026!x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("パスワードに利用者IDを含めることはできません。", (await HtmlClient.ParseAsync(response)).Body!.TextContent, StringComparison.Ordinal);
        Assert.True(await PasswordIsAsync(userName, PortalFactory.TestPassword));
    }

    [Fact]
    public async Task Ten_minutes_after_sign_in_the_form_asks_to_re_authenticate_and_a_post_changes_nothing()
    {
        await portal.CreateUserAsync("pw.stale", PortalRoles.Staff);
        using var client = await portal.SignedInClientAsync("pw.stale");
        var page = await client.GetDocumentAsync("/account/password");
        portal.Clock.Advance(TimeSpan.FromMinutes(11));

        using var posted = await client.SubmitAsync(page.Form("/account/password"), Values(PortalFactory.TestPassword, NewPassword, NewPassword));

        Assert.Equal("/account/reauthenticate?returnUrl=%2Faccount%2Fpassword", posted.Headers.Location?.OriginalString);
        Assert.True(await PasswordIsAsync("pw.stale", PortalFactory.TestPassword));
        using var back = await client.ReauthenticateAsync(posted);
        Assert.Equal("/account/password", back.Headers.Location?.OriginalString);
        using var form = await client.GetAsync(new Uri("/account/password", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        await portal.CreateUserAsync("pw.csrf", PortalRoles.Staff);
        using var client = await portal.SignedInClientAsync("pw.csrf");

        using var response = await client.PostAsync(new Uri("/account/password", UriKind.Relative),
            new FormUrlEncodedContent(Values(PortalFactory.TestPassword, NewPassword, NewPassword)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await PasswordIsAsync("pw.csrf", PortalFactory.TestPassword));
    }

    [Fact]
    public async Task The_login_page_speaks_of_the_password_each_person_chose_not_one_notified_by_the_administrator()
    {
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync("/account/login");

        Assert.DoesNotContain("管理責任者から通知された", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("ご自身で設定したパスワード", page.Body!.TextContent, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string current, string password, string confirm)
    {
        var page = await client.GetDocumentAsync("/account/password");
        return await client.SubmitAsync(page.Form("/account/password"), Values(current, password, confirm));
    }

    private static Dictionary<string, string> Values(string current, string password, string confirm) => new()
    {
        ["CurrentPassword"] = current,
        ["NewPassword"] = password,
        ["ConfirmPassword"] = confirm,
    };

    private Task<int> FailedCountAsync(string userName) =>
        portal.WithServiceAsync<int, UserManager<PortalUser>>(async users => await users.GetAccessFailedCountAsync((await users.FindByNameAsync(userName))!));

    private Task<bool> PasswordIsAsync(string userName, string password) =>
        portal.WithServiceAsync<bool, UserManager<PortalUser>>(async users => await users.CheckPasswordAsync((await users.FindByNameAsync(userName))!, password));
}
