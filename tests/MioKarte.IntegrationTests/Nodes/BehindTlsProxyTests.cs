using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Account;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Nodes;

/// <summary>
/// A node behind a TLS-terminating reverse proxy (scripts/test-cluster.sh, nginx): the person's
/// browser speaks HTTPS to the proxy, the proxy plain HTTP to the node with <c>X-Forwarded-Proto:
/// https</c>. Found by the cluster test: before the node believed that header, every page with a
/// form answered 500 (the antiforgery cookie is <c>Secure</c> only, and the request was not HTTPS).
/// </summary>
public sealed class BehindTlsProxyTests(ProxiedPortal portal) : IClassFixture<ProxiedPortal>
{
    [Fact]
    public async Task A_user_signs_in_through_a_trusted_proxy_that_ended_TLS()
    {
        await portal.CreateUserAsync("tls.proxied", PortalRoles.CouncilStaff);
        using var client = ClientVia(ProxiedPortal.Proxy);

        using var signedIn = await client.SignInWithCodeAsync("tls.proxied");

        Assert.Equal("/account/start", signedIn.Headers.Location?.OriginalString);
        using var account = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
    }

    [Fact]
    public async Task X_forwarded_proto_from_an_untrusted_peer_does_not_make_plain_HTTP_count_as_HTTPS()
    {
        using var client = ClientVia("192.0.2.98");

        // The sign-in form cannot be served over plain HTTP: the header was not believed, and the
        // antiforgery system refuses (the in-memory server hands the exception to the test).
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => client.GetAsync(new Uri("/account/login", UriKind.Relative)));
        Assert.Contains("not an SSL request", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The browser side keeps its cookies as for https://localhost (so <c>Secure</c> cookies travel);
    /// the proxy side reaches the node over plain HTTP from <paramref name="peer"/>.
    /// </summary>
    private HttpClient ClientVia(string peer)
    {
        var client = portal.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(), new TlsEndsAtProxy(peer));
        AuthenticatorCodes.Remember(client, portal);
        return client;
    }

    private sealed class TlsEndsAtProxy(string peer) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = Uri.UriSchemeHttp, Port = 80 }.Uri;
            request.Headers.Add(ProxiedPortal.PeerHeader, peer);
            request.Headers.Add("X-Forwarded-For", "203.0.113.60");
            request.Headers.Add("X-Forwarded-Proto", "https");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
