using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// 再認証: the action runs only if the user typed their password and authenticator code in this
/// session within the last <see cref="Window"/> (at sign-in or at /account/reauthenticate);
/// otherwise the user is sent to /account/reauthenticate and, once through, back to this address.
/// Put it on sensitive actions (own security settings, certificate issue, user rights):
/// <c>[RequireRecentAuthentication]</c> on the action or the controller. A POST comes back as a GET
/// of the same address, so the GET of a sensitive action's address should show its form.
/// </summary>
/// <remarks>
/// Reads the session's last authentication from <see cref="CurrentSession"/>, which the session gate
/// already loaded for this request: no extra query. Runs after [Authorize]; an anonymous request is
/// left to the authorization that already ran.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
public sealed class RequireRecentAuthenticationAttribute : Attribute, IAuthorizationFilter
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    public const string ReauthenticatePath = "/account/reauthenticate";

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Result = ChallengeIfStale(context.HttpContext);
    }

    /// <summary>
    /// The redirect to 再認証 when this session's last authentication is older than <see cref="Window"/>,
    /// else null. For actions that are sensitive only for some of their inputs (a user page's buttons).
    /// </summary>
    public static IActionResult? ChallengeIfStale(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        if (IsRecent(http.Features.Get<CurrentSession>(), now))
        {
            return null;
        }

        var back = http.Request.PathBase + http.Request.Path + (HttpMethods.IsGet(http.Request.Method) ? http.Request.QueryString : QueryString.Empty);
        return new RedirectResult(ReauthenticatePath + "?returnUrl=" + Uri.EscapeDataString(back));
    }

    public static bool IsRecent(CurrentSession? session, DateTime nowUtc) =>
        session is not null && nowUtc - session.AuthenticatedAtUtc <= Window;
}
