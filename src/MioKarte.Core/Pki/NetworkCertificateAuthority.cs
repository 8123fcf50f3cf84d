using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;

namespace MioKarte.Core.Pki;

/// <summary>
/// The network certificate authority (認証局) as a scoped service: it issues terminal client
/// certificates (端末証明書) as PKCS#12 with a one-time password, revokes them (失効), publishes the
/// CRL (証明書失効リスト) and answers whether a presented client certificate is ours, valid now and
/// not revoked. Records live in <see cref="MioKarteDbContext"/>; the key in <see cref="NetworkCaKeys"/>.
/// </summary>
public sealed class NetworkCertificateAuthority(
    MioKarteDbContext db, NetworkCaKeys keys, IOptions<NetworkCaOptions> options, TimeProvider time, FacilityAccess facilities) : ITerminalCertificateIssuer
{
    /// <summary>A CRL older than this is republished when asked for (nextUpdate is further: <see cref="NetworkCaOptions.CrlLifetime"/>).</summary>
    public static readonly TimeSpan CrlRefreshAfter = TimeSpan.FromDays(1);

    /// <summary>The CA certificate (DER), for <c>/pki/ca.crt</c> and for relying parties to trust.</summary>
    public byte[] CaCertificateDer => keys.Certificate.RawData;

    /// <summary>
    /// Issues a client certificate for the terminal (<see cref="NetworkCaKeys.IssueTerminalCertificate"/>)
    /// and adds its record to the context without saving (see <see cref="ITerminalCertificateIssuer"/>).
    /// </summary>
    public Task<IssuedTerminalCertificate> IssueAsync(TerminalCertificateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var issued = keys.IssueTerminalCertificate(request, options.Value, now);
        using var certificate = issued.Certificate;
        var record = TerminalCertificate.Issued(
            request.FacilityId, request.TerminalId, request.FacilityCode.Trim(), issued.TerminalName, certificate, options.Value.KeyAlgorithm, request.RequestedBy, now.UtcDateTime);
        db.TerminalCertificates.Add(record);
        return Task.FromResult(new IssuedTerminalCertificate(record.Id, record.SerialNumber, record.Thumbprint, record.NotAfterUtc, issued.Pkcs12, issued.OneTimePassword));
    }

    /// <summary>
    /// 失効: revokes the certificate if it is still at <paramref name="expectedVersion"/>, saves, and
    /// publishes a new CRL. A second revocation (double submit, or two people at once) changes
    /// nothing and reports who revoked it first.
    /// </summary>
    public async Task<RevocationOutcome> RevokeAsync(
        Guid certificateId, Guid expectedVersion, string actor, CertificateRevocationReason reason, CancellationToken cancellationToken = default)
    {
        var certificate = await db.TerminalCertificates.SingleOrDefaultAsync(c => c.Id == certificateId, cancellationToken);
        if (certificate is null)
        {
            return new RevocationOutcome.NotFound();
        }

        if (certificate.IsRevoked || certificate.Version != expectedVersion)
        {
            return new RevocationOutcome.AlreadyChanged(certificate.RevokedBy, certificate.RevokedAtUtc);
        }

        certificate.Revoke(actor, reason, time.GetUtcNow().UtcDateTime);
        if (!await db.TrySaveAtVersionAsync(certificate, expectedVersion, cancellationToken))
        {
            var current = await db.TerminalCertificates.AsNoTracking().Where(c => c.Id == certificateId)
                .Select(c => new { c.RevokedBy, c.RevokedAtUtc }).SingleAsync(cancellationToken);
            return new RevocationOutcome.AlreadyChanged(current.RevokedBy, current.RevokedAtUtc);
        }

        // The latest CRL no longer covers every revocation: this publishes the next one.
        await CurrentCrlAsync(cancellationToken);
        return new RevocationOutcome.Revoked(certificate.SerialNumber);
    }

    /// <summary>
    /// 失効 as one part of a caller's change (a 事故報告, a terminal's 利用終了, a renewal that
    /// supersedes the old certificate): marks each certificate <paramref name="which"/> selects revoked
    /// in the context without saving, so the caller's one <c>SaveChangesAsync</c> commits the
    /// revocations together with its own change (each certificate's version is its concurrency
    /// token, so a revocation made meanwhile by someone else makes that save fail as a whole).
    /// Certificates already revoked are returned untouched. After the save, call
    /// <see cref="CurrentCrlAsync"/> to publish the CRL that lists them.
    /// </summary>
    public async Task<IReadOnlyList<(TerminalCertificate Certificate, bool RevokedNow)>> RevokeWithoutSavingAsync(
        IActingFacility facility, Expression<Func<TerminalCertificate, bool>> which, string actor, CertificateRevocationReason reason,
        CancellationToken cancellationToken = default)
    {
        var certificates = await db.TerminalCertificates.ForFacility(facility).Where(which).OrderBy(c => c.TerminalName).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var result = new List<(TerminalCertificate, bool)>(certificates.Count);
        foreach (var certificate in certificates)
        {
            var revokeNow = !certificate.IsRevoked;
            if (revokeNow)
            {
                certificate.Revoke(actor, reason, now);
            }

            result.Add((certificate, revokeNow));
        }

        return result;
    }

    /// <summary>
    /// The CRL to serve: the latest published one while it covers every revocation, was signed by
    /// the current CA certificate and is less than a day old; otherwise a new one is published.
    /// </summary>
    public async Task<CertificateRevocationList> CurrentCrlAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            var latest = await db.CertificateRevocationLists.AsNoTracking()
                .OrderByDescending(c => c.Number).FirstOrDefaultAsync(cancellationToken);
            // Asked on every /pki/crl request: only a count here; the revoked certificates are read to publish a new CRL.
            if (latest is not null && latest.IssuerThumbprint == keys.Thumbprint &&
                latest.ThisUpdateUtc > now.UtcDateTime - CrlRefreshAfter && latest.ThisUpdateUtc <= now.UtcDateTime &&
                latest.RevokedCount == await db.TerminalCertificates.CountAsync(c => c.RevokedAtUtc != null, cancellationToken))
            {
                return latest;
            }

            var revoked = await db.TerminalCertificates.AsNoTracking()
                .Where(c => c.RevokedAtUtc != null)
                .Select(c => new RevokedEntry(c.SerialNumber, c.RevokedAtUtc!.Value, c.RevocationReason, c.NotAfterUtc))
                .ToListAsync(cancellationToken);
            var published = Build((latest?.Number ?? 0) + 1, revoked, now);
            db.CertificateRevocationLists.Add(published);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await db.CertificateRevocationLists
                    .Where(c => c.Number < published.Number && c.ThisUpdateUtc < now.UtcDateTime.AddDays(-90))
                    .ExecuteDeleteAsync(cancellationToken);
                return published;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another request or instance published this number first: look again.
                db.Entry(published).State = EntityState.Detached;
            }
        }
    }

    /// <summary>
    /// Is <paramref name="certificate"/> a terminal certificate this CA issued, recorded here, within
    /// its validity now, not revoked, and of a facility that is active? For client-certificate
    /// validation (Kestrel, middleware). A suspended facility's terminals are refused here at once,
    /// without revoking their certificates, so 利用再開 lets them in again.
    /// </summary>
    public async Task<TerminalCertificateCheck> CheckAsync(X509Certificate2 certificate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!keys.HasIssued(certificate))
        {
            return new TerminalCertificateCheck(TerminalCertificateStatus.NotIssuedByNetworkCa, null, null, null);
        }

        var serial = certificate.SerialNumber;
        var thumbprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
        var record = await db.TerminalCertificates.AsNoTracking()
            .Where(c => c.SerialNumber == serial)
            .Select(c => new { c.Id, c.FacilityId, c.TerminalName, c.Thumbprint, c.RevokedAtUtc, c.NotBeforeUtc, c.NotAfterUtc })
            .SingleOrDefaultAsync(cancellationToken);
        if (record is null || record.Thumbprint != thumbprint)
        {
            return new TerminalCertificateCheck(TerminalCertificateStatus.Unknown, null, null, null);
        }

        var status = TerminalCertificate.StatusOf(record.RevokedAtUtc, record.NotBeforeUtc, record.NotAfterUtc, time.GetUtcNow().UtcDateTime);
        if (status == TerminalCertificateStatus.Valid && !await facilities.IsActiveAsync(record.FacilityId, cancellationToken))
        {
            status = TerminalCertificateStatus.FacilityInactive;
        }

        return new TerminalCertificateCheck(status, record.Id, record.FacilityId, record.TerminalName);
    }

    private CertificateRevocationList Build(long number, List<RevokedEntry> revoked, DateTimeOffset now)
    {
        // An expired certificate is refused anyway; RFC 5280 lets the CRL drop it.
        var entries = revoked.Where(r => r.NotAfterUtc > now.UtcDateTime)
            .Select(r => new CrlEntry(r.SerialNumber, r.RevokedAtUtc, r.Reason ?? CertificateRevocationReason.Unspecified))
            .ToList();
        var nextUpdate = now + options.Value.CrlLifetime;
        var der = keys.BuildCrl(entries, number, now, nextUpdate);
        return CertificateRevocationList.Published(
            number, TruncateToSeconds(now.UtcDateTime), TruncateToSeconds(nextUpdate.UtcDateTime), revoked.Count, entries.Count, keys.Thumbprint, der);
    }

    private static DateTime TruncateToSeconds(DateTime value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private sealed record RevokedEntry(string SerialNumber, DateTime RevokedAtUtc, CertificateRevocationReason? Reason, DateTime NotAfterUtc);
}

/// <summary>What <see cref="NetworkCertificateAuthority.RevokeAsync"/> did.</summary>
public abstract record RevocationOutcome
{
    private RevocationOutcome()
    {
    }

    public sealed record Revoked(string SerialNumber) : RevocationOutcome;

    public sealed record NotFound : RevocationOutcome;

    /// <summary>Someone revoked it first (the only change a certificate has); nothing was changed now.</summary>
    public sealed record AlreadyChanged(string? RevokedBy, DateTime? RevokedAtUtc) : RevocationOutcome;
}

/// <summary>The answer to "is this client certificate ours, valid now and not revoked?"; ids only when recorded here.</summary>
public sealed record TerminalCertificateCheck(TerminalCertificateStatus Status, Guid? CertificateId, Guid? FacilityId, string? TerminalName)
{
    public bool IsValid => Status == TerminalCertificateStatus.Valid;
}
