using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Common;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Council.Shared;

namespace MioKarte.Web.Areas.Council.Activations;

/// <summary>再送 and 取消 of an administrator's activation link, from the activation panel.</summary>
[Area("Council")]
[Authorize(Roles = PortalRoles.CouncilStaff)]
[Route("council/activations")]
public sealed class ActivationsController(IStringLocalizer<SharedResource> text) : Controller
{
    [HttpPost("{id:guid}/resend")]
    public async Task<IActionResult> Resend(Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? returnUrl, [FromServices] ChangeActivationHandler handler)
    {
        return Done(await handler.ResendAsync(id, version, actor, token => ActivationLinks.For(Request, token)), returnUrl);
    }

    [HttpPost("{id:guid}/cancel")]
    public async Task<IActionResult> Cancel(Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? returnUrl, [FromServices] ChangeActivationHandler handler)
    {
        return Done(await handler.CancelAsync(id, version, actor), returnUrl);
    }

    private IActionResult Done(ActivationChangeOutcome outcome, string? returnUrl)
    {
        if (outcome is ActivationChangeOutcome.NotFound)
        {
            return NotFound();
        }

        var (key, message) = outcome switch
        {
            ActivationChangeOutcome.Resent r => (CouncilMessages.StatusKey, text["Activation.Panel.Resent", r.Email, JapanTime.Format(r.ExpiresAtUtc)].Value),
            ActivationChangeOutcome.Cancelled => (CouncilMessages.StatusKey, text["Activation.Panel.Cancelled"].Value),
            ActivationChangeOutcome.Conflict c => (CouncilMessages.ErrorKey, text["Registration.AlreadyChanged", c.ChangedBy].Value),
            ActivationChangeOutcome.NotAllowed n => (CouncilMessages.ErrorKey, text["Activation.Panel.NotAllowed." + n.State].Value),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
        TempData[key] = message;
        // Back to the page that showed the panel (the application's detail page, or the registration page).
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/council/applications");
    }
}
