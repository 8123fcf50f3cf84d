using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>
/// 再認証 before the own security settings: the password and a code again after 10 minutes;
/// re-enrolling the authenticator and new recovery codes from マイページ.
/// </summary>
public sealed class ReauthenticationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Right_after_sign_in_the_re_enrolment_page_opens_without_asking_again()
    {
        await portal.CreateUserAsync("reauth.fresh", PortalRoles.Staff);
        using var client = await portal.SignedInClientAsync("reauth.fresh");

        using var response = await client.GetAsync(new Uri("/account/security/authenticator", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ten_minutes_after_sign_in_the_page_asks_for_password_and_code_and_then_comes_back()
    {
        await portal.CreateUserAsync("reauth.later", PortalRoles.FacilityAdministrator);
        using var client = await portal.SignedInClientAsync("reauth.later");
        portal.Clock.Advance(TimeSpan.FromMinutes(11));

        using var asked = await client.GetAsync(new Uri("/account/security/authenticator", UriKind.Relative));

        Assert.Equal("/account/reauthenticate?returnUrl=%2Faccount%2Fsecurity%2Fauthenticator", asked.Headers.Location?.OriginalString);
        var form = await client.GetDocumentAsync(asked.Headers.Location!.OriginalString);
        using var wrong = await SubmitReauthAsync(client, form, PortalFactory.TestPassword, RegistrationSteps.WrongCodeFor(PortalFactory.TestAuthenticatorKey));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("パスワードまたは確認コードが正しくありません。", (await HtmlClient.ParseAsync(wrong)).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await FailedCountAsync("reauth.later"));
        using var stillAsked = await client.GetAsync(new Uri("/account/security/authenticator", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, stillAsked.StatusCode);

        using var confirmed = await SubmitReauthAsync(client, form, PortalFactory.TestPassword, await portal.NextCodeAsync("reauth.later", PortalFactory.TestAuthenticatorKey));

        Assert.Equal("/account/security/authenticator", confirmed.Headers.Location?.OriginalString);
        using var allowed = await client.GetAsync(new Uri("/account/security/authenticator", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(0, await FailedCountAsync("reauth.later"));
    }

    [Fact]
    public async Task A_post_after_the_window_is_sent_to_re_authenticate_and_does_nothing()
    {
        await portal.CreateUserAsync("reauth.post", PortalRoles.Staff);
        using var client = await portal.SignedInClientAsync("reauth.post");
        var page = await client.GetDocumentAsync("/account/security/recovery-codes");
        var before = await RecoveryCodeCountAsync("reauth.post");
        portal.Clock.Advance(TimeSpan.FromMinutes(11));

        using var response = await client.SubmitAsync(page.Form("/account/security/recovery-codes"), new Dictionary<string, string>());

        Assert.Equal("/account/reauthenticate?returnUrl=%2Faccount%2Fsecurity%2Frecovery-codes", response.Headers.Location?.OriginalString);
        Assert.Equal(before, await RecoveryCodeCountAsync("reauth.post"));
    }

    [Fact]
    public async Task New_recovery_codes_are_shown_once_and_the_old_ones_stop_working()
    {
        await portal.CreateUserAsync("codes.user", PortalRoles.Staff);
        var old = await portal.WithServiceAsync<string, UserManager<PortalUser>>(async users =>
            (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByNameAsync("codes.user"))!, 10))!.First());
        using var client = await portal.SignedInClientAsync("codes.user");
        var page = await client.GetDocumentAsync("/account/security/recovery-codes");

        using var made = await client.SubmitAsync(page.Form("/account/security/recovery-codes"), new Dictionary<string, string>());

        var shown = await client.FollowAsync(made);
        var codes = shown.QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(10, codes.Count);
        Assert.DoesNotContain(old, codes);
        var reloaded = await client.GetDocumentAsync("/account/security/recovery-codes");
        Assert.Empty(reloaded.QuerySelectorAll("#recovery-codes li"));
        Assert.False(await SignsInWithCodeAsync("codes.user", old));
        Assert.True(await SignsInWithCodeAsync("codes.user", codes[0]));
    }

    [Fact]
    public async Task Re_enrolling_keeps_the_old_authenticator_until_a_new_code_proves_the_new_one_then_ends_the_other_sessions()
    {
        await portal.CreateUserAsync("new.phone", PortalRoles.Staff);
        using var elsewhere = await portal.SignedInClientAsync("new.phone");
        using var client = await portal.SignedInClientAsync("new.phone");
        var page = await client.GetDocumentAsync("/account/security/authenticator");
        var newKey = RegistrationSteps.AuthenticatorKey(page);
        Assert.NotEqual(PortalFactory.TestAuthenticatorKey, newKey);
        // Not yet proven: the old authenticator still signs in.
        Assert.True(await SignsInWithCodeAsync("new.phone", await portal.NextCodeAsync("new.phone", PortalFactory.TestAuthenticatorKey)));
        using var wrong = await client.SubmitAsync(page.Form("/account/security/authenticator"),
            new Dictionary<string, string> { ["Input.Code"] = RegistrationSteps.CodeFor(PortalFactory.TestAuthenticatorKey) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);

        using var switched = await client.SubmitAsync(page.Form("/account/security/authenticator"),
            new Dictionary<string, string> { ["Input.Code"] = RegistrationSteps.CodeFor(newKey) });

        Assert.Equal("/account/security/recovery-codes", switched.Headers.Location?.OriginalString);
        var codes = await client.FollowAsync(switched);
        Assert.Equal(10, codes.QuerySelectorAll("#recovery-codes li").Length);
        using var stillHere = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stillHere.StatusCode);
        using var other = await elsewhere.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.False(await SignsInWithCodeAsync("new.phone", await portal.NextCodeAsync("new.phone", PortalFactory.TestAuthenticatorKey)));
        Assert.True(await SignsInWithCodeAsync("new.phone", await portal.NextCodeAsync("new.phone", newKey)));
    }

    [Fact]
    public async Task The_security_pages_need_a_signed_in_user()
    {
        using var client = portal.CreatePortalClient();

        foreach (var path in new[] { "/account/security", "/account/security/authenticator", "/account/reauthenticate", "/account/sessions" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("https://localhost/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    private static Task<HttpResponseMessage> SubmitReauthAsync(HttpClient client, IDocument form, string password, string code) =>
        client.SubmitAsync(form.Form("/account/reauthenticate"), new Dictionary<string, string> { ["Password"] = password, ["Code"] = code });

    private Task<int> FailedCountAsync(string userName) =>
        portal.WithServiceAsync<int, UserManager<PortalUser>>(async users => await users.GetAccessFailedCountAsync((await users.FindByNameAsync(userName))!));

    private Task<int> RecoveryCodeCountAsync(string userName) =>
        portal.WithServiceAsync<int, UserManager<PortalUser>>(async users => await users.CountRecoveryCodesAsync((await users.FindByNameAsync(userName))!));

    private async Task<bool> SignsInWithCodeAsync(string userName, string code)
    {
        using var client = portal.CreatePortalClient();
        using var password = await client.SignInAsync(userName, PortalFactory.TestPassword);
        if (password.Headers.Location is null)
        {
            return false;
        }

        var page = await client.GetDocumentAsync(password.Headers.Location.OriginalString);
        using var response = await client.SubmitAsync(page.Form("/account/login/two-factor"), new Dictionary<string, string> { ["Code"] = code });
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/account/start";
    }
}
