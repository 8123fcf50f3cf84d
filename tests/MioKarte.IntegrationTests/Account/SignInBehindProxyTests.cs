using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>The portal behind a reverse proxy at 10.0.0.5, the only trusted proxy in its configuration.</summary>
public sealed class ProxiedPortal : PortalFactory
{
    public const string Proxy = "10.0.0.5";
    public const string PeerHeader = "X-Test-Peer-Address";

    public ProxiedPortal()
    {
        Settings = new Dictionary<string, string?> { ["ForwardedHeaders:TrustedProxies:0"] = Proxy };
        TestServices = services => services.AddSingleton<IStartupFilter>(new PeerFromHeader());
    }

    /// <summary>The in-memory server has no connection: the TCP peer comes from a test header.</summary>
    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[PeerHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                await following(context);
            });
            next(app);
        };
    }
}

/// <summary>
/// F4 behind a proxy: the sign-in hold is per typed ID and <i>client</i> address, the one the
/// trusted proxy forwards, so a guesser held back does not hold back everyone behind the proxy;
/// X-Forwarded-For from anyone else is ignored, so a guesser cannot shake off the hold with it.
/// </summary>
public sealed class SignInBehindProxyTests(ProxiedPortal portal) : IClassFixture<ProxiedPortal>
{
    [Fact]
    public async Task A_guesser_held_behind_the_proxy_does_not_hold_the_user_at_another_address()
    {
        await portal.CreateUserAsync("proxy.victim", PortalRoles.CouncilStaff);
        using var attacker = ClientVia(ProxiedPortal.Proxy, forwardedFor: "198.51.100.7");
        await GuessUntilHeldAsync(attacker, "proxy.victim");

        using var victim = ClientVia(ProxiedPortal.Proxy, forwardedFor: "203.0.113.44");
        using var signedIn = await victim.SignInWithCodeAsync("proxy.victim");

        Assert.Equal("/account/start", signedIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task X_forwarded_for_from_an_untrusted_peer_is_ignored()
    {
        await portal.CreateUserAsync("proxy.spoofed", PortalRoles.CouncilStaff);
        using var attacker = ClientVia("192.0.2.99", forwardedFor: "198.51.100.8");
        await GuessUntilHeldAsync(attacker, "proxy.spoofed");

        // The same untrusted peer claiming another client address is still held back.
        using var spoofing = ClientVia("192.0.2.99", forwardedFor: "203.0.113.45");
        using var held = await spoofing.SignInAsync("proxy.spoofed", PortalFactory.TestPassword);

        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
    }

    private async Task GuessUntilHeldAsync(HttpClient client, string userName)
    {
        for (var attempt = 1; attempt <= Web.Areas.Account.SignIn.SignInThrottle.FreeFailures; attempt++)
        {
            using var failed = await client.SignInAsync(userName, "Guess-Passw0rd-" + attempt);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        // Held now: even the right password gets the failure page (200), not the code step (302).
        using var held = await client.SignInAsync(userName, PortalFactory.TestPassword);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
    }

    private HttpClient ClientVia(string peer, string forwardedFor)
    {
        var client = portal.CreatePortalClient();
        client.DefaultRequestHeaders.Add(ProxiedPortal.PeerHeader, peer);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }
}
