using System.Runtime.CompilerServices;
using MioKarte.Core.Data;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>
/// Authenticator codes for signing in, found from the client or the portal: the code comes from
/// <see cref="UnusedAuthenticatorCode"/> (each step works once per account, and tests sign the same
/// user in several times a minute).
/// </summary>
public static class AuthenticatorCodes
{
    private static readonly ConditionalWeakTable<HttpClient, PortalFactory> PortalOf = new();
    private static readonly ConditionalWeakTable<HttpClient, string> UserOf = new();

    /// <summary>Called by <see cref="PortalFactory.CreatePortalClient"/>: the client's helpers find their portal.</summary>
    public static void Remember(HttpClient client, PortalFactory portal) => PortalOf.AddOrUpdate(client, portal);

    /// <summary>Remembers who signed in with <paramref name="client"/> (for 再認証, which needs a code of the same account).</summary>
    public static void RememberUser(HttpClient client, string userName) => UserOf.AddOrUpdate(client, userName);

    public static string SignedInUserOf(HttpClient client) =>
        UserOf.TryGetValue(client, out var userName) ? userName : throw new InvalidOperationException("Nobody signed in with this client through SignInSteps.");

    /// <summary>A code for <paramref name="userName"/> the portal of <paramref name="client"/> accepts now.</summary>
    public static Task<string> NextCodeAsync(this HttpClient client, string userName, string key) =>
        PortalOf.TryGetValue(client, out var portal)
            ? portal.NextCodeAsync(userName, key)
            : throw new InvalidOperationException("The client was not made by PortalFactory.CreatePortalClient.");

    /// <summary>A code of <paramref name="key"/> that <paramref name="userName"/> has not used yet and the portal accepts now.</summary>
    public static Task<string> NextCodeAsync(this PortalFactory portal, string userName, string key)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return portal.WithServiceAsync<string, MioKarteDbContext>(db => UnusedAuthenticatorCode.ForAsync(db, userName, key));
    }
}
