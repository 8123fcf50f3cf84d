using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Account.Shared;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.SignIn;

[Area("Account")]
[Authorize]
[Route("account")]
public sealed class SignInController(IStringLocalizer<SharedResource> text) : Controller
{
    public const string RecoveryCodesKey = "SignIn.RecoveryCodes";

    /// <summary>ViewData flag: the sign-in page shows 「パスキーでログイン」 (some facility allows it).</summary>
    public const string PasskeySignInOffered = "SignIn.PasskeyOffered";

    /// <summary>ViewData flag: the code page offers the user's passkey as the second factor.</summary>
    public const string PasskeySecondFactorOffered = "SignIn.PasskeySecondFactor";

    [AllowAnonymous]
    [HttpGet("login")]
    public async Task<IActionResult> Login(string? returnUrl, [FromServices] PasskeySignInHandler passkeys)
    {
        ViewData[PasskeySignInOffered] = await passkeys.OfferedAsync();
        return View(new SignInInput { ReturnUrl = returnUrl });
    }

    [AllowAnonymous]
    [HttpPost("login")]
    public async Task<IActionResult> Login(SignInInput input, [FromServices] SignInHandler handler, [FromServices] PasskeySignInHandler passkeys)
    {
        ViewData[PasskeySignInOffered] = await passkeys.OfferedAsync();
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var outcome = await handler.HandleAsync(input);
        switch (outcome)
        {
            case SignInOutcome.SignedIn:
                return LocalRedirect(SafeReturnUrl(input.ReturnUrl));
            case SignInOutcome.RequiresTwoFactor:
                return RedirectToAction(nameof(TwoFactor), new { returnUrl = SafeReturnUrl(input.ReturnUrl) });
            case SignInOutcome.ContinueActivation:
                return Redirect("/account/activation/two-factor");
            case SignInOutcome.MustEnrol:
                return RedirectToAction(nameof(Enrol), new { returnUrl = SafeReturnUrl(input.ReturnUrl) });
            case SignInOutcome.Failed or SignInOutcome.LockedOut or SignInOutcome.NotAllowed or SignInOutcome.AccountUnusable
                or SignInOutcome.PasswordRequired:
                break;
        }

        ModelState.AddModelError(string.Empty, Message(outcome));
        input.Password = "";
        return View(input);
    }

    /// <summary>「パスキーでログイン」, step 1: the options of <c>navigator.credentials.get()</c> (JSON, fetched by passkeys.js).</summary>
    [AllowAnonymous]
    [HttpPost("login/passkey/options")]
    public async Task<IActionResult> PasskeyOptions([FromServices] PasskeySignInHandler handler)
    {
        return Content(await handler.SignInOptionsAsync(), "application/json");
    }

    /// <summary>「パスキーでログイン」, step 2: the browser's answer, posted with the form.</summary>
    [AllowAnonymous]
    [HttpPost("login/passkey")]
    public async Task<IActionResult> Passkey(PasskeyAnswerInput input, [FromServices] PasskeySignInHandler handler)
    {
        var outcome = ModelState.IsValid ? await handler.SignInAsync(input) : SignInOutcome.Failed;
        if (outcome == SignInOutcome.SignedIn)
        {
            return LocalRedirect(SafeReturnUrl(input.ReturnUrl));
        }

        ViewData[PasskeySignInOffered] = await handler.OfferedAsync();
        ModelState.AddModelError(string.Empty, outcome == SignInOutcome.Failed ? text["Passkeys.SignIn.Failed"] : Message(outcome));
        return View(nameof(Login), new SignInInput { ReturnUrl = input.ReturnUrl });
    }

    /// <summary>The passkey as the second factor, step 1: options for the passkeys of the user the password named.</summary>
    [AllowAnonymous]
    [HttpPost("login/two-factor/passkey/options")]
    public async Task<IActionResult> TwoFactorPasskeyOptions([FromServices] PasskeySignInHandler handler)
    {
        return await handler.SecondFactorOptionsAsync() is { } options ? Content(options, "application/json") : Conflict();
    }

    /// <summary>The passkey as the second factor, step 2: the browser's answer; signed in, or the code page again with why not.</summary>
    [AllowAnonymous]
    [HttpPost("login/two-factor/passkey")]
    public async Task<IActionResult> TwoFactorPasskey(PasskeyAnswerInput input, [FromServices] PasskeySignInHandler handler)
    {
        var returnUrl = SafeReturnUrl(input.ReturnUrl);
        var outcome = ModelState.IsValid ? await handler.SecondFactorAsync(input) : SignInOutcome.Failed;
        switch (outcome)
        {
            case SignInOutcome.SignedIn:
                return LocalRedirect(returnUrl);
            case SignInOutcome.NotAllowed when !await handler.PendingUserHasPasskeyAsync():
                return RedirectToAction(nameof(Login), new { returnUrl });
        }

        ViewData[PasskeySecondFactorOffered] = true;
        ModelState.AddModelError(string.Empty, outcome == SignInOutcome.Failed ? text["Passkeys.SecondFactor.Failed"] : Message(outcome));
        return View(nameof(TwoFactor), new TwoFactorInput { ReturnUrl = returnUrl });
    }

