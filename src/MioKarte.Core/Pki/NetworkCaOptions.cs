namespace MioKarte.Core.Pki;

/// <summary>
/// Configuration section <c>NetworkCa</c>: the network certificate authority (認証局) that issues
/// terminal client certificates (端末証明書). Either <see cref="CertificatePath"/> names the CA's
/// PKCS#12 (certificate, private key and, for an issuing CA under an external root, the chain), or
/// <see cref="Generate"/> makes one in the data folder on first start (the embedded default).
/// See docs/network-ca.md.
/// </summary>
public sealed class NetworkCaOptions
{
    public const string SectionName = "NetworkCa";

    /// <summary>Terminal certificates live at most two years.</summary>
    public static readonly TimeSpan MaxCertificateLifetime = TimeSpan.FromDays(730);

    /// <summary>
    /// Generate a self-signed CA into <c>{DataFolder}/network-ca/</c> on first start and load it
    /// afterwards; its PKCS#12 password is protected with ASP.NET Core Data Protection.
    /// </summary>
    public bool Generate { get; set; }

    /// <summary>The CA's PKCS#12 file (certificate with private key, plus its chain up to the root).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PKCS#12 password: from a secret store or an environment variable, never from a committed file.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The key of a terminal certificate: ECDSA P-256 (default) or RSA 2048 for old devices.</summary>
    public TerminalKeyAlgorithm KeyAlgorithm { get; set; } = TerminalKeyAlgorithm.EcdsaP256;

    /// <summary>How long a terminal certificate is valid: default one year, at most two years (730 days).</summary>
    public TimeSpan CertificateLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// The portal's public address, e.g. <c>https://portal.example.jp/</c>: issued certificates name
    /// <c>{PublicBaseUrl}pki/crl</c> as their CRL distribution point and <c>{PublicBaseUrl}pki/ca.crt</c>
    /// as their issuer.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long a published CRL is valid (its nextUpdate): default 7 days.</summary>
    public TimeSpan CrlLifetime { get; set; } = TimeSpan.FromDays(7);

    public Uri CrlUrl => new(BaseUrl, "pki/crl");

    public Uri CaCertificateUrl => new(BaseUrl, "pki/ca.crt");

    private Uri BaseUrl => PublicBaseUrl is null
        ? throw new InvalidOperationException("NetworkCa:PublicBaseUrl is not set.")
        : PublicBaseUrl.AbsoluteUri.EndsWith('/') ? PublicBaseUrl : new Uri(PublicBaseUrl.AbsoluteUri + "/");
}

/// <summary>The key pair made for a terminal certificate.</summary>
public enum TerminalKeyAlgorithm
{
    EcdsaP256, // default: small, fast, supported by Windows, macOS, iOS and Chrome
    Rsa2048,   // for devices or software that cannot use ECDSA client certificates
}
