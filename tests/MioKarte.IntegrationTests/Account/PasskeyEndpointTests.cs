using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Incidents;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>
/// Passkeys through the portal's real endpoints with a software authenticator (beside the Chromium
/// journey in PasskeyJourneyTests): registration and assertion succeed, and every refusal holds —
/// another origin, another challenge, another user's passkey, passkey-only sign-in where the
/// facility does not allow it, another facility's 管理責任者 removing passkeys, a removed passkey.
/// </summary>
public sealed class PasskeyEndpointTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string PasskeysPath = "/account/security/passkeys";

    [Fact]
    public async Task A_passkey_registered_through_the_endpoints_is_the_second_factor_after_the_password()
    {
        var facility = await portal.AddFacilityAsync("パスキー登録診療所");
        var user = await portal.CreateUserAsync("pk.register", PortalRoles.Staff, facilityId: facility.Id);
        using var authenticator = new SoftwareAuthenticator();
        await RegisterForAsync(user, authenticator);

        Assert.Equal(1, await PasskeyCountAsync(user.Id));
        using var other = portal.CreatePortalClient();
        using var signedIn = await SecondFactorAsync(other, user.UserName!, authenticator);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("/account/login", signedIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example", null)]
    [InlineData(SoftwareAuthenticator.PortalOrigin, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_registration_from_another_origin_or_for_another_challenge_is_refused_and_nothing_is_saved(string origin, string? challenge)
    {
        var facility = await portal.AddFacilityAsync("パスキー拒否診療所");
        var user = await portal.CreateUserAsync($"pk.forged.{(challenge is null ? "origin" : "challenge")}", PortalRoles.Staff, facilityId: facility.Id);
        using var authenticator = new SoftwareAuthenticator();
        using var client = await portal.SignedInClientAsync(user.UserName!);

        using var refused = await RegisterAsync(client, authenticator, origin, challenge);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("パスキーを登録できませんでした", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await PasskeyCountAsync(user.Id));
    }

    [Fact]
    public async Task A_second_factor_answered_with_another_users_passkey_is_refused()
    {
        var facility = await portal.AddFacilityAsync("他人パスキー診療所");
        var owner = await portal.CreateUserAsync("pk.owner", PortalRoles.Staff, facilityId: facility.Id);
        var victim = await portal.CreateUserAsync("pk.victim", PortalRoles.Staff, facilityId: facility.Id);
        using var ownersKey = new SoftwareAuthenticator();
        using var victimsKey = new SoftwareAuthenticator();
        await RegisterForAsync(owner, ownersKey);
        await RegisterForAsync(victim, victimsKey);

        using var attacker = portal.CreatePortalClient();
        using var refused = await SecondFactorAsync(attacker, victim.UserName!, ownersKey);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("パスキーを確認できませんでした", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var stillOut = await attacker.GetAsync(new Uri(PasskeysPath, UriKind.Relative));
        // Still signed out: sent to sign-in (the cookie handler answers an absolute address, so compare the path).
        Assert.Equal(HttpStatusCode.Redirect, stillOut.StatusCode);
        Assert.Equal("/account/login", new Uri(attacker.BaseAddress!, stillOut.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task Sign_in_with_the_passkey_alone_works_only_where_the_facility_allows_it()
    {
        var allowing = await portal.AddFacilityAsync("パスキー許可診療所", then: f => f.SetPasskeySignIn(true, "seed", portal.Clock.GetUtcNow().UtcDateTime));
        var refusing = await portal.AddFacilityAsync("パスキー不許可診療所");
        var allowed = await portal.CreateUserAsync("pk.alone.allowed", PortalRoles.Staff, facilityId: allowing.Id);
        var notAllowed = await portal.CreateUserAsync("pk.alone.refused", PortalRoles.Staff, facilityId: refusing.Id);
        using var allowedKey = new SoftwareAuthenticator();
        using var notAllowedKey = new SoftwareAuthenticator();
        await RegisterForAsync(allowed, allowedKey);
        await RegisterForAsync(notAllowed, notAllowedKey);

        using var refusedClient = portal.CreatePortalClient();
        using var refused = await PasskeyOnlyAsync(refusedClient, notAllowedKey);
        using var allowedClient = portal.CreatePortalClient();
        using var signedIn = await PasskeyOnlyAsync(allowedClient, allowedKey);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("所属施設ではパスキーだけでのログインが許可されていません", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("/account/login", signedIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_facilitys_administrator_cannot_remove_passkeys_and_a_removed_passkey_no_longer_signs_in()
    {
        var home = await portal.AddFacilityAsync("パスキー所属診療所", then: f => f.SetPasskeySignIn(true, "seed", portal.Clock.GetUtcNow().UtcDateTime));
        var elsewhere = await portal.AddFacilityAsync("パスキー他施設診療所");
        var doctor = await portal.CreateUserAsync("pk.lost.device", PortalRoles.Staff, facilityId: home.Id);
        await portal.CreateFacilityAdministratorAsync("pk.admin.home", home.Id);
        var foreignAdmin = await portal.CreateFacilityAdministratorAsync("pk.admin.elsewhere", elsewhere.Id);
        using var key = new SoftwareAuthenticator();
        await RegisterForAsync(doctor, key);

        // Another facility's 管理責任者, with a valid antiforgery token of their own, aims at the doctor's id.
        using var foreign = await portal.SignedInClientAsync(foreignAdmin.UserName!);
        var foreignPage = await foreign.GetDocumentAsync($"/facility/users/{foreignAdmin.Id}");
        using var notFound = await foreign.PostWithTokenAsync(foreignPage, $"/facility/users/{doctor.Id}/remove-passkeys", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(1, await PasskeyCountAsync(doctor.Id));
        using (var stillWorks = portal.CreatePortalClient())
        {
            using var signedIn = await PasskeyOnlyAsync(stillWorks, key);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        // The doctor's own 管理責任者 removes them (a lost device); the same passkey then signs in no more.
        using var admin = await portal.SignedInClientAsync("pk.admin.home");
        var doctorPage = await admin.GetDocumentAsync($"/facility/users/{doctor.Id}");
        using var removed = await admin.SubmitAsync(doctorPage.Form($"/facility/users/{doctor.Id}/remove-passkeys"), new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(0, await PasskeyCountAsync(doctor.Id));

        using var later = portal.CreatePortalClient();
        using var refused = await PasskeyOnlyAsync(later, key);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("パスキーでログインできませんでした", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var password = await later.SignInAsync(doctor.UserName!, PortalFactory.TestPassword);
        var codePage = await later.GetDocumentAsync(password.Headers.Location!.OriginalString);
        Assert.Empty(codePage.QuerySelectorAll("form[action='/account/login/two-factor/passkey']"));
    }

    /// <summary>Signs <paramref name="user"/> in and registers <paramref name="key"/> as their passkey through マイページ.</summary>
    private async Task RegisterForAsync(PortalUser user, SoftwareAuthenticator key)
    {
        using var client = await portal.SignedInClientAsync(user.UserName!);
        using var added = await RegisterAsync(client, key);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
    }

    /// <summary>マイページ → パスキー → 登録: the options (antiforgery header), the authenticator's answer, the form post.</summary>
    private static async Task<HttpResponseMessage> RegisterAsync(
        HttpClient client, SoftwareAuthenticator authenticator, string origin = SoftwareAuthenticator.PortalOrigin, string? challenge = null)
    {
        using (var first = await client.GetAsync(new Uri(PasskeysPath, UriKind.Relative)))
        {
            if (first.StatusCode == HttpStatusCode.Redirect)
            {
                using var back = await client.ReauthenticateAsync(first);
            }
        }

        var page = await client.GetDocumentAsync(PasskeysPath);
        using var options = await PostOptionsAsync(client, page, PasskeysPath, PasskeysPath + "/options");
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        var answer = authenticator.Register(await options.Content.ReadAsStringAsync(), origin, challenge);
        return await client.SubmitAsync(page.Form(PasskeysPath), new Dictionary<string, string>
        {
            ["Input.Name"] = "試験端末",
            ["Input.CredentialJson"] = answer,
        });
    }

    /// <summary>The password, then 「パスキーで確認してログイン」 on the code page with <paramref name="authenticator"/>.</summary>
    private static async Task<HttpResponseMessage> SecondFactorAsync(HttpClient client, string userName, SoftwareAuthenticator authenticator)
    {
        using var password = await client.SignInAsync(userName, PortalFactory.TestPassword);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var codePage = await client.GetDocumentAsync(password.Headers.Location!.OriginalString);
        using var options = await PostOptionsAsync(client, codePage, "/account/login/two-factor/passkey", "/account/login/two-factor/passkey/options");
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        return await client.SubmitAsync(codePage.Form("/account/login/two-factor/passkey"), new Dictionary<string, string>
        {
            ["CredentialJson"] = authenticator.Assert(await options.Content.ReadAsStringAsync()),
        });
    }

    /// <summary>「パスキーでログイン」 on the sign-in page: no 利用者ID, no password.</summary>
    private static async Task<HttpResponseMessage> PasskeyOnlyAsync(HttpClient client, SoftwareAuthenticator authenticator)
    {
        var page = await client.GetDocumentAsync("/account/login");
        using var options = await PostOptionsAsync(client, page, "/account/login/passkey", "/account/login/passkey/options");
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        return await client.SubmitAsync(page.Form("/account/login/passkey"), new Dictionary<string, string>
        {
            ["CredentialJson"] = authenticator.Assert(await options.Content.ReadAsStringAsync()),
        });
    }

    /// <summary>What passkeys.js does first: POST the options address with the form's antiforgery token in X-CSRF-TOKEN.</summary>
    private static async Task<HttpResponseMessage> PostOptionsAsync(HttpClient client, IDocument page, string formAction, string optionsPath)
    {
        var token = page.Form(formAction).QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(optionsPath, UriKind.Relative));
        request.Headers.Add("X-CSRF-TOKEN", token);
        request.Headers.Add("Accept", "application/json");
        return await client.SendAsync(request);
    }

    private Task<int> PasskeyCountAsync(string userId) =>
        portal.WithServiceAsync<int, UserManager<PortalUser>>(async users =>
            (await users.GetPasskeysAsync((await users.FindByIdAsync(userId))!)).Count);
}
