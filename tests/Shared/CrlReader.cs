using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MioKarte.Tests.Shared;

/// <summary>
/// Reads a DER CRL (RFC 5280 §5.1) independently of the code that built it: the CRL number through
/// .NET's <see cref="CertificateRevocationListBuilder.Load(byte[], out BigInteger)"/>, the entries
/// (serial and reason code), thisUpdate/nextUpdate and the signature with an ASN.1 reader.
/// </summary>
public sealed class CrlReader
{
    private const string ReasonCodeOid = "2.5.29.21";

    private CrlReader(byte[] der)
    {
        Der = der;
        CertificateRevocationListBuilder.Load(der, out var number);
        Number = number;
        var list = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        TbsBytes = list.PeekEncodedValue().ToArray();
        var tbs = list.ReadSequence();
        list.ReadSequence(); // signatureAlgorithm
        Signature = list.ReadBitString(out _);

        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            tbs.ReadInteger(); // version v2
        }

        tbs.ReadSequence(); // signature
        Issuer = new X500DistinguishedName(tbs.ReadEncodedValue().Span);
        ThisUpdate = ReadTime(tbs);
        NextUpdate = ReadTime(tbs);
        var entries = new Dictionary<string, X509RevocationReason?>(StringComparer.Ordinal);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var revoked = tbs.ReadSequence();
            while (revoked.HasData)
            {
                var entry = revoked.ReadSequence();
                var serial = Convert.ToHexString(entry.ReadIntegerBytes().Span);
                ReadTime(entry);
                X509RevocationReason? reason = null;
                if (entry.HasData)
                {
                    var extensions = entry.ReadSequence();
                    while (extensions.HasData)
                    {
                        var extension = extensions.ReadSequence();
                        var oid = extension.ReadObjectIdentifier();
                        if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                        {
                            extension.ReadBoolean();
                        }

                        var value = extension.ReadOctetString();
                        if (oid == ReasonCodeOid)
                        {
                            reason = new AsnReader(value, AsnEncodingRules.DER).ReadEnumeratedValue<X509RevocationReason>();
                        }
                    }
                }

                entries[serial] = reason;
            }
        }

        Entries = entries;
    }

    public byte[] Der { get; }

    public BigInteger Number { get; }

    public X500DistinguishedName Issuer { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset NextUpdate { get; }

    /// <summary>Revoked serial numbers (upper-case hex) and their reason codes.</summary>
    public IReadOnlyDictionary<string, X509RevocationReason?> Entries { get; }

    private byte[] TbsBytes { get; }

    private byte[] Signature { get; }

    public static CrlReader Read(byte[] der) => new(der);

    /// <summary>True when the CRL's signature verifies with <paramref name="ca"/>'s public key.</summary>
    public bool IsSignedBy(X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        using var ecdsa = ca.GetECDsaPublicKey();
        if (ecdsa is not null)
        {
            return ecdsa.VerifyData(TbsBytes, Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = ca.GetRSAPublicKey() ?? throw new InvalidOperationException("ECDSA or RSA expected");
        return rsa.VerifyData(TbsBytes, Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
