using System.Net;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

public sealed class AntiforgeryTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/logout")]
    [InlineData("/culture")]
    public async Task A_post_without_the_antiforgery_token_is_refused(string path)
    {
        // Signed in, so the antiforgery check (not the sign-in redirect) is what answers.
        var userName = "csrf" + path.Replace('/', '.');
        await portal.CreateUserAsync(userName, MioKarte.Core.Identity.PortalRoles.Staff);
        using var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync(userName);
        await client.GetDocumentAsync("/"); // the antiforgery cookie is set; the form token is not sent below

        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "someone",
            ["Password"] = "Some-Passw0rd-2026",
            ["culture"] = "en",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_host_prefixed_and_secure()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri("/account/login", UriKind.Relative));

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-MioKarte.Antiforgery=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
