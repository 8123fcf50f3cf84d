using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>The mailed single-use link: password, authenticator, and every way a link stops working.</summary>
public sealed class ActivationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_link_sets_the_password_then_the_authenticator_and_the_administrator_is_signed_in()
    {
        var (_, path) = await portal.RegisteredApplicationAsync("有効化一号クリニック", "yuukou1@example.jp");
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync(path);
        Assert.Equal("有効化一号クリニック", page.QuerySelector("dl.facts dd")!.TextContent);
        var userName = page.GetElementById("activation-user-id")!.TextContent;
        await client.ActivateAsync(path);

        var codes = await client.GetDocumentAsync("/account/activation/recovery-codes");
        Assert.Equal(10, codes.QuerySelectorAll(".recovery-codes li").Length);
        var home = await client.GetDocumentAsync("/");
        Assert.Contains("南多摩　花子 さん、ようこそ。", home.Body!.TextContent, StringComparison.Ordinal);
        var user = await UserAsync(userName);
        Assert.True(user.TwoFactorEnabled);
        Assert.True(user.EmailConfirmed);
        Assert.NotNull(user.PasswordHash);
        // The recovery codes are shown once: a reload goes on to the certificate step.
        using var again = await client.GetAsync(new Uri("/account/activation/recovery-codes", UriKind.Relative));
        Assert.Equal("/account/activation/certificate", again.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_link_used_once_is_refused_the_second_time()
    {
        var (_, path) = await portal.RegisteredApplicationAsync("二度開きクリニック", "nidobiraki@example.jp");
        using var client = portal.CreatePortalClient();
        var page = await client.GetDocumentAsync(path);
        var form = page.Form(path);
        using var first = await client.SubmitAsync(form, Passwords(RegistrationSteps.NewPassword));

        using var reopened = await client.GetAsync(new Uri(path, UriKind.Relative));
        using var reposted = await client.SubmitAsync(form, Passwords("Another-Passw0rd-2026!"));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, reopened.StatusCode);
        var refused = await HtmlClient.ParseAsync(reopened);
        Assert.Equal("このリンクは使用できません", refused.QuerySelector("h1")!.TextContent);
        Assert.Contains("このリンクはすでに使用されています（パスワードは設定済みです）。", refused.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, reposted.StatusCode);
        var user = await portal.WithServiceAsync<PortalUser, MioKarteDbContext>(db => db.Users.SingleAsync(u => u.Email == "nidobiraki@example.jp"));
        var stillFirst = await portal.WithServiceAsync<bool, UserManager<PortalUser>>(users => users.CheckPasswordAsync(user, RegistrationSteps.NewPassword));
        Assert.True(stillFirst);
    }

    [Fact]
    public async Task A_link_works_until_just_before_72_hours_and_is_refused_at_72_hours()
    {
        var (_, path) = await portal.RegisteredApplicationAsync("期限切れクリニック", "kigengire@example.jp");
        var (_, path2) = await portal.RegisteredApplicationAsync("期限直前クリニック", "chokuzen@example.jp");
        using var client = portal.CreatePortalClient();

        portal.Clock.Advance(TimeSpan.FromHours(72) - TimeSpan.FromSeconds(1));
        using var stillValid = await client.GetAsync(new Uri(path2, UriKind.Relative));
        portal.Clock.Advance(TimeSpan.FromSeconds(1));
        using var expired = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        var page = await HtmlClient.ParseAsync(expired);
        Assert.Contains("このリンクの有効期限が過ぎています。", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("連絡協議会（TEL 042-663-0111）にご連絡ください", page.Body!.TextContent, StringComparison.Ordinal);
        var stillValidPage = await HtmlClient.ParseAsync(stillValid);
        using var tooLate = await client.SubmitAsync(stillValidPage.Form(path2), Passwords(RegistrationSteps.NewPassword));
        Assert.Equal(HttpStatusCode.Gone, tooLate.StatusCode);
    }

    [Fact]
    public async Task A_cancelled_link_is_refused_and_nothing_is_mailed()
    {
        var (id, path) = await portal.RegisteredApplicationAsync("取消クリニック", "torikeshi@example.jp");
        using var council = await portal.RegistrarClientAsync();

        var after = await council.PressActivationButtonAsync(id, "cancel");

        Assert.Contains("有効化リンクを取り消しました。", after.QuerySelector(".council-message")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("取消済み", after.QuerySelector(".activation-state")!.TextContent);
        using var client = portal.CreatePortalClient();
        using var refused = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
        Assert.Contains("このリンクは連絡協議会によって取り消されました。", (await HtmlClient.ParseAsync(refused)).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await ActivationMailCountAsync("torikeshi@example.jp"));
    }

    [Fact]
    public async Task After_a_resend_the_old_link_is_refused_and_the_new_one_works()
    {
        var (id, oldPath) = await portal.RegisteredApplicationAsync("再送クリニック", "saisou@example.jp");
        using var council = await portal.RegistrarClientAsync();

        var after = await council.PressActivationButtonAsync(id, "resend");

        Assert.Contains("saisou@example.jp に新しい有効化リンクを送信しました", after.QuerySelector(".council-message")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, await ActivationMailCountAsync("saisou@example.jp"));
        var mail = await portal.LatestActivationMailAsync("saisou@example.jp");
        Assert.Contains("以前にお送りしたリンクは使えなくなりました。", mail, StringComparison.Ordinal);
        var newPath = await portal.ActivationPathAsync("saisou@example.jp");
        Assert.NotEqual(oldPath, newPath);
        using var client = portal.CreatePortalClient();
        using var old = await client.GetAsync(new Uri(oldPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        Assert.Contains("このリンクは無効です。", (await HtmlClient.ParseAsync(old)).Body!.TextContent, StringComparison.Ordinal);
        await client.ActivateAsync(newPath);
    }

    [Fact]
    public async Task A_resend_from_a_page_that_is_out_of_date_is_refused_with_who_changed_the_activation()
    {
        var (id, _) = await portal.RegisteredApplicationAsync("同時操作クリニック", "douji@example.jp");
        using var council = await portal.RegistrarClientAsync();
        using var colleague = await portal.CouncilStaffClientAsync("council.other", "連絡協議会 次郎");
        var page = await council.GetDocumentAsync($"/council/applications/{id}/register");
        await colleague.PressActivationButtonAsync(id, "cancel");

        using var response = await council.SubmitAsync((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("form[action$='/resend']")!, new Dictionary<string, string>());

        var after = await council.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("連絡協議会 次郎 さんがすでに変更しました。画面を開き直して最新の内容を確認してから、もう一度操作してください。",
            after.QuerySelector(".council-message")!.TextContent.Trim());
        Assert.Equal(1, await ActivationMailCountAsync("douji@example.jp"));
    }

    [Fact]
    public async Task An_unknown_token_gets_the_same_page_and_404()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri("/account/activate/not-a-real-token", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Equal("このリンクは使用できません", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task A_password_against_the_policy_is_refused_in_Japanese_and_the_link_stays_usable()
    {
        var (_, path) = await portal.RegisteredApplicationAsync("パスワード規則クリニック", "kisoku@example.jp");
        using var client = portal.CreatePortalClient();

        using var weak = await client.SetPasswordAsync(path, "short1A!");
        using var mismatch = await client.SetPasswordAsync(path, RegistrationSteps.NewPassword, "Kanri-Sekinin-2027!");

        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        var weakPage = await HtmlClient.ParseAsync(weak);
        Assert.Contains("パスワードは13文字以上にしてください。", weakPage.QuerySelector("[data-valmsg-for='Input.Password']")!.TextContent, StringComparison.Ordinal);
        var mismatchPage = await HtmlClient.ParseAsync(mismatch);
        Assert.Equal("確認用のパスワードが一致しません。同じパスワードを2回入力してください。",
            mismatchPage.QuerySelector("[data-valmsg-for='Input.ConfirmPassword']")!.TextContent.Trim());
        var user = await portal.WithServiceAsync<PortalUser, MioKarteDbContext>(db => db.Users.SingleAsync(u => u.Email == "kisoku@example.jp"));
        Assert.Null(user.PasswordHash);
        using var good = await client.SetPasswordAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
    }

    [Fact]
    public async Task Two_factor_sign_in_is_switched_on_only_by_a_verified_code()
    {
        var (_, path) = await portal.RegisteredApplicationAsync("確認コードクリニック", "kakunin@example.jp");
        using var client = portal.CreatePortalClient();
        using var set = await client.SetPasswordAsync(path);
        var page = await client.GetDocumentAsync("/account/activation/two-factor");
        var key = RegistrationSteps.AuthenticatorKey(page);
        Assert.Matches("^[A-Z2-7]{32}$", key);
        Assert.StartsWith("data:image/png;base64,", page.QuerySelector("img.totp__qr")!.GetAttribute("src"), StringComparison.Ordinal);
        var userName = await portal.WithServiceAsync<string, MioKarteDbContext>(db => db.Users.Where(u => u.Email == "kakunin@example.jp").Select(u => u.UserName!).SingleAsync());
        Assert.False((await UserAsync(userName)).TwoFactorEnabled);

        using var wrong = await client.SubmitCodeAsync(page, RegistrationSteps.WrongCodeFor(key));

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var wrongPage = await HtmlClient.ParseAsync(wrong);
        Assert.Contains("確認コードが正しくありません。", wrongPage.QuerySelector("[data-valmsg-for='Input.Code']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(key, RegistrationSteps.AuthenticatorKey(wrongPage));
        Assert.False((await UserAsync(userName)).TwoFactorEnabled);
        using var account = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);

        using var right = await client.SubmitCodeAsync(wrongPage, RegistrationSteps.CodeFor(key));
        Assert.Equal("/account/activation/recovery-codes", right.Headers.Location?.OriginalString);
        Assert.True((await UserAsync(userName)).TwoFactorEnabled);
    }

    [Fact]
    public async Task An_administrator_who_stopped_after_the_password_continues_at_the_authenticator_when_signing_in()
    {
        var (_, path) = await portal.RegisteredApplicationAsync("中断クリニック", "chuudan@example.jp");
        using (var first = portal.CreatePortalClient())
        {
            using var set = await first.SetPasswordAsync(path);
        }

        var userName = await portal.WithServiceAsync<string, MioKarteDbContext>(db => db.Users.Where(u => u.Email == "chuudan@example.jp").Select(u => u.UserName!).SingleAsync());
        using var client = portal.CreatePortalClient();
        using var signIn = await client.SignInAsync(userName, RegistrationSteps.NewPassword);

        Assert.Equal("/account/activation/two-factor", signIn.Headers.Location?.OriginalString);
        using var account = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        var page = await client.GetDocumentAsync("/account/activation/two-factor");
        using var enabled = await client.SubmitCodeAsync(page, RegistrationSteps.CodeFor(RegistrationSteps.AuthenticatorKey(page)));
        Assert.Equal("/account/activation/recovery-codes", enabled.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_authenticator_step_without_the_ticket_says_to_sign_in()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri("/account/activation/two-factor", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("設定した利用者IDとパスワードでログインすると", (await HtmlClient.ParseAsync(response)).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_of_an_activation_link_never_reaches_the_log()
    {
        var (_, path) = await portal.RegisteredApplicationAsync("ログ確認クリニック", "log@example.jp");
        var token = path["/account/activate/".Length..];
        using var client = portal.CreatePortalClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Request-Id", "activation-log-0001");
        using var opened = await client.SendAsync(request);
        using var set = await client.SetPasswordAsync(path);

        var log = await portal.ReadLogsOnceTheyContainAsync("activation-log-0001");

        Assert.Contains("activation-log-0001", log, StringComparison.Ordinal);
        Assert.Contains("/account/activate/(token)", log, StringComparison.Ordinal);
        Assert.DoesNotContain(token, log, StringComparison.Ordinal);
        Assert.DoesNotContain(RegistrationSteps.NewPassword, log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/apply/status/{0}", "/apply/status/(token)")]
    [InlineData("/apply/status/{0}/forms/1", "/apply/status/(token)")]
    [InlineData("/apply/resume/{0}", "/apply/resume/(token)")]
    public async Task The_token_of_an_applicant_s_status_or_draft_link_never_reaches_the_log(string pathFormat, string logged)
    {
        var token = LinkToken.New();
        var requestId = "applicant-log-" + token[..8];
        using var client = portal.CreatePortalClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, token));
        request.Headers.Add("X-Request-Id", requestId);
        using var response = await client.SendAsync(request);

        var log = await portal.ReadLogsOnceTheyContainAsync(requestId);

        Assert.Contains(requestId, log, StringComparison.Ordinal);
        Assert.Contains(logged, log, StringComparison.Ordinal);
        Assert.DoesNotContain(token, log, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Passwords(string password) => new()
    {
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = password,
    };

    private Task<PortalUser> UserAsync(string userName) =>
        portal.WithServiceAsync<PortalUser, UserManager<PortalUser>>(async users => (await users.FindByNameAsync(userName))!);

    private async Task<int> ActivationMailCountAsync(string email) => (await portal.ActivationMailsAsync(email)).Count;
}
