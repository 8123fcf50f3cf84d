using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using MioKarte.Core.Identity;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Profile;

/// <summary>マイページ: who is signed in, with which roles, and until when the session lasts.</summary>
[Area("Account")]
public sealed class ProfileController(UserManager<PortalUser> users, TimeProvider time) : Controller
{
    [HttpGet("/account")]
    public async Task<IActionResult> Index()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        // The session gate loaded this request's session: its start is the sign-in.
        var signedInAt = HttpContext.Features.Get<CurrentSession>()?.StartedAtUtc;
        return View(new ProfileViewModel(
            user.UserName ?? "",
            user.DisplayName,
            [.. await users.GetRolesAsync(user)],
            signedInAt,
            signedInAt + SessionLifetime.AbsoluteTimeout,
            time.GetUtcNow().UtcDateTime + SessionLifetime.IdleTimeout));
    }
}

public sealed record ProfileViewModel(
    string UserName,
    string DisplayName,
    IReadOnlyList<string> Roles,
    DateTime? SignedInAt,
    DateTime? AbsoluteEnd,
    DateTime IdleEnd)
{
    /// <summary>Times are shown in Japan time, whatever the server's zone.</summary>
    public static string JapanTime(DateTime? utc) =>
        utc is null ? "—" : Core.Hosting.JapanTime.Format(utc.Value);
}
