using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Nodes;

/// <summary>
/// One portal node of a cluster: the first one owns a fresh data folder (SQLite file, network CA);
/// each further node is a second host over the same folder, as a second process behind a load
/// balancer would be. Nothing is shared in memory: keys, sessions, the access log and the outbox
/// meet only in the database.
/// </summary>
public sealed class ClusterNode : PortalFactory
{
    public ClusterNode(IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (settings is not null)
        {
            Settings = settings;
        }
    }

    /// <summary>A further node over <paramref name="first"/>'s database, with the same settings.</summary>
    public ClusterNode(ClusterNode first)
        : base(first)
    {
        ArgumentNullException.ThrowIfNull(first);
        Settings = first.Settings;
    }

    /// <summary>A client without a cookie jar: the test carries the sign-in cookie from node to node itself.</summary>
    public HttpClient CreateBareClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = false,
        HandleCookies = false,
    });

    /// <summary>The sign-in cookie (<c>name=value</c>) a response set.</summary>
    public static string SignInCookie(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.GetValues("Set-Cookie")
            .Single(c => c.StartsWith(PortalComposition.AuthCookieName + "=", StringComparison.Ordinal));
        return header[..header.IndexOf(';', StringComparison.Ordinal)];
    }

    /// <summary>GET /account with <paramref name="cookie"/>: 200 while the session lives, a redirect to sign-in after.</summary>
    public static async Task<HttpStatusCode> AccountPageAsync(HttpClient client, string cookie)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
