using Microsoft.AspNetCore.DataProtection;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// A short-lived pass between two steps that has no sign-in yet to lean on: a few fields sealed with
/// <see cref="ExpiringSeal"/> for <paramref name="lifetime"/>, in an HttpOnly, Secure,
/// SameSite=Strict cookie of their own. The activation ticket and the first-sign-in enrolment
/// ticket are each one of these.
/// </summary>
public sealed class SealedCookie(string name, string purpose, TimeSpan lifetime)
{
    private const int MaxLength = 2000;

    public void Issue(HttpContext http, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(name, ExpiringSeal.Seal(Protector(http), Clock(http), lifetime, fields), Options());
    }

    /// <summary>The fields of this request's cookie when it is valid and unexpired; null otherwise.</summary>
    public string[]? Read(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Request.Cookies.TryGetValue(name, out var value);
        return ExpiringSeal.Open(Protector(http), Clock(http), value, MaxLength);
    }

    public void Clear(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(name, Options());
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

    private IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose);
}
