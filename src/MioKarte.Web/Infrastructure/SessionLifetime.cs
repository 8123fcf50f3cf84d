using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Session rules for the sign-in cookie: 15 minutes idle (sliding), 12 hours absolute from the
/// moment of sign-in, however active the user is. The sign-in time travels in the ticket's
/// properties, which survive sliding renewal and a refreshed sign-in. Every request is also checked
/// against the server-side session registry (<see cref="SessionGate"/>).
/// </summary>
public static class SessionLifetime
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);
    internal const string SignedInAtKey = "mio.signed-in-at";

    public static void Configure(CookieAuthenticationOptions cookie)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        cookie.ExpireTimeSpan = IdleTimeout;
        cookie.SlidingExpiration = true;
        cookie.Events.OnSigningIn = async context =>
        {
            if (!context.Properties.Items.ContainsKey(SignedInAtKey))
            {
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                context.Properties.Items[SignedInAtKey] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            // Never a persistent cookie: closing the browser ends the session.
            context.Properties.IsPersistent = false;
            await SessionGate.SigningInAsync(context);
        };
        cookie.Events.OnValidatePrincipal = async context =>
        {
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            if (IsPastAbsoluteLimit(context.Properties, now))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }

            // Every request: the session row, the account and the facility (SessionGate).
            await SessionGate.ValidateAsync(context);
        };
    }

    /// <summary>When the session began, from the ticket; null for a ticket this portal did not make.</summary>
    public static DateTimeOffset? SignedInAt(AuthenticationProperties? properties) =>
        properties is not null &&
        properties.Items.TryGetValue(SignedInAtKey, out var value) &&
        long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    internal static bool IsPastAbsoluteLimit(AuthenticationProperties properties, DateTimeOffset now) =>
        // A ticket without a sign-in time was not made by this portal's sign-in: refuse it.
        SignedInAt(properties) is not { } signedInAt || now - signedInAt > AbsoluteTimeout;
}
