using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MioKarte.UnitTests.Pki;

/// <summary>CA certificates made for tests: an offline root, an issuing CA under it, a plain leaf.</summary>
internal static class TestAuthorities
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    public static X509Certificate2 SelfSignedCa(string name, TimeSpan lifetime, bool rsa = false)
    {
        using var key = rsa ? (AsymmetricAlgorithm)RSA.Create(3072) : ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = key is RSA r
            ? new CertificateRequest(name, r, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(name, (ECDsa)key, HashAlgorithmName.SHA384);
        AddCaExtensions(request);
        return request.CreateSelfSigned(Now.AddDays(-1), Now.Add(lifetime));
    }

    /// <summary>An issuing CA signed by <paramref name="root"/> (with its private key).</summary>
    public static X509Certificate2 IssuingCa(X509Certificate2 root, string name, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        AddCaExtensions(request);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var issued = request.Create(root, Now.AddDays(-1), Now.Add(lifetime), RandomNumberGenerator.GetBytes(12));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes a PKCS#12 holding <paramref name="withKey"/> and the public <paramref name="others"/>.</summary>
    public static string WritePkcs12(string folder, string fileName, string password, X509Certificate2 withKey, params X509Certificate2[] others)
    {
        Directory.CreateDirectory(folder);
        var collection = new X509Certificate2Collection(withKey);
        foreach (var other in others)
        {
            collection.Add(X509CertificateLoader.LoadCertificate(other.RawData));
        }

        var path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, collection.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        return path;
    }

    public static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root, params X509Certificate2[] intermediates)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = leaf.NotBefore.AddMinutes(10);
        return chain.Build(leaf);
    }

    private static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }
}
