using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Council.Activations;

namespace MioKarte.Web.Areas.Council.Applications;

/// <summary>
/// 申込一覧 and 申込の詳細 for the council: the queue, every field, the forms, the history, and the
/// decisions 書類受領・承認・差戻し・却下 (登録完了 posts to its own use case).
/// </summary>
[Area("Council")]
[Authorize(Roles = PortalRoles.CouncilStaff)]
[Route("council/applications")]
public sealed class ApplicationsController(ActivationPanelHandler panels) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] QueueQuery query, [FromServices] ApplicationQueueHandler handler)
    {
        return View(await handler.HandleAsync(query ?? new QueueQuery()));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Detail(Actor actor, Guid id, [FromQuery] string? done, [FromServices] ApplicationDetailHandler handler)
    {
        var detail = await handler.HandleAsync(id, actor);
        return detail is null
            ? NotFound()
            : View(new DetailPage(detail)
            {
                Done = Enum.TryParse<CouncilDecision>(done, out var decision) && Enum.IsDefined(decision) ? decision : null,
                ActivationPanel = await panels.HandleAsync(id),
            });
    }

    /// <summary>A form of the application as a PDF download (never inline, never cached).</summary>
    [HttpGet("{id:guid}/forms/{index:int}")]
    public async Task<IActionResult> Form(Guid id, int index, [FromServices] ApplicationDetailHandler handler)
    {
        var pdf = await handler.FormAsync(id, index);
        return pdf is null ? NotFound() : File(pdf.Content, "application/pdf", pdf.FileName);
    }

    [HttpPost("{id:guid}/receive-documents")]
    public Task<IActionResult> ReceiveDocuments(Actor actor, Guid id, [FromForm] Guid version, [FromServices] DecideApplicationHandler decide, [FromServices] ApplicationDetailHandler detail) =>
        DecideAsync(actor, new(id, CouncilDecision.ReceiveDocuments, version, null, actor.UserName), decide, detail);

    [HttpPost("{id:guid}/approve")]
    public Task<IActionResult> Approve(Actor actor, Guid id, [FromForm] Guid version, [FromServices] DecideApplicationHandler decide, [FromServices] ApplicationDetailHandler detail) =>
        DecideAsync(actor, new(id, CouncilDecision.Approve, version, null, actor.UserName), decide, detail);

    [HttpPost("{id:guid}/return")]
    public Task<IActionResult> Return(Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? comment, [FromServices] DecideApplicationHandler decide, [FromServices] ApplicationDetailHandler detail) =>
        DecideAsync(actor, new(id, CouncilDecision.Return, version, comment, actor.UserName), decide, detail);

    [HttpPost("{id:guid}/reject")]
    public Task<IActionResult> Reject(Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? comment, [FromServices] DecideApplicationHandler decide, [FromServices] ApplicationDetailHandler detail) =>
        DecideAsync(actor, new(id, CouncilDecision.Reject, version, comment, actor.UserName), decide, detail);

    /// <summary>
    /// Post-redirect-get on success; otherwise the page again with the latest data, the message, and
    /// the comment as typed, so nothing the council member wrote is lost.
    /// </summary>
    private async Task<IActionResult> DecideAsync(Actor actor, DecisionCommand command, DecideApplicationHandler decide, ApplicationDetailHandler detail)
    {
        var outcome = await decide.HandleAsync(command, token => Url.Action("Status", "Application", new { area = "Apply", token }, Request.Scheme)!);
        if (outcome is DecisionOutcome.Done)
        {
            return Redirect($"/council/applications/{command.ApplicationId}?done={command.Decision}");
        }

        var view = outcome is DecisionOutcome.NotFound ? null : await detail.HandleAsync(command.ApplicationId, actor);
        if (view is null)
        {
            return NotFound();
        }

        Response.StatusCode = outcome is DecisionOutcome.CommentInvalid ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        return View("Detail", new DetailPage(view)
        {
            ActivationPanel = await panels.HandleAsync(command.ApplicationId),
            Problem = outcome,
            ProblemDecision = command.Decision,
            Comment = command.Comment,
        });
    }
}

/// <summary>The detail page: the application, and after a refused decision, why and what was typed.</summary>
public sealed record DetailPage(ApplicationDetailView Application)
{
    /// <summary>The decision just taken (after the redirect), for the confirmation line.</summary>
    public CouncilDecision? Done { get; init; }

    /// <summary>The administrator's activation once the application is registered (loaded by the controller, never by the view).</summary>
    public ActivationPanel ActivationPanel { get; init; } = ActivationPanel.None;

    public DecisionOutcome? Problem { get; init; }

    public CouncilDecision? ProblemDecision { get; init; }

    /// <summary>The comment as typed, put back into the form it came from.</summary>
    public string? Comment { get; init; }

    public string? CommentFor(CouncilDecision decision) => ProblemDecision == decision ? Comment : null;
}
