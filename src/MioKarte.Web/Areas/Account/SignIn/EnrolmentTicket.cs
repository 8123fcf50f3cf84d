using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.SignIn;

/// <summary>
/// The pass between a correct password and a first authenticator enrolment, for a user who must
/// use two-factor sign-in and has no authenticator yet: a <see cref="SealedCookie"/> naming the
/// account, its security stamp at the password step (a password reset meanwhile voids it) and the
/// new authenticator key, which is stored only when a code proves the app has it. Lasts
/// <see cref="Lifetime"/>, measured with the portal's clock.
/// </summary>
public static class EnrolmentTicket
{
    public const string CookieName = "__Host-MioKarte.Enrolment";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private static readonly SealedCookie Cookie = new(CookieName, "MioKarte.Account.EnrolmentTicket", Lifetime);

    public static void Issue(HttpContext http, string userId, string securityStamp, string key) =>
        Cookie.Issue(http, userId, securityStamp, key);

    public static (string UserId, string SecurityStamp, string Key)? Read(HttpContext http) =>
        Cookie.Read(http) is [var userId, var stamp, var key] ? (userId, stamp, key) : null;

    public static void Clear(HttpContext http) => Cookie.Clear(http);
}
