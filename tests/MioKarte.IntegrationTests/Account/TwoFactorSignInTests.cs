using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>After activation: password, then the authenticator code (or a recovery code); inactive facilities stay out.</summary>
public sealed class TwoFactorSignInTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_activated_administrator_signs_in_with_password_and_authenticator_code()
    {
        var (userName, key) = await ActivatedAdministratorAsync("二要素ログイン内科", "nyouso@example.jp");
        using var client = portal.CreatePortalClient();

        using var password = await client.SignInAsync(userName, RegistrationSteps.NewPassword);

        Assert.Equal("/account/login/two-factor?returnUrl=%2Faccount%2Fstart", password.Headers.Location?.OriginalString);
        using var notYet = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, notYet.StatusCode);
        var page = await client.GetDocumentAsync(password.Headers.Location!.OriginalString);
        Assert.Equal("確認コードの入力", page.QuerySelector("h1")!.TextContent);
        using var code = await SubmitSignInCodeAsync(client, page, await portal.NextCodeAsync(userName, key));

        Assert.Equal("/account/start", code.Headers.Location?.OriginalString);
        var home = await client.GetDocumentAsync("/");
        Assert.Contains("南多摩　花子 さん、ようこそ。", home.Body!.TextContent, StringComparison.Ordinal);
        var profile = await client.GetDocumentAsync("/account");
        Assert.Contains(userName, profile.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_in_Japanese_and_keeps_the_user_signed_out()
    {
        var (userName, key) = await ActivatedAdministratorAsync("誤コード薬局", "gocode@example.jp");
        using var client = portal.CreatePortalClient();
        using var password = await client.SignInAsync(userName, RegistrationSteps.NewPassword);
        var page = await client.GetDocumentAsync(password.Headers.Location!.OriginalString);

        using var wrong = await SubmitSignInCodeAsync(client, page, RegistrationSteps.WrongCodeFor(key));

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var wrongPage = await HtmlClient.ParseAsync(wrong);
        Assert.Contains("確認コードが正しくありません。", wrongPage.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        using var account = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.Equal(1, await FailedCountAsync(userName));
    }

    [Fact]
    public async Task The_code_page_without_a_password_first_goes_back_to_sign_in()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri("/account/login/two-factor", UriKind.Relative));

        Assert.Equal("/account/login", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_account()
    {
        var (userName, key) = await ActivatedAdministratorAsync("ロック確認クリニック", "lock@example.jp");
        using var client = portal.CreatePortalClient();
        using var password = await client.SignInAsync(userName, RegistrationSteps.NewPassword);
        var page = await client.GetDocumentAsync(password.Headers.Location!.OriginalString);

        for (var attempt = 1; attempt <= PasswordPolicy.MaxFailedAttempts; attempt++)
        {
            using var wrong = await SubmitSignInCodeAsync(client, page, RegistrationSteps.WrongCodeFor(key));
            page = await HtmlClient.ParseAsync(wrong);
        }

        using var right = await SubmitSignInCodeAsync(client, page, await portal.NextCodeAsync(userName, key));
        var locked = await HtmlClient.ParseAsync(right);
        Assert.Contains("一時的にロックされています", locked.Body!.TextContent, StringComparison.Ordinal);
        using var account = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_replaces_the_authenticator_once()
    {
        var (userName, _) = await ActivatedAdministratorAsync("回復コード歯科", "kaifuku@example.jp");
        var recoveryCode = await portal.WithServiceAsync<string, UserManager<PortalUser>>(async users =>
        {
            var user = (await users.FindByNameAsync(userName))!;
            return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 1))!.Single();
        });

        Assert.True(await SignInWithCodeAsync(userName, recoveryCode));
        Assert.Equal(0, await FailedCountAsync(userName));
        Assert.False(await SignInWithCodeAsync(userName, recoveryCode));
        Assert.Equal(1, await FailedCountAsync(userName));
    }

    [Fact]
    public async Task The_people_of_a_suspended_facility_cannot_sign_in()
    {
        var (userName, key) = await ActivatedAdministratorAsync("停止中クリニック", "teishi@example.jp");
        await ChangeFacilityAsync("停止中クリニック", (facility, now) => facility.Suspend("council.registrar", "利用料の未払い", now));

        using var client = portal.CreatePortalClient();
        using var response = await client.SignInAsync(userName, RegistrationSteps.NewPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("所属施設の利用が停止されているか、退会済みのため、ログインできません。", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.False(await SignInWithCodeAsync(userName, await portal.NextCodeAsync(userName, key)));
    }

    [Fact]
    public async Task A_session_ends_when_the_facility_is_suspended()
    {
        var (userName, key) = await ActivatedAdministratorAsync("途中停止クリニック", "tochuu@example.jp");
        using var client = portal.CreatePortalClient();
        using var password = await client.SignInAsync(userName, RegistrationSteps.NewPassword);
        var page = await client.GetDocumentAsync(password.Headers.Location!.OriginalString);
        using var code = await SubmitSignInCodeAsync(client, page, await portal.NextCodeAsync(userName, key));
        using var before = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await ChangeFacilityAsync("途中停止クリニック", (facility, now) => facility.Withdraw("council.registrar", "退会届", now));

        portal.Clock.Advance(TimeSpan.FromMinutes(2));
        using var after = await client.GetAsync(new Uri("/account", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    private static Task<HttpResponseMessage> SubmitSignInCodeAsync(HttpClient client, IDocument page, string code) =>
        client.SubmitAsync(page.Form("/account/login/two-factor"), new Dictionary<string, string> { ["Code"] = code });

    /// <summary>Moves the registered facility in the register directly, as the council would.</summary>
    private async Task ChangeFacilityAsync(string name, Action<Facility, DateTime> move)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        move(await db.Facilities.SingleAsync(f => f.Name == name), portal.Clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
    }

    private Task<int> FailedCountAsync(string userName) =>
        portal.WithServiceAsync<int, UserManager<PortalUser>>(async users => await users.GetAccessFailedCountAsync((await users.FindByNameAsync(userName))!));

    private async Task<bool> SignInWithCodeAsync(string userName, string code)
    {
        using var client = portal.CreatePortalClient();
        using var password = await client.SignInAsync(userName, RegistrationSteps.NewPassword);
        if (password.Headers.Location is null)
        {
            return false;
        }

        var page = await client.GetDocumentAsync(password.Headers.Location.OriginalString);
        using var response = await SubmitSignInCodeAsync(client, page, code);
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/account/start";
    }

    private async Task<(string UserName, string Key)> ActivatedAdministratorAsync(string facilityName, string email)
    {
        var (_, path) = await portal.RegisteredApplicationAsync(facilityName, email);
        using var client = portal.CreatePortalClient();
        var page = await client.GetDocumentAsync(path);
        var userName = page.GetElementById("activation-user-id")!.TextContent;
        var key = await client.ActivateAsync(path);
        return (userName, key);
    }
}
