using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Common;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Pki;

namespace MioKarte.Web.Areas.Council.Certificates;

/// <summary>
/// 端末証明書 for the liaison council: every certificate the network CA issued, filtered by facility
/// code and status, and revocation (失効) with an RFC 5280 reason. Council staff only.
/// </summary>
[Area("Council")]
[Authorize(Roles = PortalRoles.CouncilStaff)]
[Route("council/certificates")]
public sealed class CertificatesController(IStringLocalizer<SharedResource> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(
        [FromQuery] string? facility, [FromQuery] string? status, [FromQuery] string? page, [FromServices] ListCertificatesHandler handler)
    {
        return View(await handler.HandleAsync(new CertificateListQuery(facility, ListQuery.Filter<CertificateFilter>(status) ?? CertificateFilter.All, ListQuery.PageOrFirst(page)), HttpContext.RequestAborted));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Detail(Guid id, [FromQuery] bool revoked, [FromServices] CertificateDetailHandler handler)
    {
        var view = await handler.HandleAsync(id, HttpContext.RequestAborted);
        return view is null ? NotFound() : View(view with { JustRevoked = revoked && view.Status == TerminalCertificateStatus.Revoked });
    }

    [HttpPost("{id:guid}/revoke")]
    public async Task<IActionResult> Revoke(
        Actor actor, Guid id, [FromForm] RevokeCertificateInput input, [FromServices] RevokeCertificateHandler handler, [FromServices] CertificateDetailHandler details)
    {
        var outcome = await handler.HandleAsync(id, input, actor, HttpContext.RequestAborted);
        if (outcome is RevocationOutcome.Revoked)
        {
            return RedirectToAction(nameof(Detail), new { id, revoked = true });
        }

        var view = await details.HandleAsync(id, HttpContext.RequestAborted);
        if (view is null || outcome is RevocationOutcome.NotFound)
        {
            return NotFound();
        }

        ModelState.Clear();
        Response.StatusCode = outcome is null ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        var error = outcome is RevocationOutcome.AlreadyChanged changed
            ? text["Certificates.AlreadyRevoked", changed.RevokedBy ?? "—", changed.RevokedAtUtc is { } at ? JapanTime.Format(at) : "—"].Value
            : text["Certificates.ReasonRequired"].Value;
        return View(nameof(Detail), view with { Error = error, SelectedReason = input?.Reason });
    }
}
