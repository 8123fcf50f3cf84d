using System.Net;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>Everyone who sees patient data or administers enrols an authenticator at the first sign-in; nobody is "remembered".</summary>
public sealed class MandatoryTwoFactorTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData(PortalRoles.Staff)]
    [InlineData(PortalRoles.FacilityAdministrator)]
    [InlineData(PortalRoles.CouncilStaff)]
    [InlineData(PortalRoles.SystemAdministrator)]
    public async Task A_user_of_every_role_without_an_authenticator_is_sent_to_enrol_after_the_password_and_is_not_signed_in_yet(string role)
    {
        var userName = "noauth." + role.ToLowerInvariant();
        await portal.CreateUserAsync(userName, role, enrolAuthenticator: false);
        using var client = portal.CreatePortalClient();

        using var password = await client.SignInAsync(userName, PortalFactory.TestPassword);

        Assert.Equal("/account/login/enrol?returnUrl=%2Faccount%2Fstart", password.Headers.Location?.OriginalString);
        Assert.DoesNotContain(password.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            c => c.StartsWith("__Host-MioKarte=", StringComparison.Ordinal));
        using var notYet = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, notYet.StatusCode);
    }

    [Fact]
    public async Task Enrolling_with_a_code_computed_from_the_shown_key_signs_in_shows_ten_recovery_codes_once_and_the_next_sign_in_asks_for_a_code()
    {
        await portal.CreateUserAsync("enrol.ok", PortalRoles.Staff, "登録 花子", enrolAuthenticator: false);
        using var client = portal.CreatePortalClient();
        using var password = await client.SignInAsync("enrol.ok", PortalFactory.TestPassword);
        var page = await client.GetDocumentAsync(password.Headers.Location!.OriginalString);
        Assert.Equal("認証アプリの登録（二要素認証）", page.QuerySelector("h1")!.TextContent);
        Assert.StartsWith("data:image/png;base64,", page.QuerySelector("img.totp__qr")!.GetAttribute("src"), StringComparison.Ordinal);
        var key = RegistrationSteps.AuthenticatorKey(page);
        var reloaded = await client.GetDocumentAsync("/account/login/enrol");
        Assert.Equal(key, RegistrationSteps.AuthenticatorKey(reloaded));

        using var enrolled = await SubmitEnrolCodeAsync(client, page, RegistrationSteps.CodeFor(key));

        Assert.Equal("/account/login/recovery-codes?returnUrl=%2Faccount%2Fstart", enrolled.Headers.Location?.OriginalString);
        var codes = await client.GetDocumentAsync(enrolled.Headers.Location!.OriginalString);
        Assert.Equal(10, codes.QuerySelectorAll("#recovery-codes li").Length);
        using var again = await client.GetAsync(new Uri(enrolled.Headers.Location!.OriginalString, UriKind.Relative));
        Assert.Equal("/account/start", again.Headers.Location?.OriginalString);
        using var account = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);

        using var other = portal.CreatePortalClient();
        using var signIn = await other.SignInWithCodeAsync("enrol.ok", authenticatorKey: key);
        Assert.Equal("/account/start", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Five_wrong_codes_at_enrolment_lock_the_account_and_keep_it_signed_out()
    {
        await portal.CreateUserAsync("enrol.wrong", PortalRoles.CouncilStaff, enrolAuthenticator: false);
        using var client = portal.CreatePortalClient();
        using var password = await client.SignInAsync("enrol.wrong", PortalFactory.TestPassword);
        var page = await client.GetDocumentAsync(password.Headers.Location!.OriginalString);
        var key = RegistrationSteps.AuthenticatorKey(page);

        using (var first = await SubmitEnrolCodeAsync(client, page, RegistrationSteps.WrongCodeFor(key)))
        {
            var shown = await HtmlClient.ParseAsync(first);
            Assert.Contains("確認コードが正しくありません。", shown.Body!.TextContent, StringComparison.Ordinal);
        }

        Assert.Equal(1, await FailedCountAsync("enrol.wrong"));
        for (var attempt = 2; attempt <= PasswordPolicy.MaxFailedAttempts; attempt++)
        {
            using var wrong = await SubmitEnrolCodeAsync(client, page, RegistrationSteps.WrongCodeFor(key));
        }

        using var right = await SubmitEnrolCodeAsync(client, page, RegistrationSteps.CodeFor(key));
        var locked = await HtmlClient.ParseAsync(right);
        Assert.Contains("一時的にロックされています", locked.Body!.TextContent, StringComparison.Ordinal);
        using var account = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.False(await portal.WithServiceAsync<bool, UserManager<PortalUser>>(async users =>
            await users.GetTwoFactorEnabledAsync((await users.FindByNameAsync("enrol.wrong"))!)));
    }

    [Fact]
    public async Task The_enrolment_page_without_a_password_first_goes_back_to_sign_in()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri("/account/login/enrol", UriKind.Relative));

        Assert.Equal("/account/login", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task No_browser_is_remembered_the_code_page_offers_no_such_choice_and_every_sign_in_asks_for_the_code()
    {
        await portal.CreateUserAsync("no.remember", PortalRoles.Staff);
        using var client = portal.CreatePortalClient();
        using var password = await client.SignInAsync("no.remember", PortalFactory.TestPassword);
        var codePage = await client.GetDocumentAsync(password.Headers.Location!.OriginalString);
        Assert.Empty(codePage.QuerySelectorAll("input[type=checkbox]"));

        using var signedIn = await client.SubmitAsync(codePage.Form("/account/login/two-factor"),
            new Dictionary<string, string> { ["Code"] = await portal.NextCodeAsync("no.remember", PortalFactory.TestAuthenticatorKey), ["RememberClient"] = "true", ["RememberMachine"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("Identity.TwoFactorRememberMe", StringComparison.Ordinal));
        var home = await client.GetDocumentAsync("/");
        using var signedOut = await client.SubmitAsync(home.Form("/account/logout"), new Dictionary<string, string>());

        using var again = await client.SignInAsync("no.remember", PortalFactory.TestPassword);

        Assert.StartsWith("/account/login/two-factor", again.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SubmitEnrolCodeAsync(HttpClient client, AngleSharp.Dom.IDocument page, string code) =>
        client.SubmitAsync(page.Form("/account/login/enrol"), new Dictionary<string, string> { ["Input.Code"] = code });

    private Task<int> FailedCountAsync(string userName) =>
        portal.WithServiceAsync<int, UserManager<PortalUser>>(async users => await users.GetAccessFailedCountAsync((await users.FindByNameAsync(userName))!));
}
