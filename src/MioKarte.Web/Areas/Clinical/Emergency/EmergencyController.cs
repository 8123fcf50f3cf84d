using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Records;
using MioKarte.Web.Areas.Clinical.Records;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Clinical.Emergency;

/// <summary>
/// 非常時アクセス: a physician opens a patient who is not yet linked, stating why; the grant lasts
/// <c>Patients:EmergencyAccessDuration</c>, every use is marked in the access log and the start is
/// reported to the facility's administrators and the council at once.
/// </summary>
[Area("Clinical")]
[Route("patients/emergency")]
[Authorize(Policy = PortalPolicies.ViewClinicalData)]
public sealed class EmergencyController(IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(
        Actor actor, [FromServices] StartEmergencyAccessHandler handler, [FromServices] OwnEmergencyGrantsHandler own, [FromServices] MioKarteDbContext db)
    {
        if (!await handler.IsPhysicianAsync(actor, HttpContext.RequestAborted))
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return View("NotPhysician");
        }

        return View(new EmergencyFormPage(new EmergencyAccessInput(), await DisclosingFacilityChoice.ListAsync(db, HttpContext.RequestAborted))
        {
            ActiveGrants = await own.HandleAsync(actor, HttpContext.RequestAborted),
            Ended = TempData[EndedKey] is true,
        });
    }

    public const string EndedKey = "Emergency.Ended";

    /// <summary>終了: the physician ends their own grant before its time (another user's grant: 404).</summary>
    [HttpPost("{grantId:guid}/end")]
    public async Task<IActionResult> End(Actor actor, Guid grantId, [FromServices] EndEmergencyAccessHandler handler)
    {
        if (!await handler.HandleAsync(actor, grantId, HttpContext.RequestAborted))
        {
            return NotFound();
        }

        TempData[EndedKey] = true;
        return Redirect("/patients/emergency");
    }

    [HttpPost("")]
    public async Task<IActionResult> Start(Actor actor, [FromForm] EmergencyAccessInput input, [FromServices] StartEmergencyAccessHandler handler, [FromServices] MioKarteDbContext db)
    {
        ModelState.Clear();
        var outcome = await handler.HandleAsync(actor, input, HttpContext.RequestAborted);
        switch (outcome)
        {
            case EmergencyOutcome.Started started:
                return Redirect($"/patients/emergency/{started.GrantId}");
            case EmergencyOutcome.NotAPhysician:
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return View("NotPhysician");
            case EmergencyOutcome.Invalid invalid:
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return View(nameof(Index), new EmergencyFormPage(input, await DisclosingFacilityChoice.ListAsync(db, HttpContext.RequestAborted), text.Localize(invalid.Errors)));
            default:
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return View(nameof(Index), new EmergencyFormPage(input, await DisclosingFacilityChoice.ListAsync(db, HttpContext.RequestAborted))
                {
                    Error = text["Patients.Error.DataCenterUnavailable"],
                });
        }
    }

    [HttpGet("{grantId:guid}")]
    public async Task<IActionResult> Grant(Actor actor, Guid grantId, [FromServices] EmergencyGrantHandler handler, [FromServices] RecordGoneHandler gone)
    {
        var page = await handler.HandleAsync(actor, grantId, HttpContext.RequestAborted);
        if (page is not null)
        {
            return View(page);
        }

        // The user's own grant that is over says so; any other id stays a plain 404.
        if (await gone.HandleAsync(actor, RecordSubject.Grant(grantId), HttpContext.RequestAborted) is { } reason)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return View("~/Areas/Clinical/Records/Gone.cshtml", reason);
        }

        return NotFound();
    }
}

public sealed record EmergencyFormPage(
    EmergencyAccessInput Input, IReadOnlyList<DisclosingFacilityChoice> Facilities, IReadOnlyDictionary<string, string>? Errors = null)
{
    public string? Error { get; init; }

    /// <summary>The physician's own grants active now, each with its 終了 button.</summary>
    public IReadOnlyList<Core.AccessLog.EmergencyGrantFacts> ActiveGrants { get; init; } = [];

    /// <summary>A grant was just ended.</summary>
    public bool Ended { get; init; }

    public string? ErrorFor(string field) => Errors is not null && Errors.TryGetValue(field, out var message) ? message : null;
}
