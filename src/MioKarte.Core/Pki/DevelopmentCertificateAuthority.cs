using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MioKarte.Core.Pki;

/// <summary>
/// The development certificate authority of the embedded default: generated on first start into
/// the data folder, never committed. It signs the portal's HTTPS certificate (and, with the data
/// center, the TLS certificates of the embedded data center and the portal node). Production uses
/// certificates from the network's real CA (docs/operations.md).
/// </summary>
public sealed class DevelopmentCertificateAuthority : IDisposable
{
    private const string CaFileName = "development-ca.pfx";
    private const string CaPublicFileName = "development-ca.crt";
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(365);

    private DevelopmentCertificateAuthority(X509Certificate2 certificate, string folder)
    {
        Certificate = certificate;
        Folder = folder;
    }

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The folder holding the CA and the certificates it issued.</summary>
    public string Folder { get; }

    /// <summary>Path of the CA's public certificate, for a browser or client to trust.</summary>
    public string PublicCertificatePath => Path.Combine(Folder, CaPublicFileName);

    /// <summary>Loads the CA from <paramref name="folder"/>, creating it the first time.</summary>
    public static DevelopmentCertificateAuthority LoadOrCreate(string folder, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, CaFileName);
        if (File.Exists(path))
        {
            var existing = CertificateFiles.LoadPfx(path);
            if (existing.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(30))
            {
                return new DevelopmentCertificateAuthority(existing, folder);
            }

            existing.Dispose();
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CertificateProfiles.CreateSelfSignedCa(
            new X500DistinguishedName("CN=MIO Karte Development CA, O=MIO Karte (development only)"), key, pathLength: 1,
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, time.GetUtcNow());
        CertificateFiles.WritePfx(path, ca);
        CertificateFiles.WritePublicPem(Path.Combine(folder, CaPublicFileName), ca);
        return new DevelopmentCertificateAuthority(CertificateFiles.LoadPfx(path), folder);
    }

    /// <summary>
    /// Loads the TLS server certificate stored as <paramref name="fileName"/>, issuing a new one when
    /// it is missing, expiring within 30 days, or not issued by this CA.
    /// </summary>
    public X509Certificate2 LoadOrIssueServerCertificate(
        string fileName, string commonName, IReadOnlyCollection<string> dnsNames, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        ArgumentNullException.ThrowIfNull(time);
        return LoadOrIssue(fileName, time, () =>
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                if (IPAddress.TryParse(name, out var ip))
                {
                    san.AddIpAddress(ip);
                }
                else
                {
                    san.AddDnsName(name);
                }
            }

            return Issue($"CN={commonName}, O=MIO Karte (development only)", CertificateProfiles.ServerAuthentication, san.Build(), time);
        });
    }

    /// <summary>
    /// Loads the TLS client certificate stored as <paramref name="fileName"/>, issuing (and storing) a
    /// new one on the same terms as <see cref="LoadOrIssueServerCertificate"/>.
    /// </summary>
    public X509Certificate2 LoadOrIssueClientCertificate(string fileName, string subject, TimeProvider time) =>
        LoadOrIssue(fileName, time, () => IssueClientCertificate(subject, time));

    /// <summary>Issues a TLS client certificate for <paramref name="subject"/> (an X.500 name).</summary>
    public X509Certificate2 IssueClientCertificate(string subject, TimeProvider time, TimeSpan? lifetime = null) =>
        Issue(subject, CertificateProfiles.ClientAuthentication, null, time, lifetime);

    private X509Certificate2 LoadOrIssue(string fileName, TimeProvider time, Func<X509Certificate2> issue)
    {
        var path = Path.Combine(Folder, fileName);
        if (TryLoadValid(path, time, out var existing))
        {
            return existing;
        }

        var certificate = issue();
        CertificateFiles.WritePfx(path, certificate);
        return certificate;
    }

    private bool TryLoadValid(string path, TimeProvider time, out X509Certificate2 certificate)
    {
        certificate = null!;
        if (!File.Exists(path))
        {
            return false;
        }

        var loaded = CertificateFiles.LoadPfx(path);
        var fresh = loaded.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(30);
        if (fresh && string.Equals(loaded.Issuer, Certificate.Subject, StringComparison.Ordinal) && IsSignedByThisCa(loaded))
        {
            certificate = loaded;
            return true;
        }

        loaded.Dispose();
        return false;
    }

    private bool IsSignedByThisCa(X509Certificate2 leaf)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    private X509Certificate2 Issue(
        string subject, string extendedUsage, X509Extension? subjectAlternativeName, TimeProvider time, TimeSpan? lifetime = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        CertificateProfiles.AddEndEntityExtensions(
            request, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, extendedUsage,
            X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (subjectAlternativeName is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeName);
        }

        var now = time.GetUtcNow();
        var notAfter = now.Add(lifetime ?? LeafLifetime);
        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;
        }

        using var issued = request.Create(Certificate, now - CertificateProfiles.Backdate, notAfter, CertificateProfiles.NewSerialNumber());
        using var withKey = issued.CopyWithPrivateKey(key);
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }

    public void Dispose() => Certificate.Dispose();
}
