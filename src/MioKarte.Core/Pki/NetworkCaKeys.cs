using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using MioKarte.Core.Hosting;

namespace MioKarte.Core.Pki;

/// <summary>
/// The network CA's certificate, private key and chain, loaded once per process: from the
/// configured PKCS#12 (<see cref="NetworkCaOptions.CertificatePath"/>), or generated into
/// <c>{DataFolder}/network-ca/</c> on first start. It signs terminal certificates and CRLs and
/// tells whether a certificate chains to this CA; <see cref="NetworkCertificateAuthority"/> uses it.
/// </summary>
public sealed class NetworkCaKeys : IDisposable
{
    public const string FolderName = "network-ca";
    public const string KeyFileName = "network-ca.pfx";
    public const string PasswordFileName = "network-ca.pfx.password";
    public const string PublicFileName = "network-ca.crt";

    private const string Section = NetworkCaOptions.SectionName;
    private const string PasswordPurpose = "MioKarte.NetworkCa.KeyPassword.v1";
    private const int SubjectNameMaxLength = 64;

    /// <summary>A generated CA is re-certified (same key) when it would cut a new certificate short.</summary>
    private static readonly TimeSpan RenewBefore = NetworkCaOptions.MaxCertificateLifetime + TimeSpan.FromDays(30);

    private readonly Lock signing = new();
    private readonly AsymmetricAlgorithm signingKey;

    private NetworkCaKeys(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, bool generated)
    {
        Certificate = certificate;
        Chain = chain;
        Generated = generated;
        signingKey = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
            ?? throw new ConfigurationException($"{Section}: the CA key must be ECDSA or RSA.");
        HashAlgorithm = signingKey switch
        {
            ECDsa { KeySize: > 384 } => HashAlgorithmName.SHA512,
            ECDsa { KeySize: > 256 } => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA256,
        };
        Thumbprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
        var keyIdentifier = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes
                            ?? new X509SubjectKeyIdentifierExtension(certificate.PublicKey, false).SubjectKeyIdentifierBytes;
        AuthorityKeyIdentifier = X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(keyIdentifier.Span);
    }

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificates above the CA up to the root, nearest first; empty for a self-signed CA.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>True when the portal generated the CA itself (the embedded default).</summary>
    public bool Generated { get; }

    /// <summary>SHA-256 of the CA certificate, hex.</summary>
    public string Thumbprint { get; }

    public DateTime NotAfterUtc => Certificate.NotAfter.ToUniversalTime();

    internal HashAlgorithmName HashAlgorithm { get; }

    internal X509AuthorityKeyIdentifierExtension AuthorityKeyIdentifier { get; }

    /// <summary>Loads the CA the options name, generating it first when <see cref="NetworkCaOptions.Generate"/> is on.</summary>
    public static NetworkCaKeys Load(NetworkCaOptions options, string dataFolder, IDataProtectionProvider dataProtection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Generate
            ? LoadOrGenerate(Path.Combine(dataFolder, FolderName), dataProtection, time)
            : LoadConfigured(options, time);
    }

    /// <summary>
    /// Loads the CA from <see cref="NetworkCaOptions.CertificatePath"/>: exactly one certificate with
    /// its private key, a CA allowed to sign certificates and CRLs, valid now, and — unless it is
    /// self-signed — the chain up to its root in the same file.
    /// </summary>
    public static NetworkCaKeys LoadConfigured(NetworkCaOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var path = options.CertificatePath ?? throw new ConfigurationException($"{Section}:CertificatePath is missing.");
        if (!File.Exists(path))
        {
            throw new ConfigurationException(
                $"{Section}:CertificatePath '{path}' does not exist: set the path of the network CA's PKCS#12 file (certificate, private key and chain).");
        }

        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, options.CertificatePassword, X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException ex)
        {
            throw new ConfigurationException(
                $"{Section}:CertificatePath '{path}' cannot be opened: wrong {Section}:CertificatePassword or not a PKCS#12 file.", ex);
        }

