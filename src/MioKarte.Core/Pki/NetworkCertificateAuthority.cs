using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Data;

namespace MioKarte.Core.Pki;

/// <summary>
/// The network certificate authority (認証局) as a scoped service: it issues terminal client
/// certificates (端末証明書) as PKCS#12 with a one-time password, revokes them (失効), publishes the
/// CRL (証明書失効リスト) and answers whether a presented client certificate is ours, valid now and
/// not revoked. Records live in <see cref="MioKarteDbContext"/>; the key in <see cref="NetworkCaKeys"/>.
/// </summary>
public sealed class NetworkCertificateAuthority(
    MioKarteDbContext db, NetworkCaKeys keys, IOptions<NetworkCaOptions> options, TimeProvider time) : ITerminalCertificateIssuer
{
    /// <summary>A CRL older than this is republished when asked for (nextUpdate is further: <see cref="NetworkCaOptions.CrlLifetime"/>).</summary>
    public static readonly TimeSpan CrlRefreshAfter = TimeSpan.FromDays(1);

    /// <summary>Tolerance for terminals whose clock is a little behind.</summary>
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const int SubjectNameMaxLength = 64; // RFC 5280 upper bound of organizationName

    /// <summary>The CA certificate (DER), for <c>/pki/ca.crt</c> and for relying parties to trust.</summary>
    public byte[] CaCertificateDer => keys.Certificate.RawData;

    /// <summary>
    /// Issues a client certificate for the terminal and adds its record to the context without
    /// saving (see <see cref="ITerminalCertificateIssuer"/>). The key is made here and leaves only
    /// inside the PKCS#12, which holds the certificate, its key and the CA chain, encrypted with
    /// 3DES/SHA-1 under a fresh one-time password so that Windows, macOS, iOS and Chrome all import
    /// it (docs/network-ca.md); the password's ~72 bits, not the cipher, resist guessing.
    /// </summary>
    public Task<IssuedTerminalCertificate> IssueAsync(TerminalCertificateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var terminalName = TerminalCertificate.NormaliseTerminalName(request.TerminalName)
                           ?? throw new ArgumentException($"A terminal name is 1–{TerminalCertificate.TerminalNameMaxLength} characters without control characters.", nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.FacilityCode, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.FacilityName, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.RequestedBy, nameof(request));
        var settings = options.Value;
        var now = time.GetUtcNow();
        var notBefore = now - Backdate;
        var notAfter = notBefore + settings.CertificateLifetime;
        var caNotAfter = new DateTimeOffset(keys.NotAfterUtc, TimeSpan.Zero);
        if (notAfter > caNotAfter)
        {
            notAfter = caNotAfter; // never past the CA's own end
        }

        if (notAfter <= now.AddDays(1))
        {
            throw new InvalidOperationException($"The network CA ends on {keys.NotAfterUtc:yyyy-MM-dd}: renew it before issuing certificates (docs/network-ca.md).");
        }

        var subject = Subject(request.FacilityCode.Trim(), request.FacilityName.Trim(), terminalName);
        using var key = CreateKey(settings.KeyAlgorithm);
        var certificateRequest = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, keys.HashAlgorithm, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => new CertificateRequest(subject, ecdsa, keys.HashAlgorithm),
            _ => throw new InvalidOperationException("unsupported key"),
        };
        var usage = X509KeyUsageFlags.DigitalSignature | (key is RSA ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.None);
        var extensions = certificateRequest.CertificateExtensions;
        extensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        extensions.Add(new X509KeyUsageExtension(usage, true));
        extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthentication, "Client Authentication")], false));
        extensions.Add(new X509SubjectKeyIdentifierExtension(certificateRequest.PublicKey, false));
        extensions.Add(keys.AuthorityKeyIdentifier);
        extensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([settings.CrlUrl.AbsoluteUri]));
        extensions.Add(new X509AuthorityInformationAccessExtension(null, [settings.CaCertificateUrl.AbsoluteUri]));

        using var certificate = keys.Sign(certificateRequest, notBefore, notAfter, CertificateFiles.NewSerialNumber());
        using var withKey = key switch
        {
            RSA rsa => certificate.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
            _ => throw new InvalidOperationException("unsupported key"),
        };
        var password = OneTimePassword.Create();
        var pkcs12 = ExportPkcs12(withKey, password);

        var record = TerminalCertificate.Issued(
            request.FacilityId, request.FacilityCode.Trim(), terminalName, certificate, settings.KeyAlgorithm, request.RequestedBy, now.UtcDateTime);
        db.TerminalCertificates.Add(record);
        return Task.FromResult(new IssuedTerminalCertificate(record.Id, record.SerialNumber, record.Thumbprint, record.NotAfterUtc, pkcs12, password));
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
        db.Entry(certificate).Property(c => c.Version).OriginalValue = expectedVersion;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await db.Entry(certificate).ReloadAsync(cancellationToken);
            return new RevocationOutcome.AlreadyChanged(certificate.RevokedBy, certificate.RevokedAtUtc);
        }

        // The latest CRL no longer covers every revocation: this publishes the next one.
        await CurrentCrlAsync(cancellationToken);
        return new RevocationOutcome.Revoked(certificate.SerialNumber);
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
            var revoked = await db.TerminalCertificates.AsNoTracking()
                .Where(c => c.RevokedAtUtc != null)
                .Select(c => new RevokedEntry(c.SerialNumber, c.RevokedAtUtc!.Value, c.RevocationReason, c.NotAfterUtc))
                .ToListAsync(cancellationToken);
            if (latest is not null && latest.RevokedCount == revoked.Count && latest.IssuerThumbprint == keys.Thumbprint &&
                latest.ThisUpdateUtc > now.UtcDateTime - CrlRefreshAfter && latest.ThisUpdateUtc <= now.UtcDateTime)
            {
                return latest;
            }

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
    /// its validity now and not revoked? For client-certificate validation (Kestrel, middleware).
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
        return new TerminalCertificateCheck(status, record.Id, record.FacilityId, record.TerminalName);
    }

    private CertificateRevocationList Build(long number, List<RevokedEntry> revoked, DateTimeOffset now)
    {
        var builder = new CertificateRevocationListBuilder();
        // An expired certificate is refused anyway; RFC 5280 lets the CRL drop it.
        var entries = revoked.Where(r => r.NotAfterUtc > now.UtcDateTime).ToList();
        foreach (var entry in entries)
        {
            builder.AddEntry(
                Convert.FromHexString(entry.SerialNumber),
                new DateTimeOffset(entry.RevokedAtUtc, TimeSpan.Zero),
                (entry.Reason ?? CertificateRevocationReason.Unspecified).ToX509());
        }

        var nextUpdate = now + options.Value.CrlLifetime;
        var der = keys.SignCrl(builder, number, now, nextUpdate);
        return CertificateRevocationList.Published(
            number, TruncateToSeconds(now.UtcDateTime), TruncateToSeconds(nextUpdate.UtcDateTime), revoked.Count, entries.Count, keys.Thumbprint, der);
    }

    private byte[] ExportPkcs12(X509Certificate2 withKey, string password)
    {
        var collection = new X509Certificate2Collection(withKey);
        var issuers = keys.PublicCertificates().ToList();
        try
        {
            collection.AddRange(issuers.ToArray());
            // 3DES with SHA-1 (PKCS#12 PBE, MAC SHA-1, 2000 iterations): the one format every target
            // imports — Windows 7+, macOS and iOS (which refuse AES-256/PBES2 files), Chrome via the OS
            // store or NSS. The 72-bit one-time password, not the cipher, keeps the file safe.
            return collection.ExportPkcs12(Pkcs12ExportPbeParameters.Pkcs12TripleDesSha1, password);
        }
        finally
        {
            foreach (var issuer in issuers)
            {
                issuer.Dispose();
            }
        }
    }

    private static X500DistinguishedName Subject(string facilityCode, string facilityName, string terminalName)
    {
        var names = new X500DistinguishedNameBuilder();
        names.AddCountryOrRegion("JP");
        names.AddOrganizationName(facilityName.Length > SubjectNameMaxLength ? facilityName[..SubjectNameMaxLength] : facilityName);
        names.AddOrganizationalUnitName(facilityCode);
        names.AddCommonName(terminalName);
        return names.Build();
    }

    private static AsymmetricAlgorithm CreateKey(TerminalKeyAlgorithm algorithm) => algorithm switch
    {
        TerminalKeyAlgorithm.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        TerminalKeyAlgorithm.Rsa2048 => RSA.Create(2048),
    };

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
