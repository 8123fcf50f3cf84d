using System.Net;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>Idle 15 minutes, absolute 12 hours: each test has its own portal because each moves the clock.</summary>
public sealed class SessionTests : IDisposable
{
    private readonly PortalFactory portal = new();

    [Fact]
    public async Task The_sign_in_cookie_is_host_prefixed_secure_http_only_strict_and_not_persistent()
    {
        await portal.CreateUserAsync("cookie.user", PortalRoles.Staff);
        using var client = portal.CreatePortalClient();

        using var response = await client.SignInWithCodeAsync("cookie.user");

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-MioKarte=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_session_left_idle_for_more_than_15_minutes_asks_to_sign_in_again()
    {
        await portal.CreateUserAsync("idle.user", PortalRoles.Staff);
        using var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync("idle.user");
        portal.Clock.Advance(TimeSpan.FromMinutes(14));
        await client.GetDocumentAsync("/account");

        portal.Clock.Advance(TimeSpan.FromMinutes(16));
        using var response = await client.GetAsync(new Uri("/account", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_active_session_still_ends_12_hours_after_sign_in()
    {
        await portal.CreateUserAsync("busy.user", PortalRoles.Staff);
        using var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync("busy.user");

        // Active every ten minutes, so the idle limit never strikes.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.8); elapsed += TimeSpan.FromMinutes(10))
        {
            portal.Clock.Advance(TimeSpan.FromMinutes(10));
            using var ok = await client.GetAsync(new Uri("/account", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        portal.Clock.Advance(TimeSpan.FromMinutes(14));
        using var response = await client.GetAsync(new Uri("/account", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public void Dispose() => portal.Dispose();
}