        X509Certificate2? kept = null;
        try
        {
            var withKey = all.Where(c => c.HasPrivateKey).ToList();
            if (withKey.Count != 1)
            {
                throw new ConfigurationException(
                    $"{Section}:CertificatePath '{path}' must hold exactly one certificate with its private key (the CA); it holds {withKey.Count}.");
            }

            var ca = withKey[0];
            RequireUsableCa(ca, $"{Section}:CertificatePath '{path}'", time);
            var chain = ChainAbove(ca, all.Where(c => !c.HasPrivateKey), time)
                        ?? throw new ConfigurationException(
                            $"{Section}:CertificatePath '{path}': the CA certificate '{ca.Subject}' is not self-signed and the file does not hold " +
                            "its chain up to a root certificate. Export the PKCS#12 with the issuing chain included (docs/network-ca.md).");
            var keys = new NetworkCaKeys(ca, chain, generated: false);
            kept = ca;
            return keys;
        }
        finally
        {
            // The chain was copied (ChainAbove); of the file's certificates only the CA itself is kept.
            foreach (var certificate in all.Where(c => !ReferenceEquals(c, kept)))
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>
    /// The embedded default: loads the CA generated in <paramref name="folder"/>, creating it the
    /// first time. The PKCS#12 (mode 0600) is encrypted with a random password that is stored only
    /// protected by ASP.NET Core Data Protection (<see cref="PasswordFileName"/>, mode 0600). A CA
    /// close to its end is re-certified with the same key, so certificates it issued keep chaining.
    /// </summary>
    public static NetworkCaKeys LoadOrGenerate(string folder, IDataProtectionProvider dataProtection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        ArgumentNullException.ThrowIfNull(time);
        CertificateFiles.CreateOwnerOnlyFolder(folder);
        var keyPath = Path.Combine(folder, KeyFileName);
        var passwordPath = Path.Combine(folder, PasswordFileName);
        var protector = dataProtection.CreateProtector(PasswordPurpose);
        var now = time.GetUtcNow();
        if (!File.Exists(keyPath))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var names = new X500DistinguishedNameBuilder();
            names.AddCountryOrRegion("JP");
            names.AddOrganizationName("MIO Karte");
            names.AddCommonName("MIO Karte Network CA");
            using var created = CertificateProfiles.CreateSelfSignedCa(
                names.Build(), key, pathLength: 0, X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, now);
            var newPassword = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            // The password first: a crash before the key is written leaves no key, and the next start generates again.
            CertificateFiles.WriteOwnerOnly(passwordPath, System.Text.Encoding.UTF8.GetBytes(protector.Protect(newPassword)));
            WriteKey(keyPath, created, newPassword);
            CertificateFiles.WritePublicPem(Path.Combine(folder, PublicFileName), created);
        }

        var password = ReadPassword(keyPath, passwordPath, protector);
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(keyPath, password, X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException ex)
        {
            throw new ConfigurationException(
                $"The generated network CA '{keyPath}' cannot be opened with the password in '{passwordPath}': restore both files from the same backup of the data folder.", ex);
        }

        if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime.Add(RenewBefore))
        {
            var renewed = Recertify(certificate, now);
            certificate.Dispose();
            WriteKey(keyPath, renewed, password);
            CertificateFiles.WritePublicPem(Path.Combine(folder, PublicFileName), renewed);
            certificate = renewed;
        }

