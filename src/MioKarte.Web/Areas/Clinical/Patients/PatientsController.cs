using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Patients;
using MioKarte.Core.Records;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Clinical.Patients;

/// <summary>
/// 患者一覧 and 患者IDの登録 (section 4-1): the list of the facility's patients, linking a referred
/// patient from the 患者情報送信票 and the 同意書, the links of one patient with 同意撤回, and the
/// consent scans. Everything is scoped by the user's facility; another facility's ids answer 404.
/// The record timeline of a patient (/patients/{id}) is a separate feature.
/// </summary>
[Area("Clinical")]
[Route("patients")]
[Authorize(Policy = PortalPolicies.ViewClinicalData)]
public sealed partial class PatientsController(IStringLocalizer<SharedResource> text, ILogger<PatientsController> logger) : Controller
{
    /// <summary>
    /// Room for a scan several times over the 10 MB a scan may be, so that a scan a little too large
    /// comes back on the form with 「10MBまで」 and every field kept, instead of the bare 413 page; the
    /// form's script stops a file over 10 MB before it is sent at all.
    /// </summary>
    private const long MaxRequestBytes = (4 * PatientOptions.MaxConsentScanBytes) + (1024 * 1024);

    [HttpGet("")]
    public async Task<IActionResult> Index(Actor actor, [FromQuery] PatientListQuery query, [FromServices] ListPatientsHandler handler)
    {
        return View(await handler.HandleAsync(actor, query, HttpContext.RequestAborted));
    }

    [HttpGet("new")]
    [Authorize(Policy = PortalPolicies.RegisterPatientLinks)]
    public async Task<IActionResult> New([FromServices] MioKarteDbContext db) =>
        View(new NewPatientLinkPage(new PatientLinkInput(), await DisclosingFacilityChoice.ListAsync(db, HttpContext.RequestAborted)));

    [HttpPost("new")]
    [Authorize(Policy = PortalPolicies.RegisterPatientLinks)]
    [RequestSizeLimit(MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> New(
        Actor actor, [FromForm] PatientLinkInput input, IFormFile? consentScan, [FromForm] string? heldScan,
        [FromServices] RegisterPatientLinkHandler handler, [FromServices] HeldConsentScans heldScans, [FromServices] MioKarteDbContext db)
    {
        ModelState.Clear();
        var cancellationToken = HttpContext.RequestAborted;
        // A newly chosen file wins; otherwise the scan held from the form's previous, sent-back submit.
        var held = consentScan is { Length: > 0 } ? null : await heldScans.OpenAsync(actor.UserId, heldScan, cancellationToken);
        byte[]? content = held?.Content;
        var scan = consentScan is { Length: > 0 }
            ? new UploadedScan(consentScan.Length, async ct => content ??= await ReadAsync(consentScan, ct))
            : content is not null ? new UploadedScan(content.Length, _ => Task.FromResult(content)) : null;
        var outcome = await handler.HandleAsync(actor, input, scan, cancellationToken);
        if (outcome is RegisterLinkOutcome.Linked linked)
        {
            if (held is { } used)
            {
                heldScans.Release(used.Held);
            }

            return Redirect($"/patients/{linked.FacilityPatientId}/links?done={(linked.AlreadyLinked ? "already" : "linked")}");
        }

        // Sent back: keep the scan (if it was a good one) so the corrected form needs no new choice of file.
        var keep = held?.Held ?? (content is not null ? await heldScans.HoldAsync(actor.UserId, consentScan?.FileName, content, cancellationToken) : null);
        var facilities = await DisclosingFacilityChoice.ListAsync(db, cancellationToken);
        if (outcome is RegisterLinkOutcome.Invalid invalid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(new NewPatientLinkPage(input, facilities, text.Localize(invalid.Errors)) { HeldScan = keep });
        }

        Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return View(new NewPatientLinkPage(input, facilities) { Error = text["Patients.Error.DataCenterUnavailable"], HeldScan = keep });
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)Math.Min(file.Length, PatientOptions.MaxConsentScanBytes));
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    [HttpGet("{id:guid}/links")]
    public async Task<IActionResult> Links(Actor actor, Guid id, string? done, [FromServices] PatientLinksHandler handler)
    {
        var page = await handler.HandleAsync(actor, id, HttpContext.RequestAborted);
        if (page is null)
        {
            return NotOurs(actor, id, null);
        }

        return View(page with { Done = done is "linked" or "already" or "withdrawn" ? done : null });
    }

    [HttpPost("{id:guid}/links/{linkId:guid}/withdraw")]
    [Authorize(Policy = PortalPolicies.RegisterPatientLinks)]
    public async Task<IActionResult> Withdraw(
        Actor actor, Guid id, Guid linkId, [FromForm] Guid version, [FromForm] string? reason, [FromServices] WithdrawConsentHandler handler, [FromServices] PatientLinksHandler links)
    {
        var outcome = await handler.HandleAsync(actor, id, linkId, version, reason, HttpContext.RequestAborted);
        if (outcome is WithdrawOutcome.Withdrawn)
        {
            return Redirect($"/patients/{id}/links?done=withdrawn");
        }

        var page = await links.HandleAsync(actor, id, HttpContext.RequestAborted);
        if (page is null || outcome is WithdrawOutcome.NotFound)
        {
            return NotOurs(actor, id, linkId);
        }

        Response.StatusCode = outcome switch
        {
            WithdrawOutcome.Conflict => StatusCodes.Status409Conflict,
            WithdrawOutcome.DataCenterUnavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        var error = outcome switch
        {
            WithdrawOutcome.Conflict conflict => text["Patients.Error.Conflict", conflict.ChangedBy],
            WithdrawOutcome.DataCenterUnavailable => text["Patients.Error.WithdrawDataCenterUnavailable"],
            _ => text["Patients.Error.ReasonRequired"],
        };
        return View(nameof(Links), page with { Error = error, FailedLink = linkId, Reason = reason });
    }

    /// <summary>The 同意書 scan: always a download with its checked type, never rendered in the portal's origin.</summary>
    [HttpGet("{id:guid}/links/{linkId:guid}/consent")]
    public async Task<IActionResult> ConsentScan(Actor actor, Guid id, Guid linkId, [FromServices] ConsentScanHandler handler)
    {
        var scan = await handler.HandleAsync(actor, id, linkId, HttpContext.RequestAborted);
        if (scan is null)
        {
            return NotOurs(actor, id, linkId);
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return PhysicalFile(scan.Path, scan.ContentType, scan.DownloadName);
    }

    private NotFoundResult NotOurs(Actor actor, Guid patientId, Guid? linkId)
    {
        LogNotFound(logger, actor.UserId, patientId, linkId);
        return NotFound();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} asked for patient {FacilityPatientId} / link {LinkId}, not of their facility or not found")]
    private static partial void LogNotFound(ILogger logger, string userId, Guid facilityPatientId, Guid? linkId);
}

/// <summary>The registration form with its choices and the errors of the last submit.</summary>
public sealed record NewPatientLinkPage(
    PatientLinkInput Input, IReadOnlyList<DisclosingFacilityChoice> Facilities, IReadOnlyDictionary<string, string>? Errors = null)
{
    public string? Error { get; init; }

    /// <summary>The scan kept from the previous submit of this form, if any.</summary>
    public HeldScan? HeldScan { get; init; }

    public string? ErrorFor(string field) => Errors is not null && Errors.TryGetValue(field, out var message) ? message : null;

    public string? Value(string field) => typeof(PatientLinkInput).GetProperty(field)?.GetValue(Input)?.ToString();
}
