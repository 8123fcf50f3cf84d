using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using MioKarte.Core.Applications;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Apply.Application;

/// <summary>
/// What one step of the application form needs to be shown again: the values typed so far, the step
/// shown and the furthest one reached, the form's submission key, the step's errors, the draft
/// address and, when correcting a returned application, its status token. A <see cref="Marker"/>
/// (no <see cref="Input"/>) only names the form that was sent, so a step of it leads to its status page.
/// </summary>
public sealed record ApplyFormState(
    int Step,
    int Reached,
    ApplicationInput? Input,
    Guid SubmissionKey,
    Dictionary<string, string>? Errors = null,
    string? ResubmitToken = null,
    string? DraftEmail = null)
{
    /// <summary>After 送信 or 再提出: no personal data, only which form (or which returned application) it was.</summary>
    public static ApplyFormState Marker(Guid submissionKey, string? resubmitToken = null) =>
        new(0, 0, null, submissionKey, ResubmitToken: resubmitToken);
}

/// <summary>
/// POST-redirect-GET for the step form: each step POST stores the page's state here and redirects
/// to <c>GET /apply/step/{n}</c>, which renders it, so no history entry is a POST result (the Back
/// button never meets the browser's 「フォームの再送信」 error). Nothing is stored on the server: the
/// state is JSON sealed with the data-protection keys (<see cref="ExpiringSeal"/>, 2 hours, measured
/// with the portal's clock) in an HttpOnly, Secure, SameSite=Strict cookie sent only to /apply, split
/// into chunks when long (<see cref="ChunkingCookieManager"/>). It is replaced by a
/// <see cref="ApplyFormState.Marker"/> on 送信 and 再提出 and deleted on 下書き保存.
/// </summary>
public static class ApplyFormStateCookie
{
    public const string Name = "__Secure-MioKarte.Apply";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);
    private const string Purpose = "MioKarte.Apply.FormState";
    private const int MaxLength = 64 * 1024;
    private static readonly ChunkingCookieManager Cookies = new();

    // Japanese as UTF-8, not \uXXXX: a third of the size; the JSON is base64-encoded and sealed anyway.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static void Save(HttpContext http, ApplyFormState state)
    {
        ArgumentNullException.ThrowIfNull(http);
        var json = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(state, Json));
        Cookies.AppendResponseCookie(http, Name, ExpiringSeal.Seal(Protector(http), Clock(http), Lifetime, json), Options(Lifetime));
    }

    /// <summary>This request's state when it is valid and unexpired; null otherwise.</summary>
    public static ApplyFormState? Read(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var fields = ExpiringSeal.Open(Protector(http), Clock(http), Cookies.GetRequestCookie(http, Name), MaxLength);
        if (fields is not [var json])
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ApplyFormState>(WebEncoders.Base64UrlDecode(json), Json);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }
    }

    public static void Clear(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        Cookies.DeleteCookie(http, Name, Options(maxAge: null));
    }

    // Max-Age, not Expires: the browser drops the cookie after the lifetime by its own clock; the seal
    // is checked against the portal's. None when deleting, where the expiry in the past must win.
    private static CookieOptions Options(TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = "/apply",
        IsEssential = true,
        MaxAge = maxAge,
    };

    private static TimeProvider Clock(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>();

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
}