        return new NetworkCaKeys(certificate, [], generated: true);
    }

    /// <summary>
    /// True when <paramref name="certificate"/> is a client certificate that chains to this CA
    /// (signature and names; not time nor revocation, which the caller checks against its records).
    /// </summary>
    public bool HasIssued(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Time is judged by the caller against its records (and a re-certified CA may start after
        // the certificates it signed): only time errors are forgiven below, never trust or signature.
        chain.ChainPolicy.VerificationTimeIgnored = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(CertificateProfiles.ClientAuthentication));
        foreach (var issuer in Chain.Prepend(Certificate))
        {
            if (IsSelfSigned(issuer))
            {
                chain.ChainPolicy.CustomTrustStore.Add(issuer);
            }
            else
            {
                chain.ChainPolicy.ExtraStore.Add(issuer);
            }
        }

        try
        {
            const X509ChainStatusFlags timeOnly = X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested;
            var built = chain.Build(certificate) || chain.ChainStatus.All(s => (s.Status & ~timeOnly) == X509ChainStatusFlags.NoError);
            if (!built || chain.ChainElements.Count < 2)
            {
                return false;
            }

            // Issued by this CA's key, not merely by another CA under the same root.
            return chain.ChainElements[1].Certificate.PublicKey.EncodedKeyValue.RawData
                .AsSpan().SequenceEqual(Certificate.PublicKey.EncodedKeyValue.RawData);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    /// <summary>
    /// Issues a terminal's client certificate: a fresh key (<see cref="NetworkCaOptions.KeyAlgorithm"/>),
    /// subject C=JP, O=facility name, OU=facility code, CN=terminal name; not a CA; key usage
    /// digitalSignature (+ keyEncipherment for RSA); extended key usage clientAuth only; key
    /// identifiers, CRL distribution point and CA issuer URL; a random 126-bit serial; valid for
    /// <see cref="NetworkCaOptions.CertificateLifetime"/> but never past the CA's own end. The key
    /// leaves only inside the PKCS#12 (certificate, key, CA chain) under a new one-time password.
    /// </summary>
    public TerminalCertificateIssue IssueTerminalCertificate(TerminalCertificateRequest request, NetworkCaOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var terminalName = TerminalCertificate.NormaliseTerminalName(request.TerminalName)
                           ?? throw new ArgumentException($"A terminal name is 1–{TerminalCertificate.TerminalNameMaxLength} characters without control characters.", nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.FacilityCode, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.FacilityName, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.RequestedBy, nameof(request));
        var notBefore = now - CertificateProfiles.Backdate;
        var notAfter = notBefore + options.CertificateLifetime;
        var caNotAfter = new DateTimeOffset(NotAfterUtc, TimeSpan.Zero);
        if (notAfter > caNotAfter)
        {
            notAfter = caNotAfter; // never past the CA's own end
        }

        if (notAfter <= now.AddDays(1))
        {
            throw new InvalidOperationException($"The network CA ends on {NotAfterUtc:yyyy-MM-dd}: renew it before issuing certificates (docs/network-ca.md).");
        }

        var subject = TerminalSubject(request.FacilityCode.Trim(), request.FacilityName.Trim(), terminalName);
        using var key = options.KeyAlgorithm switch
        {
            TerminalKeyAlgorithm.EcdsaP256 => (AsymmetricAlgorithm)ECDsa.Create(ECCurve.NamedCurves.nistP256),
            TerminalKeyAlgorithm.Rsa2048 => RSA.Create(2048),
        };
        var request509 = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithm, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashAlgorithm),
            _ => throw new InvalidOperationException("unsupported key"),
        };
        var usage = X509KeyUsageFlags.DigitalSignature | (key is RSA ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.None);
        CertificateProfiles.AddEndEntityExtensions(request509, usage, CertificateProfiles.ClientAuthentication, AuthorityKeyIdentifier);
        request509.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([options.CrlUrl.AbsoluteUri]));
        request509.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [options.CaCertificateUrl.AbsoluteUri]));

        var certificate = Sign(request509, notBefore, notAfter, CertificateProfiles.NewSerialNumber());
        try
        {
            using var withKey = key switch
            {
                RSA rsa => certificate.CopyWithPrivateKey(rsa),
                ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
                _ => throw new InvalidOperationException("unsupported key"),
            };
            var password = OneTimePassword.Create();
            return new TerminalCertificateIssue(certificate, terminalName, ExportWithChain(withKey, password), password);
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>A CRL signed by this CA listing <paramref name="entries"/>, with CRL number and authority key identifier.</summary>
    public byte[] BuildCrl(IEnumerable<CrlEntry> entries, long number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var builder = new CertificateRevocationListBuilder();
        foreach (var entry in entries)
        {
            builder.AddEntry(
                Convert.FromHexString(entry.SerialNumber),
                new DateTimeOffset(DateTime.SpecifyKind(entry.RevokedAtUtc, DateTimeKind.Utc)),
                entry.Reason.ToX509());
        }

        lock (signing)
        {
            return builder.Build(Certificate.SubjectName, SignatureGenerator(), number, nextUpdate, HashAlgorithm, AuthorityKeyIdentifier, thisUpdate);
        }
    }

    /// <summary>Signs <paramref name="request"/> as this CA.</summary>
    private X509Certificate2 Sign(CertificateRequest request, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[] serialNumber)
    {
        lock (signing)
        {
            return request.Create(Certificate.SubjectName, SignatureGenerator(), notBefore, notAfter, serialNumber);
        }
    }

    /// <summary>
    /// The PKCS#12 of a terminal: its certificate and key plus the CA chain, encrypted with 3DES and a
    /// SHA-1 MAC (PKCS#12 PBE, 2000 iterations) — the one format Windows, macOS, iOS/iPadOS and Chrome
    /// (through the OS store, or NSS on Linux) all import; Apple's importers refuse AES-256/PBES2 files.
    /// The 72-bit one-time password, not the cipher, is what keeps the file from being opened.
    /// </summary>
    private byte[] ExportWithChain(X509Certificate2 withKey, string password)
    {
        var issuers = Chain.Prepend(Certificate).Select(c => X509CertificateLoader.LoadCertificate(c.RawData)).ToArray();
        try
        {
            var collection = new X509Certificate2Collection(withKey);
            collection.AddRange(issuers);
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

    private static X500DistinguishedName TerminalSubject(string facilityCode, string facilityName, string terminalName)
    {
        var names = new X500DistinguishedNameBuilder();
        names.AddCountryOrRegion("JP");
        // RFC 5280's upper bound for organizationName is 64 characters; the full name stays in the portal.
        names.AddOrganizationName(facilityName.Length > SubjectNameMaxLength ? facilityName[..SubjectNameMaxLength] : facilityName);
        names.AddOrganizationalUnitName(facilityCode);
        names.AddCommonName(terminalName);
        return names.Build();
    }

    private X509SignatureGenerator SignatureGenerator() => signingKey switch
    {
        ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new ConfigurationException($"{Section}: the CA key must be ECDSA or RSA."),
    };

    private static string ReadPassword(string keyPath, string passwordPath, IDataProtector protector)
    {
        if (!File.Exists(passwordPath))
        {
            throw new ConfigurationException(
                $"The generated network CA '{keyPath}' has no password file '{passwordPath}': restore both from the same backup of the data folder. " +
                "Moving the folder away makes a new CA on the next start, and every terminal certificate must then be issued again.");
        }

        try
        {
            return protector.Unprotect(File.ReadAllText(passwordPath).Trim());
        }
        catch (CryptographicException ex)
        {
            throw new ConfigurationException(
                $"The generated network CA '{keyPath}' cannot be unlocked: its password is protected with the data-protection keys " +
                "of the data folder ('keys/'), which are missing or different. Restore the keys folder from the same backup.", ex);
        }
    }

    private static void WriteKey(string keyPath, X509Certificate2 certificate, string password)
    {
        // Written beside and moved over the old file, so a crash never leaves half a key.
        var temporary = keyPath + ".new";
        CertificateFiles.WriteOwnerOnly(temporary, certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        File.Move(temporary, keyPath, overwrite: true);
    }

    /// <summary>A new self-signed certificate for the same name and key: what the CA issued still verifies.</summary>
    private static X509Certificate2 Recertify(X509Certificate2 current, DateTimeOffset now)
    {
        using var key = current.GetECDsaPrivateKey()
                        ?? throw new ConfigurationException("The generated network CA key is not ECDSA.");
        var request = new CertificateRequest(current.SubjectName, key, HashAlgorithmName.SHA256);
        foreach (var extension in current.Extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        using var renewed = request.CreateSelfSigned(now - CertificateProfiles.Backdate, now + CertificateProfiles.GeneratedCaLifetime);
        return X509CertificateLoader.LoadPkcs12(renewed.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }

    private static void RequireUsableCa(X509Certificate2 ca, string where, TimeProvider time)
    {
        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        var usage = ca.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (constraints is not { CertificateAuthority: true } ||
            (usage is not null && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign)))
        {
            throw new ConfigurationException(
                $"{where}: '{ca.Subject}' is not a CA certificate: basic constraints CA=true and key usage keyCertSign and cRLSign are required.");
        }

        if (ca.GetECDsaPublicKey() is null && ca.GetRSAPublicKey() is null)
        {
            throw new ConfigurationException($"{where}: the CA key must be ECDSA or RSA.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (ca.NotAfter.ToUniversalTime() <= now)
        {
            throw new ConfigurationException($"{where}: the CA certificate expired on {ca.NotAfter.ToUniversalTime():yyyy-MM-dd}. Renew it (docs/network-ca.md).");
        }

        if (ca.NotBefore.ToUniversalTime() > now)
        {
            throw new ConfigurationException($"{where}: the CA certificate is valid only from {ca.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC.");
        }
    }

    /// <summary>The certificates above <paramref name="ca"/> up to a self-signed root, or null when the root is missing.</summary>
    private static List<X509Certificate2>? ChainAbove(X509Certificate2 ca, IEnumerable<X509Certificate2> others, TimeProvider time)
    {
        if (IsSelfSigned(ca))
        {
            return [];
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        foreach (var other in others)
        {
            (IsSelfSigned(other) ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(other);
        }

        var built = chain.Build(ca);
        var above = chain.ChainElements.Skip(1).Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData)).ToList();
        foreach (var element in chain.ChainElements)
        {
            element.Certificate.Dispose();
        }

        if (built && above.Count > 0 && IsSelfSigned(above[^1]))
        {
            return above;
        }

        foreach (var certificate in above)
        {
            certificate.Dispose();
        }

        return null;
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    public void Dispose()
    {
        signingKey.Dispose();
        Certificate.Dispose();
        foreach (var certificate in Chain)
        {
            certificate.Dispose();
        }
    }
}

/// <summary>A terminal certificate just made: the certificate (public), the PKCS#12 and its one-time password.</summary>
public sealed record TerminalCertificateIssue(X509Certificate2 Certificate, string TerminalName, byte[] Pkcs12, string OneTimePassword);

/// <summary>One revoked certificate as a CRL lists it.</summary>
public sealed record CrlEntry(string SerialNumber, DateTime RevokedAtUtc, CertificateRevocationReason Reason);
