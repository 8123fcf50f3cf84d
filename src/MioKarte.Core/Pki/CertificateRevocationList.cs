namespace MioKarte.Core.Pki;

/// <summary>
/// 証明書失効リスト: one CRL as the network CA published it (DER, signed). The latest is served at
/// <c>/pki/crl</c>; a new one is published on every revocation and when the latest is a day old.
/// Its number is the key, so two instances publishing at once cannot both use the same number.
/// </summary>
public sealed class CertificateRevocationList
{
    private CertificateRevocationList()
    {
    }

    /// <summary>The CRL number extension: 1, 2, 3… never reused.</summary>
    public long Number { get; private set; }

    public DateTime ThisUpdateUtc { get; private set; }

    public DateTime NextUpdateUtc { get; private set; }

    /// <summary>How many certificates were revoked, expired ones included, when it was built: a larger count now means it is stale.</summary>
    public int RevokedCount { get; private set; }

    /// <summary>How many entries it lists (revoked and not yet expired).</summary>
    public int EntryCount { get; private set; }

    /// <summary>SHA-256 of the CA certificate that signed it: a renewed or replaced CA publishes anew.</summary>
    public string IssuerThumbprint { get; private set; } = "";

    public byte[] Der { get; private set; } = [];

    internal static CertificateRevocationList Published(
        long number, DateTime thisUpdateUtc, DateTime nextUpdateUtc, int revokedCount, int entryCount, string issuerThumbprint, byte[] der) => new()
        {
            Number = number,
            ThisUpdateUtc = thisUpdateUtc,
            NextUpdateUtc = nextUpdateUtc,
            RevokedCount = revokedCount,
            EntryCount = entryCount,
            IssuerThumbprint = issuerThumbprint,
            Der = der,
        };
}
