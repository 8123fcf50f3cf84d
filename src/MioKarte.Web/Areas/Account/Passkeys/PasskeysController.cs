using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Common;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Passkeys;

/// <summary>
/// マイページ → パスキー: the user's passkeys, one per device. Adding one is a new way in, so the page
/// and the add sit behind 再認証; removing one only takes a way in away and stays one click.
/// docs/security.md (パスキー).
/// </summary>
[Area("Account")]
[Authorize]
[Route("account/security/passkeys")]
public sealed class PasskeysController(IStringLocalizer<SharedResource> text) : Controller
{
    // The page's address for redirects: the class route's template as a path.
    private const string Path = "/account/security/passkeys";
    private const string DoneKey = "Passkeys.Done";

    [RequireRecentAuthentication]
    [HttpGet]
    public async Task<IActionResult> Index(Actor actor, string? returnUrl, [FromServices] OwnPasskeysHandler handler)
    {
        ViewData[DoneKey] = TempData[DoneKey];
        return View(await handler.PageAsync(actor, Request.Headers.UserAgent.ToString(), LocalOrNull(returnUrl)));
    }

    /// <summary>Step 1 of adding: the options of <c>navigator.credentials.create()</c> (JSON, fetched by passkeys.js).</summary>
    [RequireRecentAuthentication]
    [HttpPost("options")]
    public async Task<IActionResult> Options(Actor actor, [FromServices] OwnPasskeysHandler handler)
    {
        return Content(await handler.CreationOptionsAsync(actor), "application/json");
    }

    /// <summary>Step 2 of adding: the device's name and the browser's answer, posted with the form.</summary>
    [RequireRecentAuthentication]
    [HttpPost]
    public async Task<IActionResult> Add(Actor actor, [Bind(Prefix = "Input")] AddPasskeyInput input, [FromServices] OwnPasskeysHandler handler)
    {
        var returnUrl = LocalOrNull(input.ReturnUrl);
        if (ModelState.IsValid)
        {
            if (await handler.AddAsync(actor, input) == PasskeyChangeOutcome.Done)
            {
                TempData[DoneKey] = "Passkeys.Added";
                return Redirect(returnUrl is null ? Path : $"{Path}?returnUrl={Uri.EscapeDataString(returnUrl)}");
            }

            ModelState.AddModelError(string.Empty, text["Passkeys.Add.Failed"]);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(nameof(Index), await handler.PageAsync(actor, Request.Headers.UserAgent.ToString(), returnUrl, new AddPasskeyInput { Name = input.Name, ReturnUrl = returnUrl }));
    }

    [HttpPost("{id}/remove")]
    public async Task<IActionResult> Remove(Actor actor, string id, [FromServices] OwnPasskeysHandler handler)
    {
        if (await handler.RemoveAsync(actor, id) == PasskeyChangeOutcome.NotFound)
        {
            return NotFound();
        }

        TempData[DoneKey] = "Passkeys.Removed";
        return Redirect(Path);
    }

    /// <summary>Where a POST that found 再認証 stale comes back: the page, whose button is pressed once more.</summary>
    [HttpGet("options")]
    public IActionResult OptionsAgain() => Redirect(Path);

    private string? LocalOrNull(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : null;
}
