using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Account.Shared;

namespace MioKarte.Web.Areas.Account.Activation;

/// <summary>
/// アカウントの有効化: from the mailed link, the new 管理責任者 (1) sets their own password, which
/// consumes the link, (2) enrols an authenticator app and proves it with a code, which signs them in,
/// and (3) downloads the first terminal certificate. docs/registration.md describes the flow. A
/// facility's other users, invited by their 管理責任者, take steps 1 and 2 from the same kind of link;
/// a パスワード再設定 link of an account with an authenticator ends after step 1 (facility-admin.md).
/// Each page names its kind (<see cref="ActivationKind"/>) and shows only that kind's steps.
/// </summary>
[Area("Account")]
[Authorize]
[Route("account")]
public sealed class ActivationController(IStringLocalizer<SharedResource> text) : Controller
{
    public const string RecoveryCodesKey = "Activation.RecoveryCodes";
    public const string KindKey = "Activation.Kind";

    [AllowAnonymous]
    [HttpGet("activate/{token}")]
    public async Task<IActionResult> Start(string token, [FromServices] ActivationLinkHandler handler)
    {
        return await handler.HandleAsync(token) switch
        {
            ActivationLinkOutcome.Usable usable => View("Password", new ActivationPasswordPage(usable.View, new ActivationPasswordInput())),
            ActivationLinkOutcome.Unusable unusable => Unusable(unusable.Problem),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
    }

    [AllowAnonymous]
    [HttpPost("activate/{token}")]
    public async Task<IActionResult> SetPassword(
        string token, [Bind(Prefix = "Input")] ActivationPasswordInput input,
        [FromServices] ActivationLinkHandler links, [FromServices] SetActivationPasswordHandler handler)
    {
        if (!ModelState.IsValid)
        {
            return await links.HandleAsync(token) switch
            {
                ActivationLinkOutcome.Usable usable => PasswordForm(usable.View),
                ActivationLinkOutcome.Unusable unusable => Unusable(unusable.Problem),
                _ => throw new InvalidOperationException("unknown outcome"),
            };
        }

        switch (await handler.HandleAsync(token, input))
        {
            case SetPasswordOutcome.PasswordSet { SecondFactorNext: false }:
                // パスワード再設定 of an account that has its authenticator: it signs in as usual now.
                return View("PasswordChanged");
            case SetPasswordOutcome.PasswordSet set:
                ActivationTicket.Issue(HttpContext, set.ActivationId, set.UserId);
                return Redirect("/account/activation/two-factor");
            case SetPasswordOutcome.Invalid invalid:
                foreach (var error in invalid.Errors)
                {
                    ModelState.AddModelError("Input." + nameof(ActivationPasswordInput.Password), error);
                }

                return PasswordForm(invalid.Link);
            case SetPasswordOutcome.Unusable unusable:
                return Unusable(unusable.Problem);
            default:
                throw new InvalidOperationException("unknown outcome");
        }
    }

    [AllowAnonymous]
    [HttpGet("activation/two-factor")]
    public async Task<IActionResult> SecondFactor([FromServices] SecondFactorSetupHandler handler, [FromServices] ActivationKindHandler kinds)
    {
        if (ActivationTicket.Read(HttpContext) is not { } ticket ||
            await handler.HandleAsync(ticket.ActivationId, ticket.UserId) is not { } view ||
            await kinds.HandleAsync(ticket.ActivationId) is not { } kind)
        {
            return TicketExpired();
        }

        ActivationTicket.Issue(HttpContext, ticket.ActivationId, ticket.UserId);
        return View("SecondFactor", new SecondFactorPage(view, new SecondFactorInput(), kind));
    }

    [AllowAnonymous]
    [HttpPost("activation/two-factor")]
    public async Task<IActionResult> SecondFactor(
        [Bind(Prefix = "Input")] SecondFactorInput input, [FromServices] EnableSecondFactorHandler handler, [FromServices] ActivationKindHandler kinds)
    {
        if (ActivationTicket.Read(HttpContext) is not { } ticket || await kinds.HandleAsync(ticket.ActivationId) is not { } kind)
        {
            return TicketExpired();
        }

        switch (await handler.HandleAsync(ticket.ActivationId, ticket.UserId, input.Code))
        {
            case EnrolmentOutcome.Enabled enabled:
                ActivationTicket.Clear(HttpContext);
                TempData[RecoveryCodesKey] = string.Join('\n', enabled.RecoveryCodes);
                TempData[KindKey] = kind.ToString();
                return Redirect("/account/activation/recovery-codes");
            case EnrolmentOutcome.Refused refused:
                ModelState.AddModelError("Input." + nameof(SecondFactorInput.Code), text[refused.MessageKey]);
                return View("SecondFactor", new SecondFactorPage(refused.View, new SecondFactorInput(), kind));
            case EnrolmentOutcome.Gone:
                return TicketExpired();
            default:
                throw new InvalidOperationException("unknown outcome");
        }
    }

    /// <summary>
    /// The recovery codes, once: they travel in TempData from the enrolment and are gone on reload.
    /// The registration's 管理責任者 goes on to the first terminal certificate (until it is issued);
    /// invited users, and resets, to the portal.
    /// </summary>
    [HttpGet("activation/recovery-codes")]
    public async Task<IActionResult> RecoveryCodes(Actor actor, [FromServices] FirstCertificatePageHandler certificate)
    {
        if (TempData[RecoveryCodesKey] is string codes)
        {
            var kind = Enum.TryParse<ActivationKind>(TempData[KindKey] as string, out var parsed) ? parsed : ActivationKind.Invitation;
            return View(new ActivationRecoveryCodesPage(codes.Split('\n', StringSplitOptions.RemoveEmptyEntries), kind));
        }

        return Redirect(actor.IsInRole(PortalRoles.FacilityAdministrator) && await certificate.HandleAsync(actor) is { AlreadyIssued: false }
            ? "/account/activation/certificate"
            : "/account/start");
    }

    [Authorize(Roles = PortalRoles.FacilityAdministrator)]
    [HttpGet("activation/certificate")]
    public async Task<IActionResult> Certificate(Actor actor, [FromServices] FirstCertificatePageHandler handler)
    {
        var view = await handler.HandleAsync(actor);
        return view is null ? NotFound() : View(new FirstCertificatePage(view, new TerminalNameInput()));
    }

    [Authorize(Roles = PortalRoles.FacilityAdministrator)]
    [HttpPost("activation/certificate")]
    public async Task<IActionResult> Certificate(
        Actor actor, [Bind(Prefix = "Input")] TerminalNameInput input, [FromServices] FirstCertificatePageHandler page, [FromServices] IssueFirstCertificateHandler handler)
    {
        var view = await page.HandleAsync(actor);
        if (view is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid || view.AlreadyIssued)
        {
            return View(new FirstCertificatePage(view, input));
        }

        return await handler.HandleAsync(actor, input) switch
        {
            IssueFirstCertificateOutcome.Issued issued => View("CertificateIssued", issued.View),
            IssueFirstCertificateOutcome.AlreadyIssued => View(new FirstCertificatePage(view with { AlreadyIssued = true }, input)),
            IssueFirstCertificateOutcome.NotFound => NotFound(),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
    }

    /// <summary>The PKCS#12 of the page just shown (sealed in the page, bound to this account, 15 minutes).</summary>
    [Authorize(Roles = PortalRoles.FacilityAdministrator)]
    [HttpPost("activation/certificate/download")]
    public IActionResult Download(Actor actor, [FromForm] string? package, [FromServices] IDataProtectionProvider protection, [FromServices] TimeProvider time)
    {
        var file = CertificatePackage.Open(protection, time, actor.UserId, package);
        if (file is null)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return View("PackageExpired");
        }

        return File(file.Value.Content, "application/x-pkcs12", file.Value.FileName);
    }

    private ViewResult PasswordForm(ActivationLinkView link) =>
        View("Password", new ActivationPasswordPage(link, new ActivationPasswordInput()));

    private ViewResult Unusable(LinkProblem problem)
    {
        Response.StatusCode = problem == LinkProblem.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        return View("LinkUnusable", problem);
    }

    private ViewResult TicketExpired()
    {
        ActivationTicket.Clear(HttpContext);
        Response.StatusCode = StatusCodes.Status410Gone;
        return View("TicketExpired");
    }
}
