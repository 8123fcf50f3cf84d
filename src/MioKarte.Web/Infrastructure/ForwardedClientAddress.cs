using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// The client's address behind a reverse proxy: <c>X-Forwarded-For</c> is believed only on
/// connections from the proxies listed in <c>ForwardedHeaders:TrustedProxies</c> (configuration
/// only; none by default, and not even loopback), and only its last hop. Everything that keys on
/// the client address — the sign-in hold (F4), the application form's rate limit, the access log —
/// then sees the person's address instead of the proxy's, so a hold behind a proxy does not hold
/// everyone. The connection's own peer is kept as <see cref="ConnectionPeer"/> for the checks that
/// must know the proxy itself (a forwarded client certificate).
/// <c>X-Forwarded-Proto</c> is believed from the same proxies: where TLS ends at the proxy, the node
/// hears plain HTTP, and without the proxy's word the request would not count as HTTPS — the
/// antiforgery system (its cookie is <c>Secure</c> only) then refuses every form with a 500.
/// </summary>
public static class ForwardedClientAddress
{
    public const string SectionName = "ForwardedHeaders";

    public static void AddForwardedClientAddress(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var proxies = builder.Configuration.GetSection(SectionName + ":TrustedProxies").Get<string[]>() ?? [];
        var parsed = proxies.Select(p => IPAddress.TryParse(p, out var address)
            ? address
            : throw new InvalidOperationException($"{SectionName}:TrustedProxies: '{p}' is not an IP address.")).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default: here only what the operator listed.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in parsed)
            {
                o.KnownProxies.Add(address);
                if (!address.IsIPv4MappedToIPv6 && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    o.KnownProxies.Add(address.MapToIPv6());
                }
            }

            o.ForwardLimit = 1;
        });
    }

    /// <summary>First in the pipeline: remembers the connection's peer, then applies the trusted proxy's header.</summary>
    public static void UseForwardedClientAddress(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((context, next) =>
        {
            context.Features.Set(new ConnectionPeer(context.Connection.RemoteIpAddress));
            return next(context);
        });
        // With no proxy listed the middleware would believe anyone (empty lists mean "all"): leave it out.
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
        if (options.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }
    }

    /// <summary>The address the TCP connection came from (the proxy, when there is one).</summary>
    public static IPAddress? PeerOf(HttpContext context) =>
        context?.Features.Get<ConnectionPeer>()?.Address ?? context?.Connection.RemoteIpAddress;
}

/// <summary>The connection's own peer address, before <c>X-Forwarded-For</c> was applied.</summary>
public sealed record ConnectionPeer(IPAddress? Address);
