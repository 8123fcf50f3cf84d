using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Hosting;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Apply.Application;

/// <summary>
/// 参加申込: a four-step form (施設 → 代表者・管理責任者 → 利用内容 → 同意事項) and a confirmation.
/// The entered values travel with the form from step to step, so nothing is lost when the
/// applicant goes back; only the final submit stores anything. Every POST answers a redirect: a
/// step POST keeps the page's state in a sealed cookie (<see cref="ApplyFormStateCookie"/>) and
/// redirects to <c>GET /apply/step/{n}</c>, so the Back button never lands on a POST result.
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
        [FromForm] string? draftEmail, [FromForm] string? resubmitToken, [FromServices] SaveDraftHandler drafts, [FromServices] SubmitApplicationHandler submissions)
    {
        if (submissionKey != Guid.Empty && await submissions.ExistingTokenAsync(submissionKey) is { } submitted)
        {
            // A step of a form already submitted (the Back button, a resent page): its status, not a second application.
            return RedirectToStatus(submitted);
        }

        if (submissionKey == Guid.Empty)
        {
            submissionKey = Guid.NewGuid();
        }

        step = Math.Clamp(step, 1, ConfirmStep);
        ApplicationValidation.Normalise(input);
        ModelState.Clear();
        ApplyFormState State(int shown, Dictionary<string, string>? errors = null) =>
            new(shown, shown, input, submissionKey, errors, resubmitToken);
        if (nav == "draft")
        {
            var sentTo = await drafts.HandleAsync(input, step, submissionKey, draftEmail,
                token => Url.Action(nameof(Resume), "Application", new { area = "Apply", token }, Request.Scheme)!);
            if (sentTo is null)
            {
                return ShowStep(State(step, new Dictionary<string, string> { ["DraftEmail"] = text["Apply.Error.Email"] }) with { DraftEmail = draftEmail });
            }

            // The typed values are in the draft now (and its mailed link); the browser keeps none of them.
            ApplyFormStateCookie.Clear(HttpContext);
            // POST-redirect-GET: a reload or the Back button never saves (and mails) the draft again.
            TempData[DraftSentToKey] = sentTo;
            return RedirectToAction(nameof(DraftSaved));
        }

        if (nav == "back")
        {
            return ShowStep(State(Math.Max(1, step - 1)));
        }

        var errors = step <= ApplicationValidation.StepCount
            ? ApplicationValidation.Validate(input, Today(), step)
            : [];
        return ShowStep(errors.Count > 0 ? State(step, text.Localize(errors)) : State(Math.Min(step + 1, ConfirmStep)));
    }

    /// <summary>
    /// Step n of the form whose state the last step POST stored (<see cref="ApplyFormStateCookie"/>):
    /// a reload shows the same page, Back and Forward move between the steps reached. Without a state
    /// the form starts again; a step of a form already sent (the Back button after 送信 or 再提出)
    /// leads to its status page.
    /// </summary>
    [HttpGet("step/{step:int}")]
    public async Task<IActionResult> Step(int step, [FromServices] SubmitApplicationHandler submissions, [FromServices] ResubmitApplicationHandler resubmissions)
    {
        var state = ApplyFormStateCookie.Read(HttpContext);
        if (state is null)
        {
            return RedirectToAction(nameof(Start));
        }

        if (state.ResubmitToken is { } resubmitToken)
        {
            if (await resubmissions.CorrectableInputAsync(resubmitToken) is null)
            {
                // Resubmitted already, or no longer returned: its status page says where it is.
                return await resubmissions.ExistsAsync(resubmitToken) ? RedirectToStatus(resubmitToken) : RedirectToAction(nameof(Start));
            }
        }
        else if (await submissions.ExistingTokenAsync(state.SubmissionKey) is { } submitted)
        {
            return RedirectToStatus(submitted);
        }

        if (state.Input is null)
        {
            return RedirectToAction(nameof(Start));
        }

        if (step < 1 || step > state.Reached)
        {
            return RedirectToAction(nameof(Step), new { step = state.Step });
        }

        var current = step == state.Step;
        return View("Step", new ApplyPage(step, state.Input, state.SubmissionKey, current ? state.Errors : null)
        {
            ResubmitToken = state.ResubmitToken,
            DraftEmail = current ? state.DraftEmail : null,
        });
    }

    /// <summary>
    /// Stores <paramref name="state"/> and answers 303 See Other to the step it shows. The furthest step
    /// reached by the same form is kept, so Forward after Back still finds its page.
    /// </summary>
    private StatusCodeResult ShowStep(ApplyFormState state)
    {
        var previous = ApplyFormStateCookie.Read(HttpContext);
        var reached = previous is { Input: not null } && previous.SubmissionKey == state.SubmissionKey && previous.ResubmitToken == state.ResubmitToken
            ? Math.Max(previous.Reached, state.Reached)
            : state.Reached;
        ApplyFormStateCookie.Save(HttpContext, state with { Reached = Math.Clamp(reached, 1, ConfirmStep) });
        Response.Headers.Location = Url.Action(nameof(Step), new { step = state.Step });
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    public const string DraftSentToKey = "Apply.DraftSentTo";

    [HttpGet("draft-saved")]
    public IActionResult DraftSaved() => View("DraftSaved", TempData[DraftSentToKey] as string);

    [HttpPost("submit")]
    [EnableRateLimiting("apply")]
    public async Task<IActionResult> Submit([FromForm] ApplicationInput input, [FromForm] Guid submissionKey, [FromServices] SubmitApplicationHandler handler)
    {
        ModelState.Clear();
        if (submissionKey == Guid.Empty)
        {
            ApplicationValidation.Normalise(input);
            return ShowStep(new ApplyFormState(1, 1, input, Guid.NewGuid()));
        }

        var outcome = await handler.HandleAsync(input, submissionKey, token => Url.Action(nameof(Status), "Application", new { area = "Apply", token }, Request.Scheme)!);
        switch (outcome)
        {
            case SubmitOutcome.Submitted submitted:
                // The typed values are stored now: the browser keeps only which form was sent, so Back leads to the status page.
                ApplyFormStateCookie.Save(HttpContext, ApplyFormState.Marker(submissionKey));
                return RedirectToStatus(submitted.StatusToken);
            case SubmitOutcome.Invalid invalid:
                return ShowStep(new ApplyFormState(FirstStepWith(invalid.Errors), ConfirmStep, input, submissionKey, text.Localize(invalid.Errors)));
            default:
                throw new InvalidOperationException("unknown outcome");
        }
    }

    /// <summary>Resumes a saved draft from the mailed link, at the step where it was left.</summary>
    [HttpGet("resume/{token}")]
    public async Task<IActionResult> Resume(string token, [FromServices] ResumeDraftHandler handler)
    {
        return await handler.HandleAsync(token) switch
        {
            ResumeOutcome.Found found => View("Step", new ApplyPage(Math.Clamp(found.Step, 1, ConfirmStep), found.Input, found.SubmissionKey)),
            ResumeOutcome.Submitted submitted => View("DraftSubmitted", Url.Action(nameof(Status), new { token = submitted.StatusToken })!),
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
        var input = await handler.CorrectableInputAsync(token);
        if (input is null)
        {
            // Resubmitted already (the Back button after 再提出) or no longer returned: its status page says where it is.
            return await handler.ExistsAsync(token) ? RedirectToStatus(token) : NotFound();
        }

        return View("Step", new ApplyPage(1, input, Guid.NewGuid()) { ResubmitToken = token });
    }

    [HttpPost("status/{token}/resubmit")]
    public async Task<IActionResult> Resubmit(string token, [FromForm] ApplicationInput input, [FromForm] Guid submissionKey, [FromServices] ResubmitApplicationHandler handler)
    {
        ModelState.Clear();
        var key = submissionKey == Guid.Empty ? Guid.NewGuid() : submissionKey;
        var outcome = await handler.HandleAsync(token, input);
        switch (outcome)
        {
            case ResubmitOutcome.Invalid invalid:
                return ShowStep(new ApplyFormState(FirstStepWith(invalid.Errors), ConfirmStep, input, key, text.Localize(invalid.Errors), token));
            case ResubmitOutcome.NotFound:
                return NotFound();
            default:
                // Stored (or no longer correctable): the browser keeps only which application it was, so Back leads to its status page.
                ApplyFormStateCookie.Save(HttpContext, ApplyFormState.Marker(key, token));
                return outcome is ResubmitOutcome.Resubmitted ? RedirectToAction(nameof(Status), new { token, done = "resubmitted" }) : RedirectToStatus(token);
        }
    }

    /// <summary>After a POST the browser GETs the status page (POST-redirect-GET), so reload never resends the form.</summary>
    private RedirectToActionResult RedirectToStatus(string token) => RedirectToAction(nameof(Status), new { token });

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
