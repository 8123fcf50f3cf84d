using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;
using MioKarte.Core.Notices;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Notices;

/// <summary>
/// お知らせの管理: the council posts notices for signed-in users, edits them (optimistic
/// concurrency on the version) and withdraws them (取下げ). Council staff only.
/// </summary>
[Area("Council")]
[Authorize(Roles = PortalRoles.CouncilStaff)]
[Route("council/notices")]
public sealed class NoticesController(IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? page, [FromQuery] string? done, [FromServices] CouncilNoticeListHandler handler)
    {
        var list = await handler.HandleAsync(ListQuery.PageOrFirst(page));
        return View(list with { Done = CouncilNoticeList.KnownDone(done) });
    }

    [HttpGet("new")]
    public IActionResult New([FromServices] TimeProvider time)
    {
        var input = new NoticeInput
        {
            // From now (Japan time) unless the council schedules it for later.
            PublishFrom = NoticeValidation.ToJapanInput(time.GetUtcNow().UtcDateTime),
            Audience = nameof(NoticeAudience.AllUsers),
            Importance = nameof(NoticeImportance.Normal),
        };
        return View("Form", NoticeFormPage.ForNew(input, Guid.NewGuid()));
    }

    [HttpPost("")]
    public async Task<IActionResult> Post(Actor actor, [FromForm] NoticeInput input, [FromForm] Guid submissionKey, [FromServices] PostNoticeHandler handler)
    {
        ModelState.Clear();
        if (submissionKey == Guid.Empty)
        {
            return BadRequest();
        }

        return await handler.HandleAsync(input, submissionKey, actor) switch
        {
            PostNoticeOutcome.Invalid invalid => View("Form", NoticeFormPage.ForNew(input, submissionKey) with { Errors = text.Localize(invalid.Errors) }),
            _ => RedirectToAction(nameof(Index), new { done = "posted" }),
        };
    }

    [HttpGet("{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, [FromServices] EditNoticeHandler handler)
    {
        var page = await handler.FormAsync(id);
        return page is null ? NotFound() : View("Form", page);
    }

    [HttpPost("{id:guid}")]
    public async Task<IActionResult> Update(Actor actor, Guid id, [FromForm] NoticeInput input, [FromForm] Guid version, [FromServices] EditNoticeHandler handler)
    {
        ModelState.Clear();
        var outcome = await handler.HandleAsync(id, input, version, actor);
        var page = NoticeFormPage.ForEdit(id, input, version);
        return outcome switch
        {
            NoticeChangeOutcome.NotFound => NotFound(),
            NoticeChangeOutcome.Invalid invalid => View("Form", page with { Errors = text.Localize(invalid.Errors) }),
            NoticeChangeOutcome.Conflict conflict => View("Form", page with { Conflict = text["Notice.Conflict", conflict.ChangedBy] }),
            NoticeChangeOutcome.Withdrawn => View("Form", page with { Conflict = text["Notice.AlreadyWithdrawn"], IsWithdrawn = true }),
            _ => RedirectToAction(nameof(Index), new { done = "saved" }),
        };
    }

    [HttpPost("{id:guid}/withdraw")]
    public async Task<IActionResult> Withdraw(Actor actor, Guid id, [FromForm] Guid version, [FromServices] WithdrawNoticeHandler withdraw, [FromServices] EditNoticeHandler edit)
    {
        var outcome = await withdraw.HandleAsync(id, version, actor);
        switch (outcome)
        {
            case NoticeChangeOutcome.NotFound:
                return NotFound();
            case NoticeChangeOutcome.Conflict conflict:
                var page = await edit.FormAsync(id);
                return page is null ? NotFound() : View("Form", page with { Conflict = text["Notice.Conflict", conflict.ChangedBy] });
            default:
                // Withdrawn now, or already by an earlier click: either way it is no longer shown.
                return RedirectToAction(nameof(Index), new { done = "withdrawn" });
        }
    }
}

/// <summary>The create and edit form: what was typed, its errors, and a conflict message when someone else changed it first.</summary>
public sealed record NoticeFormPage(Guid? Id, NoticeInput Input, Guid SubmissionKey, Guid Version)
{
    public IReadOnlyDictionary<string, string>? Errors { get; init; }

    /// <summary>「…さんがすでに変更しました」 or the withdrawn message; the form keeps what was typed.</summary>
    public string? Conflict { get; init; }

    public NoticeStatus? Status { get; init; }

    public bool IsWithdrawn { get; init; }

    public string? CreatedBy { get; init; }

    public DateTime? CreatedAtUtc { get; init; }

    public string? UpdatedBy { get; init; }

    public DateTime? UpdatedAtUtc { get; init; }

    public bool IsNew => Id is null;

    public string Action => Id is null ? "/council/notices" : $"/council/notices/{Id}";

    public static NoticeFormPage ForNew(NoticeInput input, Guid submissionKey) => new(null, input, submissionKey, Guid.Empty);

    public static NoticeFormPage ForEdit(Guid id, NoticeInput input, Guid version) => new(id, input, Guid.Empty, version);

    public string? ErrorFor(string field) => Errors is not null && Errors.TryGetValue(field, out var message) ? message : null;
}
