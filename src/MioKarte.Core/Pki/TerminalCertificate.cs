using System.Security.Cryptography.X509Certificates;
using MioKarte.Core.Common;
using MioKarte.Core.Facilities;

namespace MioKarte.Core.Pki;

/// <summary>
/// 端末証明書: the record of a client certificate the network CA issued for one terminal (PC or
/// iPad) of a facility. The private key and the PKCS#12 are never stored; the serial number and
/// the SHA-256 thumbprint identify the certificate when a terminal presents it. Revocation (失効)
/// is final: a revoked certificate is listed in the CRL and refused from then on.
/// </summary>
public sealed class TerminalCertificate : IVersioned, IFacilityOwned
{
    public const int TerminalNameMaxLength = 64;

    private TerminalCertificate()
    {
    }

    public Guid Id { get; private set; }

    public Guid FacilityId { get; private set; }

    /// <summary>The terminal (<c>Terminals.Terminal</c>) the certificate was issued for.</summary>
    public Guid TerminalId { get; private set; }

    /// <summary>施設コード at issue, as written in the subject (OU).</summary>
    public string FacilityCode { get; private set; } = "";

    /// <summary>端末名, as written in the subject (CN).</summary>
    public string TerminalName { get; private set; } = "";

    /// <summary>The certificate's serial number, upper-case hex (as <see cref="X509Certificate2.SerialNumber"/> writes it).</summary>
    public string SerialNumber { get; private set; } = "";

    /// <summary>SHA-256 of the certificate, upper-case hex.</summary>
    public string Thumbprint { get; private set; } = "";

    /// <summary>The subject as an X.500 name, e.g. <c>C=JP, O=…, OU=V00042, CN=受付PC-1</c>.</summary>
    public string Subject { get; private set; } = "";

    public TerminalKeyAlgorithm KeyAlgorithm { get; private set; }

    public DateTime NotBeforeUtc { get; private set; }

    public DateTime NotAfterUtc { get; private set; }

    public DateTime IssuedAtUtc { get; private set; }

    /// <summary>User name of whoever asked for the certificate.</summary>
    public string IssuedBy { get; private set; } = "";

    public DateTime? RevokedAtUtc { get; private set; }

    public string? RevokedBy { get; private set; }

    public CertificateRevocationReason? RevocationReason { get; private set; }

    /// <summary>
    /// When the certificate last opened a page that requires one (recorded by the client-certificate
    /// gate, at most once a minute; not a move: <see cref="Version"/> stays).
    /// </summary>
    public DateTime? LastUsedAtUtc { get; private set; }

    /// <summary>Changes on every move: two people revoking one certificate at once are detected.</summary>
    public Guid Version { get; private set; }

    public bool IsRevoked => RevokedAtUtc is not null;

    /// <summary>Where the certificate stands at <paramref name="nowUtc"/>, revocation first.</summary>
    public TerminalCertificateStatus StatusAt(DateTime nowUtc) => StatusOf(RevokedAtUtc, NotBeforeUtc, NotAfterUtc, nowUtc);

    public static TerminalCertificateStatus StatusOf(DateTime? revokedAtUtc, DateTime notBeforeUtc, DateTime notAfterUtc, DateTime nowUtc) =>
        revokedAtUtc is not null ? TerminalCertificateStatus.Revoked
        : nowUtc < notBeforeUtc ? TerminalCertificateStatus.NotYetValid
        : nowUtc >= notAfterUtc ? TerminalCertificateStatus.Expired
        : TerminalCertificateStatus.Valid;

    /// <summary>
    /// A terminal name as it goes into the certificate: trimmed, 1–64 characters, no control
    /// characters; null when it cannot be used.
    /// </summary>
    public static string? NormaliseTerminalName(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > TerminalNameMaxLength || trimmed.Any(char.IsControl)
            ? null
            : trimmed;
    }

    /// <summary>The record of a certificate just issued (not yet saved).</summary>
    internal static TerminalCertificate Issued(
        Guid facilityId, Guid terminalId, string facilityCode, string terminalName, X509Certificate2 certificate,
        TerminalKeyAlgorithm keyAlgorithm, string issuedBy, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new TerminalCertificate
        {
            Id = Guid.NewGuid(),
            FacilityId = facilityId,
            TerminalId = terminalId,
            FacilityCode = facilityCode,
            TerminalName = terminalName,
            SerialNumber = certificate.SerialNumber,
            Thumbprint = Convert.ToHexString(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)),
            Subject = certificate.Subject,
            KeyAlgorithm = keyAlgorithm,
            NotBeforeUtc = certificate.NotBefore.ToUniversalTime(),
            NotAfterUtc = certificate.NotAfter.ToUniversalTime(),
            IssuedAtUtc = nowUtc,
            IssuedBy = issuedBy,
            Version = Guid.NewGuid(),
        };
    }

    /// <summary>
    /// 失効: final. Revoking twice is refused (<see cref="WorkflowException"/>): the first
    /// revocation's time, actor and reason stay what the CRL says.
    /// </summary>
    public void Revoke(string actor, CertificateRevocationReason reason, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(actor))
        {
            throw new WorkflowException("Who revokes the certificate is required.");
        }

        if (!Enum.IsDefined(reason))
        {
            throw new WorkflowException($"{reason} is not a revocation reason.");
        }

        if (IsRevoked)
        {
            throw new WorkflowException($"Certificate {SerialNumber} is already revoked.");
        }

        RevokedAtUtc = nowUtc;
        RevokedBy = actor;
        RevocationReason = reason;
        Version = Guid.NewGuid();
    }
}

/// <summary>
/// Why a certificate is revoked: the RFC 5280 reason codes that apply to a terminal. The CA's own
/// compromise, certificateHold and removeFromCRL are not offered (revocation is final).
/// </summary>
public enum CertificateRevocationReason
{
    Unspecified,          // 理由を特定しない (RFC 5280 unspecified)
    KeyCompromise,        // 紛失・盗難・鍵の漏えい (keyCompromise)
    AffiliationChanged,   // 施設の退会・所属の変更 (affiliationChanged)
    Superseded,           // 再発行による置き換え (superseded)
    CessationOfOperation, // 端末の廃棄・利用終了 (cessationOfOperation)
    PrivilegeWithdrawn,   // 利用停止 (privilegeWithdrawn)
}

/// <summary>Where a presented or recorded terminal certificate stands.</summary>
public enum TerminalCertificateStatus
{
    Valid,                // 有効
    Revoked,              // 失効
    Expired,              // 期限切れ
    NotYetValid,          // 有効期間前
    NotIssuedByNetworkCa, // this CA did not issue it (or it is not a client certificate)
    Unknown,              // it chains to this CA but the portal has no record of it
    FacilityInactive,     // valid in itself, but its facility is suspended (利用停止) or withdrawn (退会)
}

public static class CertificateRevocationReasons
{
    /// <summary>The RFC 5280 reason code written into the CRL.</summary>
    public static X509RevocationReason ToX509(this CertificateRevocationReason reason) => reason switch
    {
        CertificateRevocationReason.Unspecified => X509RevocationReason.Unspecified,
        CertificateRevocationReason.KeyCompromise => X509RevocationReason.KeyCompromise,
        CertificateRevocationReason.AffiliationChanged => X509RevocationReason.AffiliationChanged,
        CertificateRevocationReason.Superseded => X509RevocationReason.Superseded,
        CertificateRevocationReason.CessationOfOperation => X509RevocationReason.CessationOfOperation,
        CertificateRevocationReason.PrivilegeWithdrawn => X509RevocationReason.PrivilegeWithdrawn,
    };
}
