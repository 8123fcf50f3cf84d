using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Common;
using MioKarte.Web.Areas.Account.Activation;
using MioKarte.Web.Areas.FacilityAdmin.Users;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.FacilityAdmin.Terminals;

/// <summary>
/// 端末管理 for the facility's 管理責任者: register a PC or iPad, issue or renew its client
/// certificate (the PKCS#12 and its one-time password are shown once), revoke it after loss or
/// disposal. Every record is the signed-in administrator's facility's; any other id is 404.
/// </summary>
[Area("FacilityAdmin")]
[Authorize(Policy = PortalPolicies.ManageFacility)]
[Route("facility/terminals")]
public sealed class TerminalsController(IStringLocalizer<SharedResource> text) : Controller
{
    private const string StatusKey = "Terminals.Status";

    [HttpGet("")]
    public async Task<IActionResult> Index(Actor actor, [FromServices] TerminalListHandler handler)
    {
        ViewData[StatusKey] = TempData[StatusKey];
        return View(await handler.HandleAsync(actor, HttpContext.RequestAborted));
    }

    [HttpGet("new")]
    public IActionResult New() => View(new RegisterTerminalInput());

    [HttpPost("")]
    public async Task<IActionResult> Register(Actor actor, [FromForm] RegisterTerminalInput input, [FromServices] RegisterTerminalHandler handler)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(New), input);
        }

        switch (await handler.HandleAsync(actor, input, HttpContext.RequestAborted))
        {
            case RegisterTerminalOutcome.Registered registered:
                TempData[StatusKey] = text["Terminals.Registered", input.Name.Trim()].Value;
                return Redirect($"/facility/terminals/{registered.TerminalId}");
            case RegisterTerminalOutcome.NameTaken:
                ModelState.AddModelError(nameof(RegisterTerminalInput.Name), text["Terminals.NameTaken"]);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View(nameof(New), input);
            default:
                throw new InvalidOperationException("unknown outcome");
        }
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Detail(Actor actor, Guid id, [FromServices] TerminalDetailHandler handler, [FromServices] ForeignTerminalProbeHandler probe)
    {
        var view = await handler.HandleAsync(actor, id, HttpContext.RequestAborted);
        if (view is null)
        {
            return await NotFoundAsync(actor, id, probe);
        }

        return View(view with { Status = TempData[StatusKey] as string });
    }

    /// <summary>
    /// Where a stale session comes back after 再認証 from the issue button: the terminal's page,
    /// whose button the administrator presses once more (a form's post cannot be replayed).
    /// </summary>
    [HttpGet("{id:guid}/certificate")]
    public IActionResult IssueAgain(Guid id) => Redirect($"/facility/terminals/{id}");

    // 再認証 first: issuing hands out a key that, with a password, opens clinical data.
    [RequireRecentAuthentication]
    [HttpPost("{id:guid}/certificate")]
    public async Task<IActionResult> Issue(
        Actor actor, Guid id, [FromForm] Guid version, [FromServices] IssueTerminalCertificateHandler handler,
        [FromServices] TerminalDetailHandler details, [FromServices] ForeignTerminalProbeHandler probe)
    {
        var outcome = await handler.HandleAsync(actor, id, version, HttpContext.RequestAborted);
        if (outcome is IssueTerminalCertificateOutcome.Issued issued)
        {
            return View("Issued", issued);
        }

        var view = await details.HandleAsync(actor, id, HttpContext.RequestAborted);
        if (view is null || outcome is IssueTerminalCertificateOutcome.NotFound)
        {
            return await NotFoundAsync(actor, id, probe);
        }

        Response.StatusCode = StatusCodes.Status409Conflict;
        var error = outcome switch
        {
            IssueTerminalCertificateOutcome.AllowanceReached reached => text["Terminals.AllowanceReached", reached.Allowance].Value,
            IssueTerminalCertificateOutcome.Retired => text["Terminals.RetiredNoCertificate"].Value,
            _ => text["Terminals.AlreadyChanged"].Value,
        };
        return View(nameof(Detail), view with { Error = error });
    }

    /// <summary>The PKCS#12 of the page just shown (sealed in the page, bound to this account, 15 minutes).</summary>
    [HttpPost("certificate/download")]
    public IActionResult Download(Actor actor, [FromForm] string? package, [FromServices] IDataProtectionProvider protection, [FromServices] TimeProvider time)
    {
        var file = CertificatePackage.Open(protection, time, actor.UserId, package);
        if (file is null)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return View("/Areas/Account/Activation/PackageExpired.cshtml");
        }

        return File(file.Value.Content, "application/x-pkcs12", file.Value.FileName);
    }

    // No 再認証 here, deliberately: revoking only takes access away, and an administrator reporting
    // a lost iPad must not be slowed down; the antiforgery token and the session gate still apply.
    [HttpPost("{id:guid}/revoke")]
    public async Task<IActionResult> Revoke(
        Actor actor, Guid id, [FromForm] RevokeTerminalInput input, [FromServices] RevokeTerminalHandler handler,
        [FromServices] TerminalDetailHandler details, [FromServices] ForeignTerminalProbeHandler probe)
    {
        var outcome = await handler.HandleAsync(actor, id, input ?? new RevokeTerminalInput(Guid.Empty, null), HttpContext.RequestAborted);
        if (outcome is RevokeTerminalOutcome.Revoked)
        {
            TempData[StatusKey] = text["Terminals.Revoked"].Value;
            return Redirect($"/facility/terminals/{id}");
        }

        var view = await details.HandleAsync(actor, id, HttpContext.RequestAborted);
        if (view is null || outcome is RevokeTerminalOutcome.NotFound)
        {
            return await NotFoundAsync(actor, id, probe);
        }

        ModelState.Clear();
        Response.StatusCode = outcome is RevokeTerminalOutcome.ReasonRequired ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        var error = outcome is RevokeTerminalOutcome.AlreadyChanged changed
            ? text["Terminals.AlreadyRevoked", changed.By ?? "—"].Value
            : text["Terminals.ReasonRequired"].Value;
        return View(nameof(Detail), view with { Error = error });
    }

    private async Task<IActionResult> NotFoundAsync(Actor actor, Guid id, ForeignTerminalProbeHandler probe)
    {
        await probe.HandleAsync(actor, id, HttpContext.RequestAborted);
        return NotFound();
    }
}
