using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Opinions;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Opinions;

/// <summary>
/// ご意見・ご要望 for every signed-in user (any role): send one, follow your own and read the
/// council's answers. Nobody reads another user's opinions here.
/// </summary>
[Area("Account")]
[Microsoft.AspNetCore.Authorization.Authorize]
[Route("opinions")]
public sealed class OpinionsController(IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(Actor actor, [FromServices] MyOpinionsHandler handler)
    {
        return View(await handler.ListAsync(actor));
    }

    [HttpGet("new")]
    public IActionResult New() => View(new OpinionFormPage(new OpinionInput(), Guid.NewGuid()));

    [HttpPost("")]
    public async Task<IActionResult> Send(Actor actor, [FromForm] OpinionInput input, [FromForm] Guid submissionKey, [FromServices] SendOpinionHandler handler)
    {
        ModelState.Clear();
        if (submissionKey == Guid.Empty)
        {
            return BadRequest();
        }

        var outcome = await handler.HandleAsync(actor, input, submissionKey,
            id => Url.Action("Detail", "Opinions", new { area = "Council", id }, Request.Scheme)!);
        return outcome switch
        {
            SendOpinionOutcome.Invalid invalid => View("New", new OpinionFormPage(input, submissionKey) { Errors = text.Localize(invalid.Errors) }),
            SendOpinionOutcome.Sent sent => RedirectToAction(nameof(Detail), new { id = sent.Id, sent = 1 }),
            _ => BadRequest(),
        };
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Detail(Actor actor, Guid id, [FromQuery] int sent, [FromServices] MyOpinionsHandler handler)
    {
        var opinion = await handler.FindAsync(actor, id);
        if (opinion is null)
        {
            return NotFound();
        }

        ViewData["JustSent"] = sent == 1;
        return View(opinion);
    }
}

public sealed record OpinionFormPage(OpinionInput Input, Guid SubmissionKey)
{
    public IReadOnlyDictionary<string, string>? Errors { get; init; }

    public string? ErrorFor(string field) => Errors is not null && Errors.TryGetValue(field, out var message) ? message : null;
}
