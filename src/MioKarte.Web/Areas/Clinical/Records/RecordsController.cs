using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using MioKarte.Core.Common;
using MioKarte.Core.Hosting;
using MioKarte.Core.Records;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Clinical.Records;

/// <summary>
/// 一連の表 of a linked patient (/patients/{id}): the table over time, details beside it, images and
/// documents through the portal, a refresh of the cached answer and the summary PDF. The patient must
/// be one of the user's facility; everything else is not found.
/// </summary>
[Area("Clinical")]
[Authorize(Policy = PortalPolicies.ViewClinicalData)]
[Route("patients/{id:guid}")]
public sealed class RecordsController(LoadPatientRecordHandler load, TimeProvider time) : RecordPagesController(load, time)
{
    protected override RecordSubject SubjectOf(Guid id) => RecordSubject.Patient(id);
}

/// <summary>
/// The record pages, the same under each of a record's addresses (<see cref="RecordPaths"/>): the
/// subclass says whose record its address names, so an id is never taken for a patient and a grant at once.
/// Both subclasses are named "Records" for MVC, so they share these views.
/// </summary>
public abstract class RecordPagesController(LoadPatientRecordHandler load, TimeProvider time) : Controller
{
    /// <summary>Whose record the id in this controller's address names.</summary>
    protected abstract RecordSubject SubjectOf(Guid id);

    [HttpGet("")]
    public async Task<IActionResult> Index(
        Actor actor, Guid id, [FromQuery] bool partial, [FromServices] ViewPatientRecordHandler handler, [FromServices] IOptions<RecordOptions> options)
    {
        // The table shows what has arrived after a moment; a detail pane waits for the whole record.
        var progressAfter = partial ? (TimeSpan?)null : options.Value.ProgressAfter;
        if (await load.HandleAsync(actor, SubjectOf(id), HttpContext.RequestAborted, progressAfter) is not { } context)
        {
            return await NotAvailableAsync(actor, id);
        }

        // A tab opened before the consent was withdrawn: say why there is nothing (and show nothing).
        if (context.Links.Count == 0 && context.Emergency is null && await GoneAsync(actor, id) is { } gone)
        {
            return gone;
        }

        var state = RecordTableState.Parse(RecordPaths.Of(SubjectOf(id)), Request.Query, JapanTime.Today(time));
        var page = await handler.HandleAsync(context, state, partial && state.Selection is not null, HttpContext.RequestAborted);
        if (page is null)
        {
            return await NotAvailableAsync(actor, id);
        }

        return partial ? PartialView("_Detail", page) : View(page);
    }

    /// <summary>
    /// The progress banner's poll while facilities are still being read: their names, and whether
    /// the record is complete (then the page reloads itself). No record data, so no access-log row.
    /// </summary>
    [HttpGet("progress")]
    public async Task<IActionResult> Progress(Actor actor, Guid id)
    {
        if (await load.StillLoadingAsync(actor, SubjectOf(id), HttpContext.RequestAborted) is not { } pending)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return Json(new { complete = pending.Count == 0, loading = pending.Select(l => l.FacilityName) });
    }

    /// <summary>「最新の情報に更新」: forget the cached answer and show the table again.</summary>
    [HttpPost("refresh")]
    public async Task<IActionResult> Refresh(Actor actor, Guid id, [FromForm] string? returnUrl, [FromServices] SharedRecordCache cache)
    {
        // Only the patient is checked: the record is read afresh by the page this redirects to.
        if (!await load.ExistsAsync(actor, SubjectOf(id), HttpContext.RequestAborted))
        {
            return NotFound();
        }

        cache.Forget(actor.Facility, id);
        var prefix = RecordPaths.Of(SubjectOf(id));
        return Redirect(returnUrl is { } url && url.StartsWith(prefix, StringComparison.Ordinal) && Url.IsLocalUrl(url) ? url : prefix);
    }

    [HttpGet("content/{contentId}")]
    public Task<IActionResult> Content(Actor actor, Guid id, string contentId, [FromServices] ServeRecordContentHandler handler) =>
        ServeAsync(actor, id, contentId, thumbnail: false, handler);

    [HttpGet("content/{contentId}/thumbnail")]
    public Task<IActionResult> Thumbnail(Actor actor, Guid id, string contentId, [FromServices] ServeRecordContentHandler handler) =>
        ServeAsync(actor, id, contentId, thumbnail: true, handler);

