using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MioKarte.Core.Pki;

/// <summary>
/// What the portal's two CAs (<see cref="DevelopmentCertificateAuthority"/> and the network CA,
/// <see cref="NetworkCaKeys"/>) make alike: a generated CA certificate, the extensions of an end-entity
/// certificate, the backdated start and the random serial number.
/// </summary>
internal static class CertificateProfiles
{
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>Certificates start this long before they are made: tolerance for clocks a little behind.</summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    /// <summary>How long a CA the portal generates for itself is valid.</summary>
    public static readonly TimeSpan GeneratedCaLifetime = TimeSpan.FromDays(3650);

    /// <summary>
    /// A self-signed CA certificate for <paramref name="key"/>: basic constraints CA with
    /// <paramref name="pathLength"/> and <paramref name="usage"/> (both critical), a subject key
    /// identifier, valid from <see cref="Backdate"/> before <paramref name="now"/> for <see cref="GeneratedCaLifetime"/>.
    /// </summary>
    public static X509Certificate2 CreateSelfSignedCa(
        X500DistinguishedName subject, ECDsa key, int pathLength, X509KeyUsageFlags usage, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now - Backdate, now + GeneratedCaLifetime);
    }

    /// <summary>
    /// The extensions of an end-entity certificate: not a CA and <paramref name="usage"/> (both
    /// critical), the one extended key usage <paramref name="extendedUsage"/>, the subject key
    /// identifier and the issuing CA's <paramref name="authorityKeyIdentifier"/>.
    /// </summary>
    public static void AddEndEntityExtensions(
        CertificateRequest request, X509KeyUsageFlags usage, string extendedUsage, X509AuthorityKeyIdentifierExtension authorityKeyIdentifier)
    {
        var extensions = request.CertificateExtensions;
        extensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        extensions.Add(new X509KeyUsageExtension(usage, true));
        extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedUsage)], false));
        extensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        extensions.Add(authorityKeyIdentifier);
    }

    /// <summary>
    /// A new random certificate serial number: 16 bytes, positive and without a leading zero byte
    /// (so its DER encoding is exactly these bytes), 126 bits of entropy (RFC 5280 and the CA/B
    /// baseline ask for at least 64).
    /// </summary>
    public static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40); // 0x40–0x7F: positive, never 0x00
        return serial;
    }
}
