using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Council.Activations;
using MioKarte.Web.Areas.Council.Shared;

namespace MioKarte.Web.Areas.Council.Registrations;

/// <summary>
/// 登録完了 of an approved application. The application's detail page (/council/applications/{id})
/// posts here with the version it showed; this controller's own page shows what registration will
/// create and, afterwards, the result with the activation panel.
/// </summary>
[Area("Council")]
[Authorize(Roles = PortalRoles.CouncilStaff)]
[Route("council/applications")]
public sealed class RegistrationsController(IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("{id:guid}/register")]
    public async Task<IActionResult> Register(Actor actor, Guid id, [FromServices] RegistrationPageHandler handler, [FromServices] ActivationPanelHandler panel)
    {
        var page = await handler.HandleAsync(id, actor);
        return page is null ? NotFound() : View(page with { ActivationPanel = await panel.HandleAsync(id) });
    }

    [HttpPost("{id:guid}/register")]
    public async Task<IActionResult> Register(
        Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? returnUrl, [FromForm] UserRights[]? clinicalRights, [FromServices] RegisterFacilityHandler handler)
    {
        // The registration page always posts "None" beside its ticked boxes, so an empty choice is
        // a choice; the application's detail page posts none at all: the facility type's defaults.
        UserRights? chosen = clinicalRights is { Length: > 0 } ? clinicalRights.Aggregate(UserRights.None, (all, one) => all | one) : null;
        var outcome = await handler.HandleAsync(id, version, actor, ActivationLink, chosen);
        if (outcome is RegisterOutcome.NotFound)
        {
            return NotFound();
        }

        var (key, message) = outcome switch
        {
            RegisterOutcome.Registered r => (CouncilMessages.StatusKey, text["Registration.Done", r.FacilityCode, r.UserName, r.Email].Value),
            RegisterOutcome.AlreadyRegistered r => (CouncilMessages.StatusKey, text["Registration.AlreadyRegistered", r.By, r.FacilityCode, r.UserName].Value),
            RegisterOutcome.FourEyes f => (CouncilMessages.ErrorKey, text["Registration.FourEyes", f.ApprovedBy].Value),
            RegisterOutcome.Conflict c => (CouncilMessages.ErrorKey, text["Registration.AlreadyChanged", c.ChangedBy].Value),
            RegisterOutcome.NotApproved n => (CouncilMessages.ErrorKey, text["Registration.NotApproved", text["ApplicationStatus." + n.Status].Value].Value),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
        TempData[key] = message;
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : $"/council/applications/{id}");
    }

    private string ActivationLink(string token) => ActivationLinks.For(Request, token);
}
