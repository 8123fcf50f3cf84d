using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;

namespace MioKarte.Web.Areas.Council.Certificates;

public sealed record CertificateDetailView(
    Guid Id,
    string FacilityCode,
    string? FacilityName,
    string TerminalName,
    string SerialNumber,
    string Thumbprint,
    string Subject,
    TerminalKeyAlgorithm KeyAlgorithm,
    DateTime NotBeforeUtc,
    DateTime NotAfterUtc,
    DateTime IssuedAtUtc,
    string IssuedBy,
    TerminalCertificateStatus Status,
    DateTime? RevokedAtUtc,
    string? RevokedBy,
    CertificateRevocationReason? RevocationReason,
    Guid Version)
{
    /// <summary>Set after a revocation (post-redirect-get) to confirm it.</summary>
    public bool JustRevoked { get; init; }

    /// <summary>A refused revocation's message (already revoked by someone else, no reason chosen).</summary>
    public string? Error { get; init; }

    /// <summary>The reason the form shows selected after a refused post.</summary>
    public CertificateRevocationReason? SelectedReason { get; init; }

    public bool CanRevoke => Status != TerminalCertificateStatus.Revoked;
}

/// <summary>One certificate with everything the council needs to decide on a revocation.</summary>
public sealed class CertificateDetailHandler(MioKarteDbContext db, TimeProvider time, Council.Shared.CouncilActorsHandler actors) : IUseCaseHandler
{
    public async Task<CertificateDetailView?> HandleAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var row = await db.TerminalCertificates.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new
            {
                Certificate = c,
                FacilityName = db.Facilities.Where(f => f.Id == c.FacilityId).Select(f => f.Name).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var c = row.Certificate;
        // People are named (氏名), not shown by their 利用者ID.
        var names = await actors.DisplayNamesAsync([c.IssuedBy, c.RevokedBy]);
        return new CertificateDetailView(
            c.Id, c.FacilityCode, row.FacilityName, c.TerminalName, c.SerialNumber, c.Thumbprint, c.Subject, c.KeyAlgorithm,
            c.NotBeforeUtc, c.NotAfterUtc, c.IssuedAtUtc, names.GetValueOrDefault(c.IssuedBy, c.IssuedBy), c.StatusAt(now), c.RevokedAtUtc,
            c.RevokedBy is { } revokedBy ? names.GetValueOrDefault(revokedBy, revokedBy) : null, c.RevocationReason, c.Version);
    }
}
