using System.Net;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;
using MioKarte.Development;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>
/// Signs in through the real sign-in pages, as a user would: the password, then the code of the
/// authenticator (every role must use two-factor sign-in; users made by
/// <see cref="PortalFactory.CreateUserAsync"/> are enrolled with <see cref="PortalFactory.TestAuthenticatorKey"/>).
/// </summary>
public static class SignInSteps
{
    public const string CouncilStaffName = "連絡協議会 職員";

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string userName, string password)
    {
        var page = await client.GetDocumentAsync("/account/login");
        return await client.SubmitAsync(page.Form("/account/login"), new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
        });
    }

    /// <summary>
    /// Password, then an authenticator code of <paramref name="authenticatorKey"/> the account has not
    /// used yet (<see cref="AuthenticatorCodes"/>; default key: <see cref="PortalFactory.TestAuthenticatorKey"/>,
    /// or the demo key with the demo password).
    /// Returns the response of the code step, a redirect into the portal.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInWithCodeAsync(
        this HttpClient client, string userName, string password = PortalFactory.TestPassword, string? authenticatorKey = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.SignInAsync(userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var codePage = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/login/two-factor", codePage, StringComparison.Ordinal);
        var page = await client.GetDocumentAsync(codePage);
        var key = authenticatorKey ?? (password == DemoAccounts.Password ? DemoAccounts.AuthenticatorKey : PortalFactory.TestAuthenticatorKey);
        var signedIn = await client.SubmitAsync(page.Form("/account/login/two-factor"), new Dictionary<string, string>
        {
            ["Code"] = await client.NextCodeAsync(userName, key),
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        AuthenticatorCodes.RememberUser(client, userName);
        Assert.DoesNotContain("/account/login", signedIn.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        return signedIn;
    }

    public static async Task SignInSuccessfullyAsync(
        this HttpClient client, string userName, string password = PortalFactory.TestPassword, string? authenticatorKey = null)
    {
        using var response = await client.SignInWithCodeAsync(userName, password, authenticatorKey);
    }

    /// <summary>
    /// 再認証 on the page a sensitive action redirected to (<paramref name="asked"/>), with the test
    /// password and an unused code of the user who signed in with this client; returns the redirect
    /// back to the action's address.
    /// </summary>
    public static async Task<HttpResponseMessage> ReauthenticateAsync(this HttpClient client, HttpResponseMessage asked)
    {
        ArgumentNullException.ThrowIfNull(asked);
        var location = asked.Headers.Location?.OriginalString ?? "";
        Assert.StartsWith("/account/reauthenticate?returnUrl=", location, StringComparison.Ordinal);
        var page = await client.GetDocumentAsync(location);
        var back = await client.SubmitAsync(page.Form("/account/reauthenticate"), new Dictionary<string, string>
        {
            ["Password"] = PortalFactory.TestPassword,
            ["Code"] = await client.NextCodeAsync(AuthenticatorCodes.SignedInUserOf(client), PortalFactory.TestAuthenticatorKey),
        });
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        return back;
    }

    /// <summary>A new client, signed in (password and authenticator code) as <paramref name="userName"/>.</summary>
    public static async Task<HttpClient> SignedInClientAsync(
        this PortalFactory portal, string userName, string password = PortalFactory.TestPassword, string? authenticatorKey = null)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync(userName, password, authenticatorKey);
        return client;
    }

    /// <summary>A council staff member, created on first use (the tests of a class share one portal).</summary>
    public static async Task EnsureCouncilStaffAsync(this PortalFactory portal, string userName, string displayName = CouncilStaffName)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var exists = await portal.WithServiceAsync<bool, UserManager<PortalUser>>(async users => await users.FindByNameAsync(userName) is not null);
        if (!exists)
        {
            await portal.CreateUserAsync(userName, PortalRoles.CouncilStaff, displayName);
        }
    }

    /// <summary>A new client signed in as council staff member <paramref name="userName"/>, created on first use.</summary>
    public static async Task<HttpClient> CouncilStaffClientAsync(this PortalFactory portal, string userName, string displayName = CouncilStaffName)
    {
        await portal.EnsureCouncilStaffAsync(userName, displayName);
        return await portal.SignedInClientAsync(userName);
    }
}
