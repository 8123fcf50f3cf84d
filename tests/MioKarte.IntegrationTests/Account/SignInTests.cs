using System.Net;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Areas.Account.SignIn;

namespace MioKarte.IntegrationTests.Account;

public sealed class SignInTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_user_with_the_right_password_is_signed_in_and_greeted_by_name()
    {
        await portal.CreateUserAsync("nurse.ok", PortalRoles.Staff, "南多摩 花子");
        using var client = portal.CreatePortalClient();

        using var response = await client.SignInWithCodeAsync("nurse.ok", PortalFactory.TestPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/start", response.Headers.Location?.OriginalString);
        var home = await client.GetDocumentAsync("/");
        Assert.Contains("南多摩 花子 さん、ようこそ。", home.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(home.QuerySelector("form[action='/account/logout']"));
    }

    [Fact]
    public async Task A_wrong_password_shows_a_Japanese_message_and_keeps_the_user_signed_out()
    {
        await portal.CreateUserAsync("nurse.wrong", PortalRoles.Staff);
        using var client = portal.CreatePortalClient();

        using var response = await client.SignInAsync("nurse.wrong", "Not-The-Passw0rd!");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("利用者IDまたはパスワードが正しくありません。", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#Password")!).Value);
        using var account = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
    }

    [Fact]
    public async Task An_unknown_user_gets_the_same_message_as_a_wrong_password()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.SignInAsync("nobody.here", "Whatever-Passw0rd!");

        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("利用者IDまたはパスワードが正しくありません。", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_failures_in_a_row_hold_this_client_back_without_locking_the_account()
    {
        var user = await portal.CreateUserAsync("nurse.locked", PortalRoles.Staff);
        using var client = portal.CreatePortalClient();

        for (var attempt = 1; attempt <= SignInThrottle.FreeFailures; attempt++)
        {
            using var failed = await client.SignInAsync("nurse.locked", "Wrong-Passw0rd-" + attempt);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        using var held = await client.SignInAsync("nurse.locked", PortalFactory.TestPassword);

        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Contains("利用者IDまたはパスワードが正しくありません。", (await HtmlClient.ParseAsync(held)).Body!.TextContent, StringComparison.Ordinal);
        var lockoutEnd = await portal.WithServiceAsync<DateTimeOffset?, UserManager<PortalUser>>(async users =>
            await users.GetLockoutEndDateAsync((await users.FindByIdAsync(user.Id))!));
        Assert.Null(lockoutEnd);
        portal.Clock.Advance(SignInThrottle.FirstDelay);
        using var later = await client.SignInAsync("nurse.locked", PortalFactory.TestPassword);
        Assert.StartsWith("/account/login/two-factor", later.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_return_url_to_another_site_is_ignored()
    {
        await portal.CreateUserAsync("nurse.redirect", PortalRoles.Staff);
        using var client = portal.CreatePortalClient();
        var page = await client.GetDocumentAsync("/account/login?returnUrl=https%3A%2F%2Fevil.example%2F");

        using var response = await client.SubmitAsync(page.Form("/account/login"), new Dictionary<string, string>
        {
            ["UserName"] = "nurse.redirect",
            ["Password"] = PortalFactory.TestPassword,
        });

        Assert.Equal("/account/login/two-factor?returnUrl=%2Faccount%2Fstart", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await portal.CreateUserAsync("nurse.out", PortalRoles.Staff);
        using var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync("nurse.out");
        var home = await client.GetDocumentAsync("/");

        using var response = await client.SubmitAsync(home.Form("/account/logout"), new Dictionary<string, string>());

        Assert.Equal("/account/login?signedOut=1", response.Headers.Location?.OriginalString);
        using var account = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
    }

    [Fact]
    public async Task An_empty_form_is_answered_beside_each_field_in_Japanese()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.SignInAsync("", "");

        var page = await HtmlClient.ParseAsync(response);
        Assert.Equal("利用者IDを入力してください。", page.QuerySelector("[data-valmsg-for='UserName']")!.TextContent.Trim());
        Assert.Equal("パスワードを入力してください。", page.QuerySelector("[data-valmsg-for='Password']")!.TextContent.Trim());
    }
}
