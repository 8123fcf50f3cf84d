using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Profile;

/// <summary>マイページ: who is signed in, with which roles, and until when the session lasts; パスワードの変更.</summary>
[Area("Account")]
[Microsoft.AspNetCore.Authorization.Authorize]
[Route("account")]
public sealed class ProfileController(UserManager<PortalUser> users, TimeProvider time) : Controller
{
    [HttpGet]
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
            time.GetUtcNow().UtcDateTime + SessionLifetime.IdleTimeout,
            TempData[PasswordChangedKey] is true));
    }

    public const string PasswordChangedKey = "Profile.PasswordChanged";

    /// <summary>パスワードの変更: the form (after 再認証).</summary>
    [RequireRecentAuthentication]
    [HttpGet("password")]
    public IActionResult Password() => View(new ChangePasswordInput());

    [RequireRecentAuthentication]
    [HttpPost("password")]
    public async Task<IActionResult> Password(Actor actor, [FromForm] ChangePasswordInput input, [FromServices] ChangeOwnPasswordHandler handler)
    {
        if (ModelState.IsValid)
        {
            switch (await handler.HandleAsync(actor, input))
            {
                case ChangePasswordOutcome.Changed:
                    TempData[PasswordChangedKey] = true;
                    return Redirect("/account");
                case ChangePasswordOutcome.LockedOut:
                    return Redirect("/account/login?lockedOut=1");
                case ChangePasswordOutcome.Refused refused:
                    foreach (var (field, message) in refused.Errors)
                    {
                        ModelState.AddModelError(field ?? string.Empty, message);
                    }

                    break;
                default:
                    throw new InvalidOperationException("unknown outcome");
            }
        }

        // Passwords are never sent back to the browser.
        return View(new ChangePasswordInput());
    }
}

public sealed record ProfileViewModel(
    string UserName,
    string DisplayName,
    IReadOnlyList<string> Roles,
    DateTime? SignedInAt,
    DateTime? AbsoluteEnd,
    DateTime IdleEnd,
    bool PasswordChanged = false)
{
    /// <summary>Times are shown in Japan time, whatever the server's zone.</summary>
    public static string JapanTime(DateTime? utc) =>
        utc is null ? "—" : Core.Hosting.JapanTime.Format(utc.Value);
}
