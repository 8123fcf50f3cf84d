using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Activation;

/// <summary>
/// The short-lived pass between setting the password and enrolling the authenticator: the mailed
/// token is consumed when the password is set, so the next step is reached with this
/// <see cref="SealedCookie"/> instead. It names the activation and the account and lasts
/// <see cref="Lifetime"/> (measured with the portal's clock). Without it, the administrator signs in
/// with the new password and is brought back to the authenticator step.
/// </summary>
public static class ActivationTicket
{
    public const string CookieName = "__Host-MioKarte.Activation";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private static readonly SealedCookie Cookie = new(CookieName, "MioKarte.Account.ActivationTicket", Lifetime);

    public static void Issue(HttpContext http, Guid activationId, string userId) =>
        Cookie.Issue(http, activationId.ToString("N"), userId);

    /// <summary>The activation and account named by a valid, unexpired ticket; null otherwise.</summary>
    public static (Guid ActivationId, string UserId)? Read(HttpContext http) =>
        Cookie.Read(http) is [var activation, var userId] && Guid.TryParseExact(activation, "N", out var activationId)
            ? (activationId, userId)
            : null;

    public static void Clear(HttpContext http) => Cookie.Clear(http);
}
