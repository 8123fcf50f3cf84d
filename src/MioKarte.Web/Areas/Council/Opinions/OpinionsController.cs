using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Opinions;

/// <summary>
/// ご意見・ご要望の対応 (section 4-2): the council's queue of opinions, each one's detail, and the
/// moves 対応中 → 回答 → 完了, each checked against the version the page showed. Council staff only.
/// </summary>
[Area("Council")]
[Authorize(Roles = PortalRoles.CouncilStaff)]
[Route("council/opinions")]
public sealed class OpinionsController(IStringLocalizer<SharedResource> text, CouncilOpinionDetailHandler details) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? status, [FromQuery] string? category, [FromQuery] string? page,
        [FromServices] CouncilOpinionQueueHandler handler)
    {
        return View(await handler.HandleAsync(OpinionQueueFilter.From(status, category), ListQuery.PageOrFirst(page)));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Detail(Guid id, [FromQuery] string? done) =>
        await details.HandleAsync(id) is { } opinion ? View(opinion with { Done = CouncilOpinionDetail.KnownDone(done) }) : NotFound();

    [HttpPost("{id:guid}/start")]
    public async Task<IActionResult> Start(Actor actor, Guid id, [FromForm] Guid version, [FromServices] StartOpinionHandler handler)
    {
        return await After(id, await handler.HandleAsync(id, version, actor), "started");
    }

    [HttpPost("{id:guid}/answer")]
    public async Task<IActionResult> Answer(Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? answer, [FromServices] AnswerOpinionHandler handler)
    {
        ModelState.Clear();
        var outcome = await handler.HandleAsync(id, version, answer, actor,
            opinionId => Url.Action("Detail", "Opinions", new { area = "Account", id = opinionId }, Request.Scheme)!);
        return await After(id, outcome, "answered", answer, version);
    }

    [HttpPost("{id:guid}/close")]
    public async Task<IActionResult> Close(Actor actor, Guid id, [FromForm] Guid version, [FromServices] CloseOpinionHandler handler)
    {
        return await After(id, await handler.HandleAsync(id, version, actor), "closed");
    }

    /// <summary>
    /// Back to the detail: redirected when done, or shown again with the reason when not. After a
    /// conflict the page shows the opinion as it is now (and its current version), so the next
    /// click acts on what the user sees; after an invalid answer it keeps the version first shown.
    /// </summary>
    private async Task<IActionResult> After(Guid id, OpinionMoveOutcome outcome, string done, string? draftAnswer = null, Guid? postedVersion = null)
    {
        if (outcome is OpinionMoveOutcome.Done)
        {
            return RedirectToAction(nameof(Detail), new { id, done });
        }

        if (outcome is OpinionMoveOutcome.NotFound || await details.HandleAsync(id) is not { } opinion)
        {
            return NotFound();
        }

        return View(nameof(Detail), outcome switch
        {
            OpinionMoveOutcome.Invalid invalid => opinion with
            {
                DraftAnswer = draftAnswer,
                AnswerError = text[invalid.Error.MessageKey, invalid.Error.Arguments],
                Version = postedVersion ?? opinion.Version,
            },
            OpinionMoveOutcome.Conflict conflict => opinion with { DraftAnswer = draftAnswer, Conflict = text["Opinion.Conflict", conflict.ChangedBy] },
            _ => opinion with { DraftAnswer = draftAnswer, Conflict = text["Opinion.NotAllowed", text["OpinionStatus." + opinion.Status]] },
        });
    }
}
