using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;
using MioKarte.Web.Areas.Account.Activation;

namespace MioKarte.Web.Areas.FacilityAdmin.Terminals;

public abstract record IssueTerminalCertificateOutcome
{
    private IssueTerminalCertificateOutcome()
    {
    }

    /// <summary>Issued (and, for a renewal, the previous certificate revoked as superseded): shown once.</summary>
    public sealed record Issued(IssuedCertificateView View, TerminalKind Kind, bool Renewed) : IssueTerminalCertificateOutcome;

    public sealed record NotFound : IssueTerminalCertificateOutcome;

    /// <summary>The terminal changed since the page was shown (a double submit, a colleague): nothing issued.</summary>
    public sealed record AlreadyChanged : IssueTerminalCertificateOutcome;

    /// <summary>The facility holds as many live certificates as its 端末数 allows.</summary>
    public sealed record AllowanceReached(int Allowance) : IssueTerminalCertificateOutcome;

    public sealed record Retired : IssueTerminalCertificateOutcome;
}

/// <summary>
/// 証明書の発行・更新: a new client certificate for a terminal of the administrator's facility. A
/// terminal with a live certificate is renewed: the new certificate is recorded and the old one
/// revoked as superseded (再発行による置き換え) in the SAME save, so the terminal never holds two, and the
/// next CRL is published. A first certificate counts against 端末数. The terminal's version is
/// checked, so a double submit issues one certificate only. The PKCS#12 and its one-time password
/// are handed out only after the save.
/// </summary>
public sealed class IssueTerminalCertificateHandler(
    MioKarteDbContext db,
    ITerminalCertificateIssuer issuer,
    NetworkCertificateAuthority ca,
    TimeProvider time,
    IDataProtectionProvider protection,
    ILogger<IssueTerminalCertificateHandler> logger) : IUseCaseHandler
{
    public async Task<IssueTerminalCertificateOutcome> HandleAsync(
        Actor actor, Guid terminalId, Guid shownVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var facilityId = actor.Facility;
        var terminal = await db.Terminals.ForFacility(actor).SingleOrDefaultAsync(t => t.Id == terminalId, cancellationToken);
        var facility = await db.Facilities.SingleOrDefaultAsync(f => f.Id == facilityId, cancellationToken);
        if (terminal is null || facility is null || !facility.IsActive)
        {
            return new IssueTerminalCertificateOutcome.NotFound();
        }

        if (terminal.Version != shownVersion)
        {
            return new IssueTerminalCertificateOutcome.AlreadyChanged();
        }

        if (terminal.IsRetired)
        {
            return new IssueTerminalCertificateOutcome.Retired();
        }

        // A renewal revokes the live certificate (not saved unless the new one is); a first certificate counts against 端末数.
        var now = time.GetUtcNow().UtcDateTime;
        var superseded = await ca.RevokeWithoutSavingAsync(
            actor, c => c.TerminalId == terminalId && c.RevokedAtUtc == null && c.NotAfterUtc > now, actor.UserName, CertificateRevocationReason.Superseded, cancellationToken);
        if (superseded.Count == 0 && await TerminalAllowance.LiveCertificatesAsync(db, actor, now, cancellationToken) >= facility.TerminalAllowance)
        {
            return new IssueTerminalCertificateOutcome.AllowanceReached(facility.TerminalAllowance);
        }

        terminal.RecordCertificateIssue();

        var issued = await issuer.IssueAsync(
            new TerminalCertificateRequest(facility.Id, terminal.Id, facility.Code, facility.Name, terminal.Name, actor.UserName), cancellationToken);
        if (!await db.TrySaveAtVersionAsync(terminal, shownVersion, cancellationToken))
        {
            return new IssueTerminalCertificateOutcome.AlreadyChanged();
        }

        if (superseded.Count > 0)
        {
            // The superseded certificates are revoked now: publish the CRL that lists them.
            await ca.CurrentCrlAsync(cancellationToken);
        }

        logger.LogInformation(
            "Terminal {TerminalId}: certificate {CertificateId} issued ({Superseded} superseded)", terminal.Id, issued.CertificateId, superseded.Count);
        var fileName = CertificatePackage.FileName(facility.Code, issued.SerialNumber);
        return new IssueTerminalCertificateOutcome.Issued(
            new IssuedCertificateView(facility.Code, terminal.Name, issued.SerialNumber, issued.NotAfterUtc, issued.OneTimePassword,
                CertificatePackage.Seal(protection, time, actor.UserId, fileName, issued.Pkcs12)),
            terminal.Kind,
            superseded.Count > 0);
    }
}
