using Microsoft.AspNetCore.DataProtection;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Activation;

/// <summary>
/// The short-lived pass between setting the password and enrolling the authenticator: the mailed
/// token is consumed when the password is set, so the next step is reached with this data-protected,
/// HttpOnly cookie instead. It names the activation and the account and lasts
/// <see cref="Lifetime"/> (measured with the portal's clock). Without it, the administrator signs in
/// with the new password and is brought back to the authenticator step.
/// </summary>
public static class ActivationTicket
{
    public const string CookieName = "__Host-MioKarte.Activation";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private const string Purpose = "MioKarte.Account.ActivationTicket";

    public static void Issue(HttpContext http, Guid activationId, string userId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ticket = ExpiringSeal.Seal(Protector(http), Clock(http), Lifetime, activationId.ToString("N"), userId);
        http.Response.Cookies.Append(CookieName, ticket, Options());
    }

    /// <summary>The activation and account named by a valid, unexpired ticket; null otherwise.</summary>
    public static (Guid ActivationId, string UserId)? Read(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Request.Cookies.TryGetValue(CookieName, out var value);
        return ExpiringSeal.Open(Protector(http), Clock(http), value, maxLength: 2000) is [var activation, var userId] &&
               Guid.TryParseExact(activation, "N", out var activationId)
            ? (activationId, userId)
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
