using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Common;
using MioKarte.Core.Incidents;
using MioKarte.Web.Areas.FacilityAdmin.Users;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.FacilityAdmin.Incidents;

/// <summary>
/// 事故報告 for the facility's 管理責任者 (duty ④ of section 3-2): report an incident (revoking the
/// terminals concerned at once), follow the facility's own reports and the council's comments, and
/// add comments. Every record is read through the user's facility; another facility's id is 404.
/// </summary>
[Area("FacilityAdmin")]
[Authorize(Policy = PortalPolicies.ManageFacility)]
[Route("facility/incidents")]
public sealed class IncidentsController(
    IStringLocalizer<SharedResource> text, IncidentDetailHandler details, ILogger<IncidentsController> logger) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(Actor actor, [FromServices] FacilityIncidentListHandler handler)
    {
        return View(await handler.HandleAsync(actor, HttpContext.RequestAborted));
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(Actor actor, [FromServices] IncidentChoicesHandler choices)
    {
        return View(new IncidentFormPage(new IncidentInput(), Guid.NewGuid(), await choices.HandleAsync(actor, HttpContext.RequestAborted)));
    }

    [HttpPost("")]
    public async Task<IActionResult> Report(
        Actor actor, [FromForm] IncidentInput input, [FromForm] Guid submissionKey, [FromServices] ReportIncidentHandler handler, [FromServices] IncidentChoicesHandler choices)
    {
        ModelState.Clear();
        if (submissionKey == Guid.Empty)
        {
            return BadRequest();
        }

        input ??= new IncidentInput();
        var outcome = await handler.HandleAsync(actor, IncidentActor.Of(actor, isCouncil: false), input, submissionKey,
            id => Url.Action("Detail", "Incidents", new { area = "Council", id }, Request.Scheme)!, HttpContext.RequestAborted);
        switch (outcome)
        {
            case ReportIncidentOutcome.Reported reported:
                return RedirectToAction(nameof(Detail), new { id = reported.Id, done = "reported" });
            case ReportIncidentOutcome.Invalid invalid:
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return View(nameof(New), new IncidentFormPage(input, submissionKey, await choices.HandleAsync(actor, HttpContext.RequestAborted))
                {
                    Errors = invalid.Errors.ToDictionary(e => e.Key, e => text[e.Value].Value),
                });
            default:
                return BadRequest();
        }
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Detail(Actor actor, Guid id, [FromQuery] string? done)
    {
        var incident = await details.HandleAsync(id, actor, HttpContext.RequestAborted);
        if (incident is null)
        {
            return NotFoundLogged(actor, id);
        }

        return View(incident with { DoneKey = done is "reported" or "commented" ? "Incident.Done." + done : null });
    }

    [HttpPost("{id:guid}/comment")]
    public async Task<IActionResult> Comment(Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? comment, [FromServices] MoveIncidentHandler handler)
    {
        ModelState.Clear();
        var outcome = await handler.HandleAsync(id, actor, version, IncidentMove.Comment, comment, IncidentActor.Of(actor, isCouncil: false), HttpContext.RequestAborted);
        if (outcome is IncidentMoveOutcome.Done)
        {
            return RedirectToAction(nameof(Detail), new { id, done = "commented" });
        }

        if (outcome is IncidentMoveOutcome.NotFound || await details.HandleAsync(id, actor, HttpContext.RequestAborted) is not { } incident)
        {
            return NotFoundLogged(actor, id);
        }

        Response.StatusCode = outcome is IncidentMoveOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return View(nameof(Detail), incident with { Error = IncidentMessages.Describe(text, outcome, incident.Status), DraftComment = comment });
    }

    private NotFoundResult NotFoundLogged(Actor actor, Guid id)
    {
        // Ids only: which incident was asked for, by whom, from which facility.
        logger.LogWarning(
            "Incident {IncidentId} is not an incident of facility {FacilityId}; refused to user {UserId}",
            id, actor.FacilityId, actor.UserId);
        return NotFound();
    }
}

/// <summary>The message shown when a move on an incident did not happen.</summary>
public static class IncidentMessages
{
    public static string Describe(IStringLocalizer text, IncidentMoveOutcome outcome, IncidentStatus status)
    {
        return outcome switch
        {
            IncidentMoveOutcome.Conflict conflict => text["Incident.Conflict", conflict.ChangedBy],
            IncidentMoveOutcome.Invalid invalid => text[invalid.MessageKey],
            _ => text["Incident.NotAllowed", text["IncidentStatus." + status]],
        };
    }
}
