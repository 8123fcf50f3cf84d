using Microsoft.AspNetCore.Authentication.Cookies;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Session rules for the sign-in cookie: 15 minutes idle (sliding), never persistent, and 12 hours
/// absolute from the moment of sign-in, however active the user is. The absolute limit is the
/// session row's start (<see cref="SessionGate"/>, which checks every request against the
/// server-side session registry and ends the row when the limit is past).
/// </summary>
public static class SessionLifetime
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(12);

    public static void Configure(CookieAuthenticationOptions cookie)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        cookie.ExpireTimeSpan = IdleTimeout;
        cookie.SlidingExpiration = true;
        cookie.Events.OnSigningIn = context =>
        {
            // Never a persistent cookie: closing the browser ends the session.
            context.Properties.IsPersistent = false;
            return SessionGate.SigningInAsync(context);
        };
        // Every request: the session row, the account and the facility, in one query.
        cookie.Events.OnValidatePrincipal = SessionGate.ValidateAsync;
    }
}
