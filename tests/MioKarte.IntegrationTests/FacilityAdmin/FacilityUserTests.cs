using System.Net;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.FacilityAdmin;

/// <summary>利用者の管理 by the 管理責任者: each action, the allowance, the last administrator, concurrency and the mailed link.</summary>
public sealed class FacilityUserTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_administrator_adds_a_nurse_who_sets_her_own_password_and_authenticator_from_the_mailed_link()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("看護師登録クリニック");
        using var client = await portal.SignedInClientAsync(admin.UserName!);

        using var response = await client.AddUserAsync(FacilityAdminSteps.Nurse("kango.hanako@example.jp"));

        var page = await client.FollowToUserAsync(response);
        Assert.Equal("利用者を登録し、パスワード設定用のリンクをメールで送信しました。", page.GetElementById("done-message")!.TextContent);
        Assert.Equal(facility.Code + "-02", page.GetElementById("user-name")!.TextContent);
        Assert.Equal("有効化待ち", page.GetElementById("user-state")!.TextContent);
        var user = (await portal.FindUserByEmailAsync("kango.hanako@example.jp"))!;
        Assert.Equal(("看護　花子", "カンゴ　ハナコ", StaffJob.Nurse, UserRights.ViewClinicalData | UserRights.RegisterPatientLinks, (string?)null),
            (user.DisplayName, user.DisplayNameKana, user.Job, user.Rights, user.PasswordHash));
        Assert.Equal(new[] { PortalRoles.Staff }, await portal.RolesOfAsync(user.Id));
        var mail = Assert.Single(await portal.OutboxAsync(m => m.ToAddress == "kango.hanako@example.jp"));
        Assert.Equal("AccountActivationInvitation", mail.Kind);
        Assert.Contains($"利用者ID　：{facility.Code}-02", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(PortalFactory.TestPassword, mail.TextBody, StringComparison.Ordinal);

        using var nurse = portal.CreatePortalClient();
        await nurse.ActivateAsync(await portal.ActivationPathAsync("kango.hanako@example.jp"));
        var codes = await nurse.GetDocumentAsync("/account/activation/recovery-codes");
        Assert.NotNull(codes.QuerySelector("a.button[href='/account/start']"));
        Assert.True(await nurse.IsSignedInAsync());
        using var list = await client.GetAsync(new Uri("/facility/users", UriKind.Relative));
        var listed = await HtmlClient.ParseAsync(list);
        Assert.Contains("有効", listed.QuerySelectorAll("#user-list tbody tr").Single(r => r.TextContent.Contains("看護　花子", StringComparison.Ordinal)).QuerySelector(".user-state")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_submitted_twice_adds_one_user_and_sends_one_mail()
    {
        var (_, admin) = await portal.FacilityWithAdministratorAsync("二重送信クリニック");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        var page = await client.GetDocumentAsync("/facility/users/new");
        var values = FacilityAdminSteps.Nurse("nijuu@example.jp");

        using var first = await client.SubmitAsync(page.Form("/facility/users/new"), values);
        using var second = await client.SubmitAsync(page.Form("/facility/users/new"), values);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Single(await portal.OutboxAsync(m => m.ToAddress == "nijuu@example.jp"));
    }

    [Fact]
    public async Task Wrong_fields_are_explained_beside_each_field_and_nothing_is_created()
    {
        var (_, admin) = await portal.FacilityWithAdministratorAsync("入力誤りクリニック");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        var values = FacilityAdminSteps.Nurse("not-an-address");
        values["DisplayNameKana"] = "看護";
        values["Job"] = "";
        values["ValidFrom"] = "2027-04-01";
        values["ValidUntil"] = "2027-03-31";

        using var response = await client.AddUserAsync(values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Equal("カタカナで入力してください。", page.GetElementById("DisplayNameKana-error")!.TextContent);
        Assert.StartsWith("メールアドレスの形式が正しくありません", page.GetElementById("Email-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("職種を選択してください。", page.GetElementById("Job-error")!.TextContent);
        Assert.Equal("利用終了日は利用開始日と同じか、それより後の日付にしてください。", page.GetElementById("ValidUntil-error")!.TextContent);
        Assert.Null(await portal.FindUserByEmailAsync("not-an-address"));
    }

    [Fact]
    public async Task The_user_allowance_counts_enabled_users_and_refuses_one_more_with_a_clear_message()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("上限クリニック", userAllowance: 2);
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        using var client = await portal.SignedInClientAsync(admin.UserName!);

        using var refused = await client.AddUserAsync(FacilityAdminSteps.Nurse("jougen@example.jp"));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.StartsWith("有効な利用者が上限（2 人）に達しているため、登録・再開できません。",
            (await HtmlClient.ParseAsync(refused)).GetElementById("form-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await portal.FindUserByEmailAsync("jougen@example.jp"));

        // A disabled user does not count: one place frees up, and re-enabling must then wait for a free place again.
        using var disabled = await client.PressAsync(staff.Id, "disable");
        using var added = await client.AddUserAsync(FacilityAdminSteps.Nurse("jougen@example.jp"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        using var enable = await client.PressAsync(staff.Id, "enable");
        Assert.Equal(HttpStatusCode.Conflict, enable.StatusCode);
        Assert.NotNull((await portal.ReloadUserAsync(staff.Id)).DisabledAtUtc);
    }

    [Fact]
    public async Task An_edit_changes_the_fields_and_a_new_manage_users_right_makes_an_administrator_and_ends_the_users_sessions()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("変更クリニック");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        using var staffClient = await portal.SignedInClientAsync(staff.UserName!);

        using var response = await client.EditUserAsync(staff.Id, new Dictionary<string, string>
        {
            ["DisplayName"] = "変更　次郎",
            ["DisplayNameKana"] = "ﾍﾝｺｳ ｼﾞﾛｳ",
            ["Job"] = nameof(StaffJob.Pharmacist),
            ["ManageUsers"] = "true",
            ["ValidFrom"] = "2026-11-01",
            ["ValidUntil"] = "2027/03/31",
        });

        var page = await client.FollowToUserAsync(response);
        Assert.Equal("変更を保存しました。", page.GetElementById("done-message")!.TextContent);
        var stored = await portal.ReloadUserAsync(staff.Id);
        Assert.Equal(("変更　次郎", "ヘンコウ　ジロウ", StaffJob.Pharmacist), (stored.DisplayName, stored.DisplayNameKana, stored.Job));
        Assert.True(stored.Has(UserRights.ManageUsers));
        // Japan days, stored as UTC instants: from 2026-11-01 00:00 JST, until the end of 2027-03-31 JST.
        Assert.Equal(new DateTime(2026, 10, 31, 15, 0, 0, DateTimeKind.Utc), stored.ValidFromUtc);
        Assert.Equal(new DateTime(2027, 3, 31, 15, 0, 0, DateTimeKind.Utc), stored.ValidUntilUtc);
        Assert.Equal(new[] { PortalRoles.FacilityAdministrator }, await portal.RolesOfAsync(staff.Id));
        Assert.NotEqual(staff.SecurityStamp, stored.SecurityStamp);
        Assert.Equal(UserEventKind.RightsChanged, (await portal.UserEventsAsync(staff.Id))[^1].Kind);
        portal.Clock.Advance(TimeSpan.FromMinutes(1.1));
        Assert.False(await staffClient.IsSignedInAsync());
    }

    [Fact]
    public async Task Ten_minutes_after_sign_in_giving_access_asks_for_password_and_code_first_but_taking_it_away_does_not()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("再認証利用者クリニック");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        var userPage = await client.GetDocumentAsync($"/facility/users/{staff.Id}");
        portal.Clock.Advance(TimeSpan.FromMinutes(11));

        using var disabled = await client.SubmitAsync(userPage.Form($"/facility/users/{staff.Id}/disable"), new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.NotNull((await portal.ReloadUserAsync(staff.Id)).DisabledAtUtc);
        var afterDisable = await client.FollowToUserAsync(disabled);

        using var enable = await client.SubmitAsync(afterDisable.Form($"/facility/users/{staff.Id}/enable"), new Dictionary<string, string>());
        using var edit = await client.GetAsync(new Uri($"/facility/users/{staff.Id}/edit", UriKind.Relative));
        using var add = await client.GetAsync(new Uri("/facility/users/new", UriKind.Relative));

        Assert.Equal($"/account/reauthenticate?returnUrl=%2Ffacility%2Fusers%2F{staff.Id}%2Fenable", enable.Headers.Location?.OriginalString);
        Assert.NotNull((await portal.ReloadUserAsync(staff.Id)).DisabledAtUtc);
        Assert.StartsWith("/account/reauthenticate?", edit.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.StartsWith("/account/reauthenticate?", add.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var back = await client.ReauthenticateAsync(enable);
        Assert.Equal($"/facility/users/{staff.Id}/enable", back.Headers.Location?.OriginalString);
        using var toPage = await client.GetAsync(back.Headers.Location);
        Assert.Equal($"/facility/users/{staff.Id}", toPage.Headers.Location?.OriginalString);
        using var enabled = await client.PressAsync(staff.Id, "enable");
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.Null((await portal.ReloadUserAsync(staff.Id)).DisabledAtUtc);
    }

    [Fact]
    public async Task An_edit_from_a_page_opened_before_a_colleagues_change_is_refused_with_the_colleagues_name()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("同時変更クリニック");
        await portal.AddMemberAsync(facility, facility.Code + "-02", PortalRoles.FacilityAdministrator, FacilityAdminSteps.AdministratorRights, "副管理　二郎");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-03");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        using var colleague = await portal.SignedInClientAsync(facility.Code + "-02");
        var form = await client.GetDocumentAsync($"/facility/users/{staff.Id}/edit");

        using var first = await colleague.EditUserAsync(staff.Id, new Dictionary<string, string> { ["DisplayName"] = "先勝　太郎" });
        using var late = await client.SubmitAsync(form.Form($"/facility/users/{staff.Id}/edit"), new Dictionary<string, string> { ["DisplayName"] = "後負　太郎" });

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var page = await HtmlClient.ParseAsync(late);
        Assert.Equal("副管理　二郎 さんがすでに変更しました。画面を開き直して最新の内容を確認してから、もう一度操作してください。",
            page.GetElementById("form-error")!.TextContent);
        Assert.Equal("先勝　太郎", (await portal.ReloadUserAsync(staff.Id)).DisplayName);
    }

    [Fact]
    public async Task The_last_administrator_can_neither_disable_themselves_nor_drop_the_manage_users_right_until_there_is_another()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("最後の管理者クリニック");
        using var client = await portal.SignedInClientAsync(admin.UserName!);

        using var disable = await client.PressAsync(admin.Id, "disable");
        using var drop = await client.EditUserAsync(admin.Id, new Dictionary<string, string> { ["ManageUsers"] = "false" });

        const string Message = "施設には「利用者の管理」の利用権を持つ有効な利用者が1人以上必要です。先に別の利用者に「利用者の管理」を付けてから、もう一度操作してください。";
        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Equal(Message, (await HtmlClient.ParseAsync(disable)).GetElementById("error-message")!.TextContent);
        Assert.Equal(HttpStatusCode.Conflict, drop.StatusCode);
        Assert.Equal(Message, (await HtmlClient.ParseAsync(drop)).GetElementById("form-error")!.TextContent);
        var stored = await portal.ReloadUserAsync(admin.Id);
        Assert.Null(stored.DisabledAtUtc);
        Assert.True(stored.Has(UserRights.ManageUsers));

        var second = await portal.AddMemberAsync(facility, facility.Code + "-02", PortalRoles.FacilityAdministrator, FacilityAdminSteps.AdministratorRights);
        using var dropped = await client.EditUserAsync(admin.Id, new Dictionary<string, string> { ["ManageUsers"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, dropped.StatusCode);
        Assert.Equal(new[] { PortalRoles.Staff }, await portal.RolesOfAsync(admin.Id));
        Assert.True((await portal.ReloadUserAsync(second.Id)).Has(UserRights.ManageUsers));
    }

    [Fact]
    public async Task A_disabled_user_is_signed_out_and_told_why_at_sign_in_and_enabling_lets_them_back_in()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("利用停止クリニック");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        using var staffClient = await portal.SignedInClientAsync(staff.UserName!);

        using var disabled = await client.PressAsync(staff.Id, "disable");

        var page = await client.FollowToUserAsync(disabled);
        Assert.Equal("無効", page.GetElementById("user-state")!.TextContent);
        portal.Clock.Advance(TimeSpan.FromMinutes(1.1));
        Assert.False(await staffClient.IsSignedInAsync());
        using var again = portal.CreatePortalClient();
        using var refused = await again.SignInAsync(staff.UserName!, PortalFactory.TestPassword);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("この利用者IDは現在ご利用いただけません（利用停止中、または利用期間外です）。",
            (await HtmlClient.ParseAsync(refused)).Body!.TextContent, StringComparison.Ordinal);

        using var enabled = await client.PressAsync(staff.Id, "enable");
        Assert.Equal("有効", (await client.FollowToUserAsync(enabled)).GetElementById("user-state")!.TextContent);
        await again.SignInSuccessfullyAsync(staff.UserName!);
        Assert.Equal(new[] { UserEventKind.Disabled, UserEventKind.Enabled }, (await portal.UserEventsAsync(staff.Id)).Select(e => e.Kind));
    }

    [Fact]
    public async Task A_disable_button_pressed_twice_disables_once_and_reports_success_both_times()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("二度押しクリニック");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        var page = await client.GetDocumentAsync($"/facility/users/{staff.Id}");
        var form = page.Form($"/facility/users/{staff.Id}/disable");

        using var first = await client.SubmitAsync(form, new Dictionary<string, string>());
        using var second = await client.SubmitAsync(form, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Single(await portal.UserEventsAsync(staff.Id));
    }

    [Fact]
    public async Task Sign_in_is_refused_before_the_first_day_and_after_the_last_day_of_the_period()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("有効期間クリニック");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        // The clock stands at 2026-11-23 09:00 JST (plus what other tests of this class advanced).
        var today = MioKarte.Core.Hosting.JapanTime.Today(portal.Clock);
        using var later = await client.EditUserAsync(staff.Id, new Dictionary<string, string> { ["ValidFrom"] = today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);

        using var early = portal.CreatePortalClient();
        using var refused = await early.SignInAsync(staff.UserName!, PortalFactory.TestPassword);
        Assert.Contains("利用期間外", (await HtmlClient.ParseAsync(refused)).Body!.TextContent, StringComparison.Ordinal);

        using var ended = await client.EditUserAsync(staff.Id, new Dictionary<string, string>
        {
            ["ValidFrom"] = today.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["ValidUntil"] = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal("期間外", (await client.FollowToUserAsync(ended)).GetElementById("user-state")!.TextContent);
        using var late = portal.CreatePortalClient();
        using var refusedLate = await late.SignInAsync(staff.UserName!, PortalFactory.TestPassword);
        Assert.Contains("利用期間外", (await HtmlClient.ParseAsync(refusedLate)).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_reset_mails_a_new_link_the_old_password_and_the_older_link_stop_working_and_the_link_sets_a_new_password()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("再設定クリニック");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        using var staffClient = await portal.SignedInClientAsync(staff.UserName!);

        using var reset = await client.PressAsync(staff.Id, "reset-password");

        Assert.StartsWith("パスワード再設定用のリンクをメールで送信しました。", (await client.FollowToUserAsync(reset)).GetElementById("done-message")!.TextContent, StringComparison.Ordinal);
        var mail = Assert.Single(await portal.OutboxAsync(m => m.ToAddress == staff.Email));
        Assert.Equal("AccountActivationPasswordReset", mail.Kind);
        Assert.Contains("これまでのパスワードと、以前にお送りしたリンクは使えなくなりました。", mail.TextBody, StringComparison.Ordinal);
        var firstLink = await portal.ActivationPathAsync(staff.Email!);
        using var oldPassword = portal.CreatePortalClient();
        using var oldRefused = await oldPassword.SignInAsync(staff.UserName!, PortalFactory.TestPassword);
        Assert.Equal(HttpStatusCode.OK, oldRefused.StatusCode);
        portal.Clock.Advance(TimeSpan.FromMinutes(1.1));
        Assert.False(await staffClient.IsSignedInAsync());

        // The first link: password, then (never enrolled) the authenticator.
        using var user = portal.CreatePortalClient();
        await user.ActivateAsync(firstLink);

        // A second reset: the link mailed before is dead, and an account with its authenticator only sets the password.
        using var secondReset = await client.PressAsync(staff.Id, "reset-password");
        Assert.Equal(HttpStatusCode.Redirect, secondReset.StatusCode);
        var secondLink = await portal.ActivationPathAsync(staff.Email!);
        Assert.NotEqual(firstLink, secondLink);
        using var dead = await user.GetAsync(new Uri(firstLink, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, dead.StatusCode);
        using var fresh = portal.CreatePortalClient();
        using var set = await fresh.SetPasswordAsync(secondLink, "Atarashii-Passw0rd-2026!");
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("パスワードを設定しました", (await HtmlClient.ParseAsync(set)).QuerySelector("h1")!.TextContent);
        var stored = await portal.ReloadUserAsync(staff.Id);
        Assert.True(await portal.WithServiceAsync<bool, UserManager<PortalUser>>(users => users.CheckPasswordAsync(stored, "Atarashii-Passw0rd-2026!")));
        Assert.True(stored.TwoFactorEnabled);
    }

    [Fact]
    public async Task Unlock_clears_the_lockout_and_the_user_can_sign_in_again()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("ロック解除クリニック");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        // Wrong passwords hold a client back without locking the account; wrong codes after the right password lock it.
        using var locked = portal.CreatePortalClient();
        using var password = await locked.SignInAsync(staff.UserName!, PortalFactory.TestPassword);
        var codePage = await locked.GetDocumentAsync(password.Headers.Location!.OriginalString);
        for (var i = 0; i < PasswordPolicy.MaxFailedAttempts; i++)
        {
            using var wrong = await locked.SubmitAsync(codePage.Form("/account/login/two-factor"),
                new Dictionary<string, string> { ["Code"] = RegistrationSteps.WrongCodeFor(PortalFactory.TestAuthenticatorKey) });
        }

        using var client = await portal.SignedInClientAsync(admin.UserName!);
        Assert.Equal("ロック中", (await client.GetDocumentAsync($"/facility/users/{staff.Id}")).GetElementById("user-state")!.TextContent);

        using var unlocked = await client.PressAsync(staff.Id, "unlock");

        Assert.Equal("ロックを解除しました。", (await client.FollowToUserAsync(unlocked)).GetElementById("done-message")!.TextContent);
        var stored = await portal.ReloadUserAsync(staff.Id);
        Assert.Null(stored.LockoutEnd);
        Assert.Equal(0, stored.AccessFailedCount);
        await locked.SignInSuccessfullyAsync(staff.UserName!);
    }

    [Fact]
    public async Task Force_sign_out_replaces_the_security_stamp_and_ends_the_users_session()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("強制サインアウトクリニック");
        var staff = await portal.AddMemberAsync(facility, facility.Code + "-02");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        using var staffClient = await portal.SignedInClientAsync(staff.UserName!);
        Assert.True(await staffClient.IsSignedInAsync());

        using var response = await client.PressAsync(staff.Id, "sign-out");

        Assert.Equal("この利用者のすべてのログインを終了しました。", (await client.FollowToUserAsync(response)).GetElementById("done-message")!.TextContent);
        Assert.NotEqual(staff.SecurityStamp, (await portal.ReloadUserAsync(staff.Id)).SecurityStamp);
        portal.Clock.Advance(TimeSpan.FromMinutes(1.1));
        Assert.False(await staffClient.IsSignedInAsync());
        Assert.True(await client.IsSignedInAsync());
        var history = await client.GetDocumentAsync($"/facility/users/{staff.Id}");
        Assert.Contains($"管理　一郎（{admin.UserName}）", history.GetElementById("user-history")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_shows_only_the_facilitys_own_users_with_their_state()
    {
        var (facility, admin) = await portal.FacilityWithAdministratorAsync("一覧クリニック");
        await portal.AddMemberAsync(facility, facility.Code + "-02", displayName: "一覧　花子");
        var (_, otherAdmin) = await portal.FacilityWithAdministratorAsync("よその一覧クリニック", administratorName: "他院　管理者");
        using var client = await portal.SignedInClientAsync(admin.UserName!);

        var page = await client.GetDocumentAsync("/facility/users");

        var rows = page.QuerySelectorAll("#user-list tbody tr");
        Assert.Equal(new[] { admin.UserName!, facility.Code + "-02" }, rows.Select(r => r.QuerySelector("td")!.TextContent.Trim()));
        Assert.DoesNotContain(otherAdmin.UserName!, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("有効な利用者 2 人（上限 5 人）", page.GetElementById("user-count")!.TextContent);
        Assert.Contains("診療情報の閲覧", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("看護師", rows[1].TextContent, StringComparison.Ordinal);
        // The name links to the user as the 利用者ID does.
        var links = rows[1].QuerySelectorAll("a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Equal(2, links.Count);
        Assert.Equal(links[0].Item2, links[1].Item2);
        Assert.Equal("一覧　花子", links[1].TextContent);
    }
}