    /// <summary>The second step of sign-in for users with two-factor sign-in (every 管理責任者).</summary>
    [AllowAnonymous]
    [HttpGet("login/two-factor")]
    public async Task<IActionResult> TwoFactor(string? returnUrl, [FromServices] TwoFactorSignInHandler handler, [FromServices] PasskeySignInHandler passkeys)
    {
        ViewData[PasskeySecondFactorOffered] = await passkeys.PendingUserHasPasskeyAsync();
        return await handler.IsPendingAsync()
            ? View(new TwoFactorInput { ReturnUrl = SafeReturnUrl(returnUrl) })
            : RedirectToAction(nameof(Login));
    }

    [AllowAnonymous]
    [HttpPost("login/two-factor")]
    public async Task<IActionResult> TwoFactor(TwoFactorInput input, [FromServices] TwoFactorSignInHandler handler, [FromServices] PasskeySignInHandler passkeys)
    {
        ViewData[PasskeySecondFactorOffered] = await passkeys.PendingUserHasPasskeyAsync();
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var outcome = await handler.HandleAsync(input);
        switch (outcome)
        {
            case SignInOutcome.SignedIn:
                return LocalRedirect(SafeReturnUrl(input.ReturnUrl));
            case SignInOutcome.NotAllowed when !await handler.IsPendingAsync():
                // The five minutes after the password are over (or there was no password step).
                return RedirectToAction(nameof(Login), new { returnUrl = SafeReturnUrl(input.ReturnUrl) });
            case SignInOutcome.Failed or SignInOutcome.LockedOut or SignInOutcome.NotAllowed or SignInOutcome.AccountUnusable
                or SignInOutcome.RequiresTwoFactor or SignInOutcome.ContinueActivation or SignInOutcome.MustEnrol
                or SignInOutcome.PasswordRequired:
                break;
        }

        ModelState.AddModelError(string.Empty, outcome == SignInOutcome.Failed ? text["SignIn.TwoFactor.Failed"] : Message(outcome));
        input.Code = "";
        return View(input);
    }

    /// <summary>
    /// First sign-in without an authenticator: enrol one (QR code, key, a code to prove it), then
    /// signed in. Reached only with the ticket the password step issued.
    /// </summary>
    [AllowAnonymous]
    [HttpGet("login/enrol")]
    public async Task<IActionResult> Enrol(string? returnUrl, [FromServices] EnrolAtSignInHandler handler)
    {
        return await handler.ShowAsync() is { } view
            ? View(new EnrolPage(view, new EnrolInput { ReturnUrl = SafeReturnUrl(returnUrl) }))
            : RedirectToAction(nameof(Login));
    }

    [AllowAnonymous]
    [HttpPost("login/enrol")]
    public async Task<IActionResult> Enrol([Bind(Prefix = "Input")] EnrolInput input, [FromServices] EnrolAtSignInHandler handler)
    {
        var returnUrl = SafeReturnUrl(input.ReturnUrl);
        switch (await handler.ConfirmAsync(input.Code))
        {
            case EnrolmentOutcome.Enabled enabled:
                TempData[RecoveryCodesKey] = string.Join('\n', enabled.RecoveryCodes);
                return RedirectToAction(nameof(RecoveryCodes), new { returnUrl });
            case EnrolmentOutcome.Refused refused:
                ModelState.AddModelError("Input." + nameof(EnrolInput.Code), text[refused.MessageKey]);
                return View(new EnrolPage(refused.View, new EnrolInput { ReturnUrl = returnUrl }));
            case EnrolmentOutcome.Gone:
                return RedirectToAction(nameof(Login), new { returnUrl });
            default:
                throw new InvalidOperationException("unknown outcome");
        }
    }

    /// <summary>The recovery codes of the enrolment just made, once (TempData): gone on reload.</summary>
    [HttpGet("login/recovery-codes")]
    public IActionResult RecoveryCodes(string? returnUrl)
    {
        var next = SafeReturnUrl(returnUrl);
        return TempData[RecoveryCodesKey] is string codes
            ? View(new RecoveryCodesPage(codes.Split('\n', StringSplitOptions.RemoveEmptyEntries), next))
            : LocalRedirect(next);
    }

    /// <summary>
    /// Where sign-in goes when no returnUrl was given: the page of the user's work
    /// (<see cref="PortalPolicies.LandingPathOf"/>), read from the cookie just issued.
    /// </summary>
    [HttpGet("start")]
    public IActionResult Start() => Redirect(PortalPolicies.LandingPathOf(User));

    [HttpPost("logout")]
    public async Task<IActionResult> Logout(Actor actor, [FromServices] SignOutHandler handler)
    {
        await handler.HandleAsync(actor);
        return Redirect("/account/login?signedOut=1");
    }

    [AllowAnonymous]
    [HttpGet("access-denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    private string Message(SignInOutcome outcome) => text[outcome switch
    {
        SignInOutcome.LockedOut => "SignIn.LockedOut",
        // NotAllowed with a usable account: the user's facility is suspended or withdrawn (PortalSignInManager).
        SignInOutcome.NotAllowed => "SignIn.NotAllowed",
        SignInOutcome.AccountUnusable => "SignIn.AccountUnusable",
        SignInOutcome.PasswordRequired => "Passkeys.SignIn.PasswordRequired",
        SignInOutcome.Failed or SignInOutcome.SignedIn or SignInOutcome.RequiresTwoFactor or SignInOutcome.ContinueActivation
            or SignInOutcome.MustEnrol => "SignIn.Failed",
    }];

    private string SafeReturnUrl(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : StartPath;

    /// <summary>The landing when no (local) returnUrl was given: <see cref="Start"/>.</summary>
    public const string StartPath = "/account/start";
}
