using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
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
    private ClinicalActor Actor => ClinicalActor.Of(HttpContext);

    [HttpGet("")]
    public async Task<IActionResult> Index([FromServices] StartEmergencyAccessHandler handler, [FromServices] MioKarteDbContext db)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!await handler.IsPhysicianAsync(Actor, HttpContext.RequestAborted))
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return View("NotPhysician");
        }

        return View(new EmergencyFormPage(new EmergencyAccessInput(), await DisclosingFacilityChoice.ListAsync(db, HttpContext.RequestAborted)));
    }

    [HttpPost("")]
    public async Task<IActionResult> Start([FromForm] EmergencyAccessInput input, [FromServices] StartEmergencyAccessHandler handler, [FromServices] MioKarteDbContext db)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ModelState.Clear();
        var outcome = await handler.HandleAsync(Actor, input, HttpContext.RequestAborted);
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
    public async Task<IActionResult> Grant(Guid grantId, [FromServices] EmergencyGrantHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var page = await handler.HandleAsync(Actor, grantId, HttpContext.RequestAborted);
        return page is null ? NotFound() : View(page);
    }
}

public sealed record EmergencyFormPage(
    EmergencyAccessInput Input, IReadOnlyList<DisclosingFacilityChoice> Facilities, IReadOnlyDictionary<string, string>? Errors = null)
{
    public string? Error { get; init; }

    public string? ErrorFor(string field) => Errors is not null && Errors.TryGetValue(field, out var message) ? message : null;
}
