using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>
/// RFC 6238 §5.2: an authenticator code that was accepted once is refused for the rest of its
/// window — at sign-in, at 再認証 and when two browsers post it at the same moment. Recovery codes
/// work once as well, also when posted twice at once.
/// </summary>
public sealed class OneTimeCodeTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_code_that_signed_in_once_is_refused_when_typed_again()
    {
        await portal.CreateUserAsync("otp.twice", PortalRoles.Staff);
        var code = RegistrationSteps.CodeFor(PortalFactory.TestAuthenticatorKey);
        using var first = portal.CreatePortalClient();
        using var second = portal.CreatePortalClient();

        using var accepted = await PostCodeAsync(first, "otp.twice", code);
        using var replayed = await PostCodeAsync(second, "otp.twice", code);

        Assert.Equal("/account/start", accepted.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("確認コードが正しくありません。", (await HtmlClient.ParseAsync(replayed)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        using var account = await second.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
    }

    [Fact]
    public async Task Two_browsers_posting_the_same_code_at_once_let_only_one_in()
    {
        await portal.CreateUserAsync("otp.race", PortalRoles.Staff);

        Assert.Equal(1, await SignedInOfTwoAtOnceAsync("otp.race", RegistrationSteps.CodeFor(PortalFactory.TestAuthenticatorKey)));
    }

    [Fact]
    public async Task The_code_of_the_sign_in_does_not_pass_the_re_authentication()
    {
        await portal.CreateUserAsync("otp.reauth", PortalRoles.Staff);
        var code = RegistrationSteps.CodeFor(PortalFactory.TestAuthenticatorKey);
        using var client = portal.CreatePortalClient();
        using var signedIn = await PostCodeAsync(client, "otp.reauth", code);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        var form = await client.GetDocumentAsync("/account/reauthenticate?returnUrl=%2Faccount%2Fpassword");
        using var replayed = await client.SubmitAsync(form.Form("/account/reauthenticate"),
            new Dictionary<string, string> { ["Password"] = PortalFactory.TestPassword, ["Code"] = code });

        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("パスワードまたは確認コードが正しくありません。", (await HtmlClient.ParseAsync(replayed)).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recovery_code_posted_by_two_browsers_at_once_lets_only_one_in()
    {
        await portal.CreateUserAsync("otp.recovery", PortalRoles.Staff);
        var recoveryCode = await portal.WithServiceAsync<string, UserManager<PortalUser>>(async users =>
            (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByNameAsync("otp.recovery"))!, 1))!.Single());

        Assert.Equal(1, await SignedInOfTwoAtOnceAsync("otp.recovery", recoveryCode));
    }

    /// <summary>Two browsers past the password post <paramref name="code"/> at the same moment: how many got in.</summary>
    private async Task<int> SignedInOfTwoAtOnceAsync(string userName, string code)
    {
        using var left = portal.CreatePortalClient();
        using var right = portal.CreatePortalClient();
        var leftPage = await CodePageAsync(left, userName);
        var rightPage = await CodePageAsync(right, userName);

        var answers = await Task.WhenAll(SubmitCodeAsync(left, leftPage, code), SubmitCodeAsync(right, rightPage, code));
        var signedIn = answers.Count(a => a.StatusCode == HttpStatusCode.Redirect);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        return signedIn;
    }

    private static async Task<IDocument> CodePageAsync(HttpClient client, string userName)
    {
        using var password = await client.SignInAsync(userName, PortalFactory.TestPassword);
        return await client.GetDocumentAsync(password.Headers.Location!.OriginalString);
    }

    private static Task<HttpResponseMessage> SubmitCodeAsync(HttpClient client, IDocument page, string code) =>
        client.SubmitAsync(page.Form("/account/login/two-factor"), new Dictionary<string, string> { ["Code"] = code });

    private static async Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string userName, string code) =>
        await SubmitCodeAsync(client, await CodePageAsync(client, userName), code);
}
