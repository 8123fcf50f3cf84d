using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

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
        var expires = Clock(http).GetUtcNow() + Lifetime;
        var payload = string.Join('|', activationId.ToString("N"), userId, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        http.Response.Cookies.Append(CookieName, Protector(http).Protect(payload), Options());
    }

    /// <summary>The activation and account named by a valid, unexpired ticket; null otherwise.</summary>
    public static (Guid ActivationId, string UserId)? Read(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value) || value.Length > 2000)
        {
            return null;
        }

        string payload;
        try
        {
            payload = Protector(http).Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split('|');
        return parts.Length == 3 &&
               Guid.TryParseExact(parts[0], "N", out var activationId) &&
               long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) &&
               Clock(http).GetUtcNow() < DateTimeOffset.FromUnixTimeSeconds(expires)
            ? (activationId, parts[1])
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
