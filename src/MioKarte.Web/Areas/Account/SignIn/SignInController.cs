using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Areas.Account.SignIn;

[Area("Account")]
[Route("account")]
public sealed class SignInController(IStringLocalizer<SharedResource> text) : Controller
{
    [AllowAnonymous]
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new SignInInput { ReturnUrl = returnUrl });

    [AllowAnonymous]
    [HttpPost("login")]
    public async Task<IActionResult> Login(SignInInput input, [FromServices] SignInHandler handler)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var outcome = await handler.HandleAsync(input);
        if (outcome == SignInOutcome.SignedIn)
        {
            return LocalRedirect(Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl : "/");
        }

        ModelState.AddModelError(string.Empty, text[outcome switch
        {
            SignInOutcome.LockedOut => "SignIn.LockedOut",
            SignInOutcome.NotAllowed => "SignIn.NotAllowed",
            SignInOutcome.Failed or SignInOutcome.SignedIn => "SignIn.Failed",
        }]);
        input.Password = "";
        return View(input);
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout([FromServices] SignInManager<PortalUser> signIn)
    {
        await signIn.SignOutAsync();
        return Redirect("/account/login?signedOut=1");
    }

    [AllowAnonymous]
    [HttpGet("access-denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }
}
