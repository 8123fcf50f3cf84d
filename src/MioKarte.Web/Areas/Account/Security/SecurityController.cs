using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Common;
using MioKarte.Web.Areas.Account.Shared;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Security;

/// <summary>
/// マイページ's security settings: re-authentication (再認証), re-enrolling the authenticator and
/// new recovery codes. docs/sign-in-and-sessions.md.
/// </summary>
[Area("Account")]
[Microsoft.AspNetCore.Authorization.Authorize]
[Route("account")]
public sealed class SecurityController(IStringLocalizer<SharedResource> text) : Controller
{
    public const string RecoveryCodesKey = "Security.RecoveryCodes";

    [HttpGet("security")]
    public async Task<IActionResult> Index(Actor actor, [FromServices] OwnSecurityHandler handler)
    {
        return View(await handler.OverviewAsync(actor));
    }

    // The address RequireRecentAuthenticationAttribute.ReauthenticatePath redirects to (tested by ReauthenticationTests).
    [HttpGet("reauthenticate")]
    public async Task<IActionResult> Reauthenticate(Actor actor, string? returnUrl, [FromServices] ReauthenticateHandler handler)
    {
        ViewData["NeedsCode"] = await handler.NeedsCodeAsync(actor);
        return View(new ReauthenticateInput { ReturnUrl = SafeReturnUrl(returnUrl) });
    }

    [HttpPost("reauthenticate")]
    public async Task<IActionResult> Reauthenticate(Actor actor, ReauthenticateInput input, [FromServices] ReauthenticateHandler handler)
    {
        if (ModelState.IsValid)
        {
            switch (await handler.HandleAsync(actor, input))
            {
                case ReauthenticateOutcome.Confirmed:
                    return LocalRedirect(SafeReturnUrl(input.ReturnUrl));
                case ReauthenticateOutcome.LockedOut:
                    return Redirect("/account/login?lockedOut=1");
                case ReauthenticateOutcome.Failed:
                    ModelState.AddModelError(string.Empty, text["Reauthenticate.Failed"]);
                    break;
                default:
                    throw new InvalidOperationException("unknown outcome");
            }
        }

        ViewData["NeedsCode"] = await handler.NeedsCodeAsync(actor);
        input.Password = "";
        input.Code = "";
        return View(input);
    }

    [RequireRecentAuthentication]
    [HttpGet("security/authenticator")]
    public async Task<IActionResult> Authenticator(Actor actor, [FromServices] OwnSecurityHandler handler)
    {
        return View(await handler.NewKeyAsync(actor));
    }

    [RequireRecentAuthentication]
    [HttpPost("security/authenticator")]
    public async Task<IActionResult> Authenticator(Actor actor, [Bind(Prefix = "Input")] ReenrolInput input, [FromServices] OwnSecurityHandler handler)
    {
        switch (await handler.ReenrolAsync(actor, input))
        {
            case EnrolmentOutcome.Enabled enabled:
                TempData[RecoveryCodesKey] = string.Join('\n', enabled.RecoveryCodes);
                TempData["Security.Done"] = "Security.Reenrolled";
                return Redirect("/account/security/recovery-codes");
            case EnrolmentOutcome.Refused refused:
                ModelState.AddModelError("Input." + nameof(ReenrolInput.Code), text[refused.MessageKey]);
                return View(new ReenrolPage(refused.View, new ReenrolInput { Seal = input.Seal }));
            case EnrolmentOutcome.Gone:
                return Redirect("/account/security/authenticator");
            default:
                throw new InvalidOperationException("unknown outcome");
        }
    }

    /// <summary>New recovery codes: the page with the button, or (once, after the button) the codes.</summary>
    [HttpGet("security/recovery-codes")]
    public IActionResult RecoveryCodes() =>
        TempData[RecoveryCodesKey] is string codes
            ? View("NewRecoveryCodes", codes.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            : View();

    [RequireRecentAuthentication]
    [HttpPost("security/recovery-codes")]
    public async Task<IActionResult> NewRecoveryCodes(Actor actor, [FromServices] OwnSecurityHandler handler)
    {
        TempData[RecoveryCodesKey] = string.Join('\n', await handler.NewRecoveryCodesAsync(actor));
        TempData["Security.Done"] = "Security.RecoveryCodesRenewed";
        return Redirect("/account/security/recovery-codes");
    }

    private string SafeReturnUrl(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/account";
}
