using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Applications;
using MioKarte.Core.Hosting;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Apply.Application;

/// <summary>
/// 参加申込: a four-step form (施設 → 代表者・管理責任者 → 利用内容 → 同意事項) and a confirmation.
/// The entered values travel with the form from step to step, so nothing is lost when the
/// applicant goes back; only the final submit stores anything.
/// </summary>
[Area("Apply")]
[AllowAnonymous]
[Route("apply")]
public sealed class ApplicationController(IStringLocalizer<SharedResource> text, TimeProvider time) : Controller
{
    public const int ConfirmStep = ApplicationValidation.StepCount + 1;

    [HttpGet("")]
    public IActionResult Start() => View("Step", new ApplyPage(1, new ApplicationInput(), Guid.NewGuid()));

    [HttpPost("")]
    public async Task<IActionResult> Navigate(
        [FromForm] ApplicationInput input, [FromForm] int step, [FromForm] Guid submissionKey, [FromForm] string? nav,
        [FromForm] string? draftEmail, [FromForm] string? resubmitToken, [FromServices] SaveDraftHandler drafts)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(drafts);
        step = Math.Clamp(step, 1, ConfirmStep);
        ApplicationValidation.Normalise(input);
        ModelState.Clear(); // the page shows the normalised values, not the raw posted ones
        ApplyPage Page(int shown, IReadOnlyDictionary<string, string>? errors = null) =>
            new(shown, input, submissionKey, errors) { ResubmitToken = resubmitToken };
        if (nav == "draft")
        {
            var sentTo = await drafts.HandleAsync(input, step, submissionKey, draftEmail,
                token => Url.Action(nameof(Resume), "Application", new { area = "Apply", token }, Request.Scheme)!);
            return sentTo is null
                ? View("Step", Page(step, new Dictionary<string, string> { ["DraftEmail"] = text["Apply.Error.Email"] }) with { DraftEmail = draftEmail })
                : View("DraftSaved", sentTo);
        }

        if (nav == "back")
        {
            return View("Step", Page(Math.Max(1, step - 1)));
        }

        var errors = step <= ApplicationValidation.StepCount
            ? ApplicationValidation.Validate(input, Today(), step)
            : [];
        return View("Step", errors.Count > 0 ? Page(step, text.Localize(errors)) : Page(Math.Min(step + 1, ConfirmStep)));
    }

    [HttpPost("submit")]
    [EnableRateLimiting("apply")]
    public async Task<IActionResult> Submit([FromForm] ApplicationInput input, [FromForm] Guid submissionKey, [FromServices] SubmitApplicationHandler handler)
    {
        ArgumentNullException.ThrowIfNull(input);
        ModelState.Clear();
        if (submissionKey == Guid.Empty)
        {
            return View("Step", new ApplyPage(1, input, Guid.NewGuid()));
        }

        var outcome = await handler.HandleAsync(input, submissionKey, token => Url.Action(nameof(Status), "Application", new { area = "Apply", token }, Request.Scheme)!);
        return outcome switch
        {
            SubmitOutcome.Submitted submitted => RedirectToAction(nameof(Status), new { token = submitted.StatusToken }),
            SubmitOutcome.Invalid invalid => View("Step", new ApplyPage(FirstStepWith(invalid.Errors), input, submissionKey, text.Localize(invalid.Errors))),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
    }

    /// <summary>Resumes a saved draft from the mailed link, at the step where it was left.</summary>
    [HttpGet("resume/{token}")]
    public async Task<IActionResult> Resume(string token, [FromServices] ResumeDraftHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return await handler.HandleAsync(token) switch
        {
            ResumeOutcome.Found found => View("Step", new ApplyPage(Math.Clamp(found.Step, 1, ConfirmStep), found.Input, found.SubmissionKey)),
            ResumeOutcome.Expired => GoneView(),
            _ => NotFound(),
        };
    }

    private ViewResult GoneView()
    {
        Response.StatusCode = StatusCodes.Status410Gone;
        return View("DraftExpired");
    }

    /// <summary>修正して再提出: the returned application's data in the same step form.</summary>
    [HttpGet("status/{token}/edit")]
    public async Task<IActionResult> Edit(string token, [FromServices] ResubmitApplicationHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var input = await handler.CorrectableInputAsync(token);
        return input is null ? NotFound() : View("Step", new ApplyPage(1, input, Guid.NewGuid()) { ResubmitToken = token });
    }

    [HttpPost("status/{token}/resubmit")]
    public async Task<IActionResult> Resubmit(string token, [FromForm] ApplicationInput input, [FromServices] ResubmitApplicationHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ModelState.Clear();
        return await handler.HandleAsync(token, input) switch
        {
            ResubmitOutcome.Invalid invalid => View("Step", new ApplyPage(FirstStepWith(invalid.Errors), input, Guid.NewGuid(), text.Localize(invalid.Errors)) { ResubmitToken = token }),
            ResubmitOutcome.NotFound => NotFound(),
            ResubmitOutcome.Resubmitted => RedirectToAction(nameof(Status), new { token, done = "resubmitted" }),
            _ => RedirectToAction(nameof(Status), new { token }),
        };
    }

    [HttpGet("status/{token}")]
    public async Task<IActionResult> Status(string token, [FromQuery] string? done, [FromServices] ApplicationStatusHandler handler)
    {
        var view = await handler.HandleAsync(token);
        if (view is null)
        {
            return NotFound();
        }

        // The confirmation after 再提出, only while the application is back in review.
        ViewData["Resubmitted"] = done == "resubmitted" && view.Status == MioKarte.Core.Applications.ApplicationStatus.UnderReview;
        return View(view);
    }

    /// <summary>A form of the application as a PDF download (never inline, never cached).</summary>
    [HttpGet("status/{token}/forms/{index:int}")]
    public async Task<IActionResult> Form(string token, int index, [FromServices] ApplicationStatusHandler handler)
    {
        var pdf = await handler.FormAsync(token, index);
        return pdf is null ? NotFound() : File(pdf.Content, "application/pdf", pdf.FileName);
    }

    private DateOnly Today() => JapanTime.Today(time);

    private static int FirstStepWith(IReadOnlyList<FieldError> errors) =>
        Enumerable.Range(1, ApplicationValidation.StepCount).First(s => errors.Any(e => ApplicationValidation.FieldsOf(s).Contains(e.Field)));
}

public sealed record ApplyPage(int Step, ApplicationInput Input, Guid SubmissionKey, IReadOnlyDictionary<string, string>? Errors = null)
{
    /// <summary>Where to mail a draft's resume link; the 管理責任者's address unless the applicant typed another.</summary>
    public string? DraftEmail { get; init; }

    /// <summary>Set when correcting a returned application: the final button resubmits it instead of applying anew.</summary>
    public string? ResubmitToken { get; init; }

    public string FinalAction => ResubmitToken is null ? "/apply/submit" : $"/apply/status/{ResubmitToken}/resubmit";

    public string? ErrorFor(string field) => Errors is not null && Errors.TryGetValue(field, out var message) ? message : null;

    public string? Value(string field) => typeof(ApplicationInput).GetProperty(field)?.GetValue(Input)?.ToString();
}
