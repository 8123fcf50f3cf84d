namespace MioKarte.Core.Sessions;

/// <summary>
/// A short, human description of the browser from its User-Agent, e.g. 「iPad / Safari」 or
/// 「Windows / Edge」, so a user can recognise their sessions. Never the whole User-Agent (it is
/// long and says more than the user needs).
/// </summary>
public static class DeviceDescription
{
    public const string Unknown = "不明な端末";

    public static string FromUserAgent(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return Unknown;
        }

        var platform = Platform(userAgent);
        var browser = Browser(userAgent);
        return (platform, browser) switch
        {
            (null, null) => Unknown,
            (null, { } b) => b,
            ({ } p, null) => p,
            ({ } p, { } b) => $"{p} / {b}",
        };
    }

    private static string? Platform(string ua) =>
        Has(ua, "iPad") ? "iPad"
        : Has(ua, "iPhone") ? "iPhone"
        : Has(ua, "Android") ? "Android"
        : Has(ua, "CrOS") ? "ChromeOS"
        : Has(ua, "Windows") ? "Windows"
        : Has(ua, "Macintosh") || Has(ua, "Mac OS X") ? "Mac"
        : Has(ua, "Linux") ? "Linux"
        : null;

    // Order matters: Edge and Chrome also say "Safari", Edge also says "Chrome".
    private static string? Browser(string ua) =>
        Has(ua, "Edg/") || Has(ua, "EdgiOS/") || Has(ua, "EdgA/") ? "Edge"
        : Has(ua, "Firefox/") || Has(ua, "FxiOS/") ? "Firefox"
        : Has(ua, "OPR/") ? "Opera"
        : Has(ua, "Chrome/") || Has(ua, "CriOS/") || Has(ua, "Chromium/") ? "Chrome"
        : Has(ua, "Safari/") ? "Safari"
        : null;

    private static bool Has(string ua, string token) => ua.Contains(token, StringComparison.OrdinalIgnoreCase);
}