    /// <summary>The image viewer: one picture of a study, with zoom, pan and previous/next.</summary>
    [HttpGet("viewer/{contentId}")]
    public async Task<IActionResult> Viewer(Actor actor, Guid id, string contentId, [FromQuery] string? back, [FromServices] ImageViewerHandler handler)
    {
        if (await load.HandleAsync(actor, SubjectOf(id), HttpContext.RequestAborted) is not { } context
            || handler.Handle(context, contentId) is not { } viewer)
        {
            return await NotAvailableAsync(actor, id);
        }

        var prefix = RecordPaths.Of(SubjectOf(id));
        return View(viewer with { BackUrl = back is { } b && b.StartsWith(prefix, StringComparison.Ordinal) && Url.IsLocalUrl(b) ? b : prefix });
    }

    /// <summary>患者サマリの印刷: choose the period and categories.</summary>
    [HttpGet("summary")]
    public async Task<IActionResult> Summary(Actor actor, Guid id)
    {
        // The form shows the patient's head; the record comes from the cache the table just filled.
        if (await load.HandleAsync(actor, SubjectOf(id), HttpContext.RequestAborted) is not { } context)
        {
            return await NotAvailableAsync(actor, id);
        }

        var patient = context.Patient;

        var state = RecordTableState.Parse(RecordPaths.Of(SubjectOf(id)), Request.Query, JapanTime.Today(time));
        return View(new SummaryForm(patient, RecordPaths.Of(context), state.Query.From, state.Query.To, state.Query.Categories.ToList(), null));
    }

    /// <summary>The summary as a PDF, shown inline by the browser (its own print button prints it).</summary>
    [HttpGet("summary.pdf")]
    public async Task<IActionResult> SummaryPdf(Actor actor, Guid id, [FromServices] PrintSummaryHandler handler)
    {
        if (await load.HandleAsync(actor, SubjectOf(id), HttpContext.RequestAborted) is not { } context)
        {
            return await NotAvailableAsync(actor, id);
        }

        var state = RecordTableState.Parse(RecordPaths.Of(SubjectOf(id)), Request.Query, JapanTime.Today(time));
        if (state.Query.From > state.Query.To)
        {
            return View(nameof(Summary), new SummaryForm(context.Patient, RecordPaths.Of(context), state.Query.From, state.Query.To, state.Query.Categories.ToList(), "Summary.PeriodInvalid"));
        }

        var pdf = await handler.HandleAsync(context, state.Query.From, state.Query.To, state.Query.Categories.ToList(), HttpContext.RequestAborted);
        // Named by the day it was printed, not by the patient: a shared terminal's download folder must not list whose records were printed.
        var printedOn = JapanTime.Today(time).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("inline")
        {
            FileName = $"summary-{printedOn}.pdf",
            FileNameStar = $"患者サマリ_{printedOn}.pdf",
        }.ToString();
        return File(pdf, "application/pdf");
    }

    /// <summary>
    /// Nothing to show: the reason when the consent was withdrawn or the user's own emergency grant
    /// ended (410, no patient data), otherwise the plain 404 — an id that was never the user's facility's says nothing.
    /// </summary>
    private async Task<IActionResult> NotAvailableAsync(Actor actor, Guid id) => await GoneAsync(actor, id) ?? NotFound();

    private async Task<IActionResult?> GoneAsync(Actor actor, Guid id)
    {
        var handler = HttpContext.RequestServices.GetRequiredService<RecordGoneHandler>();
        if (await handler.HandleAsync(actor, SubjectOf(id), HttpContext.RequestAborted) is not { } gone)
        {
            return null;
        }

        Response.StatusCode = StatusCodes.Status410Gone;
        return View("Gone", gone);
    }

    private async Task<IActionResult> ServeAsync(Actor actor, Guid id, string contentId, bool thumbnail, ServeRecordContentHandler handler)
    {
        if (!RecordIds.IsWellFormed(contentId) || await load.HandleAsync(actor, SubjectOf(id), HttpContext.RequestAborted) is not { } context)
        {
            return await NotAvailableAsync(actor, id);
        }

        var (content, problem) = await handler.HandleAsync(context, contentId, thumbnail, HttpContext.RequestAborted);
        if (content is null)
        {
            return problem switch
            {
                ContentProblem.NotFound => await NotAvailableAsync(actor, id),
                ContentProblem.Unsupported => StatusCode(StatusCodes.Status415UnsupportedMediaType),
                _ => StatusCode(StatusCodes.Status502BadGateway),
            };
        }

        // Kept by this browser only (never a shared cache), revalidated by ETag.
        Response.Headers.CacheControl = "private, max-age=600";
        Response.Headers.ETag = content.ETag;
        if (Request.Headers.IfNoneMatch.Contains(content.ETag))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("inline").ToString();
        return File(content.Content, content.ContentType);
    }
}

/// <summary>The summary form as shown.</summary>
public sealed record SummaryForm(ClinicalPatient Patient, string RecordPath, DateOnly From, DateOnly To, IReadOnlyList<RecordCategory> Categories, string? ErrorKey);
