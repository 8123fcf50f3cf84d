namespace MioKarte.Core.Pki;

/// <summary>
/// The network certificate authority as the rest of the portal sees it: it issues a terminal's
/// client certificate (端末証明書) for a facility. The implementation adds the certificate's record
/// (serial, subject, validity) to the scoped <c>MioKarteDbContext</c> without saving, so the
/// caller's one <c>SaveChangesAsync</c> commits it together with its own change; the PKCS#12 and
/// its one-time password are given to the user only after that save succeeded.
/// </summary>
public interface ITerminalCertificateIssuer
{
    Task<IssuedTerminalCertificate> IssueAsync(TerminalCertificateRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Who the certificate is for: the facility and the terminal (its record and the name in the subject).</summary>
public sealed record TerminalCertificateRequest(
    Guid FacilityId, Guid TerminalId, string FacilityCode, string FacilityName, string TerminalName, string RequestedBy);

/// <summary>
/// A freshly issued certificate: the PKCS#12 (certificate, key and chain) protected by a one-time
/// password that is shown once and never stored.
/// </summary>
public sealed record IssuedTerminalCertificate(
    Guid CertificateId, string SerialNumber, string Thumbprint, DateTime NotAfterUtc, byte[] Pkcs12, string OneTimePassword);
