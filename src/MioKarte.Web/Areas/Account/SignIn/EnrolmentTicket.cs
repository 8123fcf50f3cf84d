using Microsoft.AspNetCore.DataProtection;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.SignIn;

/// <summary>
/// The pass between a correct password and a first authenticator enrolment, for a user who must
/// use two-factor sign-in and has no authenticator yet: a data-protected, HttpOnly cookie naming
/// the account, its security stamp at the password step (a password reset meanwhile voids it) and
/// the new authenticator key, which is stored only when a code proves the app has it. Lasts
/// <see cref="Lifetime"/>, measured with the portal's clock.
/// </summary>
public static class EnrolmentTicket
{
    public const string CookieName = "__Host-MioKarte.Enrolment";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private const string Purpose = "MioKarte.Account.EnrolmentTicket";

    public static void Issue(HttpContext http, string userId, string securityStamp, string key)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ticket = ExpiringSeal.Seal(Protector(http), Clock(http), Lifetime, userId, securityStamp, key);
        http.Response.Cookies.Append(CookieName, ticket, Options());
    }

    public static (string UserId, string SecurityStamp, string Key)? Read(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Request.Cookies.TryGetValue(CookieName, out var value);
        return ExpiringSeal.Open(Protector(http), Clock(http), value, maxLength: 2000) is [var userId, var stamp, var key]
            ? (userId, stamp, key)
            : null;
    }

    public static void Clear(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(CookieName, Options());
    }

    private static CookieOptions Options() => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };

    private static TimeProvider Clock(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>();

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
}
