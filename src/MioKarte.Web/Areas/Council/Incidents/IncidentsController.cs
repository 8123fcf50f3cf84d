using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;
using MioKarte.Core.Incidents;
using MioKarte.Web.Areas.FacilityAdmin.Incidents;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Incidents;

/// <summary>
/// 事故報告 for the liaison council: every facility's reports with filters, each one's detail and
/// history, comments, and the moves 対応中 → 完了, each checked against the version the page showed.
/// </summary>
[Area("Council")]
[Authorize(Roles = PortalRoles.CouncilStaff)]
[Route("council/incidents")]
public sealed class IncidentsController(IStringLocalizer<SharedResource> text, IncidentDetailHandler details) : Controller
{
    private static readonly string[] KnownDone = ["commented", "started", "completed"];

    [HttpGet("")]
    public async Task<IActionResult> Index(
        [FromQuery] string? status, [FromQuery] string? kind, [FromQuery] string? facility, [FromQuery] string? page,
        [FromServices] CouncilIncidentQueueHandler handler)
    {
        return View(await handler.HandleAsync(IncidentQueueFilter.From(status, kind, facility), ListQuery.PageOrFirst(page), HttpContext.RequestAborted));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Detail(Guid id, [FromQuery] string? done) =>
        await details.HandleAsync(id, acting: null, HttpContext.RequestAborted) is { } incident
            ? View(incident with { DoneKey = done is not null && KnownDone.Contains(done) ? "Incident.Done." + done : null })
            : NotFound();

    [HttpPost("{id:guid}/comment")]
    public Task<IActionResult> Comment(Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? comment, [FromServices] MoveIncidentHandler handler) =>
        Move(actor, id, version, IncidentMove.Comment, comment, handler, "commented");

    [HttpPost("{id:guid}/start")]
    public Task<IActionResult> Start(Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? comment, [FromServices] MoveIncidentHandler handler) =>
        Move(actor, id, version, IncidentMove.StartHandling, comment, handler, "started");

    [HttpPost("{id:guid}/complete")]
    public Task<IActionResult> Complete(Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? comment, [FromServices] MoveIncidentHandler handler) =>
        Move(actor, id, version, IncidentMove.Complete, comment, handler, "completed");

    private async Task<IActionResult> Move(Actor actor, Guid id, Guid version, IncidentMove move, string? comment, MoveIncidentHandler handler, string done)
    {
        ModelState.Clear();
        var outcome = await handler.HandleAsync(id, acting: null, version, move, comment, IncidentActor.Of(actor, isCouncil: true), HttpContext.RequestAborted);
        if (outcome is IncidentMoveOutcome.Done)
        {
            return RedirectToAction(nameof(Detail), new { id, done });
        }

        if (outcome is IncidentMoveOutcome.NotFound || await details.HandleAsync(id, acting: null, HttpContext.RequestAborted) is not { } incident)
        {
            return NotFound();
        }

        Response.StatusCode = outcome is IncidentMoveOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return View(nameof(Detail), incident with { Error = IncidentMessages.Describe(text, outcome, incident.Status), DraftComment = comment });
    }
}
