using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Core.Text;
using MioKarte.Web.Areas.Council.Shared;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Facilities;

/// <summary>
/// 施設台帳: the council's register of facilities — list, CSV, detail, 利用停止 / 利用再開 / 退会,
/// contact corrections and the direct entry of disclosing facilities. Council staff only.
/// </summary>
[Area("Council")]
[Route("council/facilities")]
[Authorize(Roles = PortalRoles.CouncilStaff)]
public sealed class FacilitiesController(IStringLocalizer<SharedResource> text) : Controller
{
    private const string Path = "/council/facilities";

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] FacilityListQuery query, [FromServices] FacilityListHandler handler)
    {
        return View(await handler.HandleAsync(query));
    }

    /// <summary>The filtered list as a CSV for Excel; the Japanese file name travels as RFC 5987 filename*.</summary>
    [HttpGet("export.csv")]
    public async Task<IActionResult> Export([FromQuery] FacilityListQuery query, [FromServices] FacilityExportHandler handler)
    {
        var csv = await handler.HandleAsync(query);
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = csv.AsciiFileName,
            FileNameStar = csv.FileName,
        }.ToString();
        return File(csv.Content, CsvWriter.ContentType);
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Detail(Actor actor, Guid id, string? done, [FromServices] FacilityDetailHandler handler)
    {
        var facility = await handler.HandleAsync(id, actor);
        return facility is null ? NotFound() : View(new FacilityDetailPage(facility) { Done = ParseMove(done) });
    }

    [HttpPost("{id:guid}/suspend")]
    public Task<IActionResult> Suspend(Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? reason, [FromServices] ChangeFacilityStatusHandler handler, [FromServices] FacilityDetailHandler details) =>
        MoveAsync(actor, id, FacilityEventKind.Suspended, version, reason, handler, details);

    [HttpPost("{id:guid}/reinstate")]
    public Task<IActionResult> Reinstate(Actor actor, Guid id, [FromForm] Guid version, [FromServices] ChangeFacilityStatusHandler handler, [FromServices] FacilityDetailHandler details) =>
        MoveAsync(actor, id, FacilityEventKind.Reinstated, version, null, handler, details);

    [HttpPost("{id:guid}/withdraw")]
    public Task<IActionResult> Withdraw(Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? reason, [FromServices] ChangeFacilityStatusHandler handler, [FromServices] FacilityDetailHandler details) =>
        MoveAsync(actor, id, FacilityEventKind.Withdrawn, version, reason, handler, details);

    /// <summary>管理責任者の復旧, asked for by one council member (docs/facilities.md).</summary>
    [HttpPost("{id:guid}/restore-administrator")]
    public async Task<IActionResult> RequestRestoration(
        Actor actor, Guid id, [FromForm] Guid version, [FromForm] string? userName, [FromForm] bool sendPasswordLink, [FromForm] string? reason,
        [FromServices] RestoreAdministratorHandler handler, [FromServices] FacilityDetailHandler details)
    {
        var outcome = await handler.RequestAsync(id, version, userName, sendPasswordLink, reason, actor);
        return await AfterAsync(actor, id, FacilityEventKind.AdministratorRestoreRequested, outcome, reason, details);
    }

    /// <summary>管理責任者の復旧, confirmed by a second council member.</summary>
    [HttpPost("{id:guid}/restore-administrator/confirm")]
    public async Task<IActionResult> ConfirmRestoration(
        Actor actor, Guid id, [FromForm] Guid version, [FromServices] RestoreAdministratorHandler handler, [FromServices] FacilityDetailHandler details)
    {
        var outcome = await handler.CompleteAsync(id, version, actor, token => ActivationLinks.For(Request, token));
        return await AfterAsync(actor, id, FacilityEventKind.AdministratorRestored, outcome, null, details);
    }

    [HttpPost("{id:guid}/restore-administrator/cancel")]
    public async Task<IActionResult> CancelRestoration(
        Actor actor, Guid id, [FromForm] Guid version, [FromServices] RestoreAdministratorHandler handler, [FromServices] FacilityDetailHandler details)
    {
        var outcome = await handler.CancelAsync(id, version, actor);
        return await AfterAsync(actor, id, FacilityEventKind.AdministratorRestoreCancelled, outcome, null, details);
    }

    [HttpGet("new")]
    public IActionResult New() => View(new NewFacilityPage(new DisclosingFacilityInput()));

    [HttpPost("new")]
    public async Task<IActionResult> New(Actor actor, [FromForm] DisclosingFacilityInput input, [FromServices] AddDisclosingFacilityHandler handler)
    {
        ModelState.Clear();
        return await handler.HandleAsync(input, actor) switch
        {
            AddFacilityOutcome.Added added => Redirect($"{Path}/{added.FacilityId}?done={FacilityEventKind.Registered}"),
            AddFacilityOutcome.Invalid invalid => View(new NewFacilityPage(input, text.Localize(invalid.Errors))),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
    }

    [HttpGet("{id:guid}/contacts")]
    public async Task<IActionResult> Contacts(Guid id, [FromServices] EditFacilityContactsHandler handler)
    {
        var page = await handler.FormAsync(id);
        return page is null ? NotFound() : View(page);
    }

    [HttpPost("{id:guid}/contacts")]
    public async Task<IActionResult> Contacts(Actor actor, Guid id, [FromForm] FacilityContactsInput input, [FromForm] Guid version, [FromServices] EditFacilityContactsHandler handler)
    {
        ModelState.Clear();
        var outcome = await handler.HandleAsync(id, input, version, actor);
        switch (outcome)
        {
            case FacilityChangeOutcome.Changed:
                return Redirect($"{Path}/{id}?done={FacilityEventKind.ContactsChanged}");
            case FacilityChangeOutcome.NotFound:
                return NotFound();
            case FacilityChangeOutcome.InvalidFields invalid:
                var form = await handler.FormAsync(id);
                return View(form! with { Input = input, Version = version, Errors = text.Localize(invalid.Errors) });
            default:
                // Someone changed it meanwhile, or it was withdrawn: show what is stored now.
                Response.StatusCode = StatusCodes.Status409Conflict;
                var current = await handler.FormAsync(id);
                return View(current! with { Error = ErrorText(outcome, FacilityEventKind.ContactsChanged) });
        }
    }

    private async Task<IActionResult> MoveAsync(
        Actor actor, Guid id, FacilityEventKind move, Guid version, string? reason, ChangeFacilityStatusHandler handler, FacilityDetailHandler details) =>
        await AfterAsync(actor, id, move, await handler.HandleAsync(id, move, version, reason, actor), reason, details);

    /// <summary>Back to the facility's page: with the confirmation line when done, else with why nothing changed.</summary>
    private async Task<IActionResult> AfterAsync(Actor actor, Guid id, FacilityEventKind move, FacilityChangeOutcome outcome, string? reason, FacilityDetailHandler details)
    {
        if (outcome is FacilityChangeOutcome.Changed)
        {
            return Redirect($"{Path}/{id}?done={move}");
        }

        var facility = await details.HandleAsync(id, actor);
        if (facility is null || outcome is FacilityChangeOutcome.NotFound)
        {
            return NotFound();
        }

        if (outcome is FacilityChangeOutcome.Conflict or FacilityChangeOutcome.Refused)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return View(nameof(Detail), new FacilityDetailPage(facility) { Error = ErrorText(outcome, move), FailedMove = move, Reason = reason });
    }

    private string ErrorText(FacilityChangeOutcome outcome, FacilityEventKind move) => outcome switch
    {
        FacilityChangeOutcome.Invalid invalid => text[invalid.MessageKey, invalid.Arguments],
        FacilityChangeOutcome.Conflict conflict => text["Facilities.Error.Conflict", conflict.ChangedBy],
        FacilityChangeOutcome.Refused refused => text["Facilities.Error.Refused", text["FacilityStatus." + refused.Current], text["FacilityEvent." + move]],
        _ => text["Facilities.Error.Conflict", ""],
    };

    private static FacilityEventKind? ParseMove(string? value) =>
        !string.IsNullOrEmpty(value) && char.IsAsciiLetter(value[0]) && Enum.TryParse<FacilityEventKind>(value, out var move) && Enum.IsDefined(move)
            ? move
            : null;
}

/// <summary>The form for a new disclosing facility, with the errors of the last submit.</summary>
public sealed record NewFacilityPage(DisclosingFacilityInput Input, IReadOnlyDictionary<string, string>? Errors = null)
{
    public string? ErrorFor(string field) => Errors is not null && Errors.TryGetValue(field, out var message) ? message : null;

    public string? Value(string field) => typeof(DisclosingFacilityInput).GetProperty(field)?.GetValue(Input)?.ToString();
}
