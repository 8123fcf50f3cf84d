using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;
using MioKarte.Tests.Shared;

namespace MioKarte.UnitTests.Pki;

/// <summary>The network CA's certificates: what a terminal certificate holds, its PKCS#12, the CRL, the CA's own key.</summary>
public sealed class NetworkCaKeysTests : IDisposable
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "miokarte-netca-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider clock = new(TestAuthorities.Now);
    private readonly IDataProtectionProvider dataProtection;

    public NetworkCaKeysTests()
    {
        dataProtection = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(folder, "keys")));
    }

    private static NetworkCaOptions Options(TerminalKeyAlgorithm algorithm = TerminalKeyAlgorithm.EcdsaP256, int lifetimeDays = 365) => new()
    {
        Generate = true,
        KeyAlgorithm = algorithm,
        CertificateLifetime = TimeSpan.FromDays(lifetimeDays),
        PublicBaseUrl = new Uri("https://portal.example.jp/"),
    };

    private static TerminalCertificateRequest Request(string terminal = "受付PC-1", string facilityName = "みお内科クリニック") =>
        new(Guid.NewGuid(), Guid.NewGuid(), "V00042", facilityName, terminal, "facadmin");

    [Fact]
    public void An_issued_certificate_chains_to_the_CA_and_names_the_terminal_and_the_facility()
    {
        using var ca = Generate();

        var issued = ca.IssueTerminalCertificate(Request(), Options(), clock.GetUtcNow());
        using var certificate = issued.Certificate;

        Assert.True(TestAuthorities.ChainsTo(certificate, ca.Certificate));
        Assert.Equal(ca.Certificate.Subject, certificate.Issuer);
        var subject = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .ToDictionary(n => n.GetSingleElementType().Value!, n => n.GetSingleElementValue());
        Assert.Equal("受付PC-1", subject["2.5.4.3"]);        // CN: the terminal
        Assert.Equal("V00042", subject["2.5.4.11"]);         // OU: the facility code
        Assert.Equal("みお内科クリニック", subject["2.5.4.10"]); // O: the facility name
        Assert.Equal("JP", subject["2.5.4.6"]);
        Assert.Equal("受付PC-1", issued.TerminalName);
    }

    [Fact]
    public void An_issued_certificate_is_for_client_authentication_only_and_is_not_a_CA()
    {
        using var ca = Generate();

        using var certificate = ca.IssueTerminalCertificate(Request(), Options(), clock.GetUtcNow()).Certificate;

        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal(ClientAuthentication, Assert.Single(usages.Cast<Oid>()).Value);
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.False(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, keyUsage.KeyUsages);
        Assert.True(keyUsage.Critical);
        var caKeyId = ca.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier;
        Assert.Equal(caKeyId, Convert.ToHexString(certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.Span));
        Assert.Single(certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        var distributionPoint = certificate.Extensions.Single(e => e.Oid!.Value == "2.5.29.31");
        Assert.Contains("https://portal.example.jp/pki/crl", System.Text.Encoding.ASCII.GetString(distributionPoint.RawData), StringComparison.Ordinal);
        var issuerUrl = certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single();
        Assert.Equal(["https://portal.example.jp/pki/ca.crt"], issuerUrl.EnumerateCAIssuersUris());
    }

    [Theory]
    [InlineData(TerminalKeyAlgorithm.EcdsaP256)]
    [InlineData(TerminalKeyAlgorithm.Rsa2048)]
    public void Both_key_algorithms_give_a_chaining_certificate_with_the_right_key_and_key_usage(TerminalKeyAlgorithm algorithm)
    {
        using var ca = Generate();

        var issued = ca.IssueTerminalCertificate(Request(), Options(algorithm), clock.GetUtcNow());
        using var certificate = issued.Certificate;

        Assert.True(TestAuthorities.ChainsTo(certificate, ca.Certificate));
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages;
        using var withKey = X509CertificateLoader.LoadPkcs12Collection(issued.Pkcs12, issued.OneTimePassword).Single(c => c.HasPrivateKey);
        if (algorithm == TerminalKeyAlgorithm.Rsa2048)
        {
            using var rsa = withKey.GetRSAPrivateKey();
            Assert.Equal(2048, rsa!.KeySize);
            Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, keyUsage);
        }
        else
        {
            using var ecdsa = withKey.GetECDsaPrivateKey();
            Assert.Equal(256, ecdsa!.KeySize);
            Assert.Equal("1.2.840.10045.3.1.7", ecdsa.ExportParameters(false).Curve.Oid.Value); // P-256
            Assert.Equal(X509KeyUsageFlags.DigitalSignature, keyUsage);
        }
    }

    [Fact]
    public void The_validity_is_the_configured_lifetime_and_at_most_two_years()
    {
        using var ca = Generate();

        using var oneYear = ca.IssueTerminalCertificate(Request(), Options(), clock.GetUtcNow()).Certificate;
        using var twoYears = ca.IssueTerminalCertificate(Request(), Options(lifetimeDays: 730), clock.GetUtcNow()).Certificate;

        Assert.Equal(TimeSpan.FromDays(365), oneYear.NotAfter - oneYear.NotBefore);
        Assert.Equal(TimeSpan.FromDays(730), twoYears.NotAfter - twoYears.NotBefore);
        Assert.True(oneYear.NotBefore.ToUniversalTime() <= clock.GetUtcNow().UtcDateTime, "usable at once");
    }

    [Fact]
    public void The_validity_never_runs_past_the_end_of_the_CA()
    {
        using var root = TestAuthorities.SelfSignedCa("CN=Short-lived CA", TimeSpan.FromDays(100));
        var path = TestAuthorities.WritePkcs12(folder, "short.pfx", "secret", root);
        using var ca = NetworkCaKeys.LoadConfigured(new NetworkCaOptions { CertificatePath = path, CertificatePassword = "secret" }, clock);

        using var certificate = ca.IssueTerminalCertificate(Request(), Options(), clock.GetUtcNow()).Certificate;

        Assert.Equal(root.NotAfter, certificate.NotAfter);
        Assert.True(TestAuthorities.ChainsTo(certificate, root));
    }

    [Fact]
    public void The_PKCS12_opens_with_the_one_time_password_and_holds_the_key_the_certificate_and_the_CA()
    {
        using var ca = Generate();
        var issued = ca.IssueTerminalCertificate(Request(), Options(), clock.GetUtcNow());
        using var certificate = issued.Certificate;

        var contents = X509CertificateLoader.LoadPkcs12Collection(issued.Pkcs12, issued.OneTimePassword);

        Assert.Equal(2, contents.Count);
        Assert.Equal(certificate.Thumbprint, Assert.Single(contents, c => c.HasPrivateKey).Thumbprint);
        Assert.Contains(contents, c => c.Thumbprint == ca.Certificate.Thumbprint && !c.HasPrivateKey);
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12Collection(issued.Pkcs12, "abcdefghjkmnpqrs"));
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12Collection(issued.Pkcs12, null));
    }

    [Fact]
    public void The_PKCS12_is_encrypted_with_3DES_and_a_SHA1_MAC_which_Windows_macOS_and_iOS_all_import()
    {
        using var ca = Generate();
        var issued = ca.IssueTerminalCertificate(Request(), Options(), clock.GetUtcNow());
        issued.Certificate.Dispose();

        var pfx = Pkcs12Info.Decode(issued.Pkcs12, out _);

        Assert.Equal(Pkcs12IntegrityMode.Password, pfx.IntegrityMode);
        Assert.True(pfx.VerifyMac(issued.OneTimePassword));
        var keyBags = new List<Pkcs12ShroudedKeyBag>();
        foreach (var safe in pfx.AuthenticatedSafe)
        {
            if (safe.ConfidentialityMode == Pkcs12ConfidentialityMode.Password)
            {
                safe.Decrypt(issued.OneTimePassword);
            }

            keyBags.AddRange(safe.GetBags().OfType<Pkcs12ShroudedKeyBag>());
        }

        var keyBag = Assert.Single(keyBags);
        var encryptedKey = new AsnReader(keyBag.EncryptedPkcs8PrivateKey, AsnEncodingRules.BER).ReadSequence();
        var algorithm = encryptedKey.ReadSequence().ReadObjectIdentifier();
        Assert.Equal("1.2.840.113549.1.12.1.3", algorithm); // pbeWithSHAAnd3-KeyTripleDES-CBC
    }

    [Fact]
    public void The_one_time_password_is_four_groups_of_four_letters_easy_to_type_on_an_iPad()
    {
        using var ca = Generate();

        var passwords = Enumerable.Range(0, 5).Select(_ =>
        {
            var issued = ca.IssueTerminalCertificate(Request(), Options(), clock.GetUtcNow());
            issued.Certificate.Dispose();
            return issued.OneTimePassword;
        }).ToList();

        Assert.Equal(passwords.Count, passwords.Distinct().Count());
        Assert.All(passwords, p =>
        {
            Assert.Equal(16, p.Length);
            Assert.All(p, c => Assert.Contains(c, OneTimePassword.Alphabet));
            Assert.Equal(4, OneTimePassword.Groups(p).Count);
        });
        Assert.True(OneTimePassword.EntropyBits >= 60);
        Assert.DoesNotContain('l', OneTimePassword.Alphabet);
        Assert.DoesNotContain('o', OneTimePassword.Alphabet);
        Assert.DoesNotContain('i', OneTimePassword.Alphabet);
    }

    [Fact]
    public void Every_certificate_gets_its_own_random_positive_serial_of_126_bits()
    {
        using var ca = Generate();

        var serials = Enumerable.Range(0, 20).Select(_ =>
        {
            using var certificate = ca.IssueTerminalCertificate(Request(), Options(), clock.GetUtcNow()).Certificate;
            return certificate.SerialNumber;
        }).ToList();

        Assert.Equal(20, serials.Distinct().Count());
        Assert.All(serials, s =>
        {
            Assert.Equal(32, s.Length);
            Assert.InRange(Convert.FromHexString(s)[0], 0x40, 0x7F); // positive, no leading zero byte
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("端末\u0007")]
    public void A_terminal_name_that_cannot_go_into_a_certificate_is_refused(string name)
    {
        using var ca = Generate();

        Assert.Throws<ArgumentException>(() => ca.IssueTerminalCertificate(Request(terminal: name), Options(), clock.GetUtcNow()));
        Assert.Throws<ArgumentException>(() => ca.IssueTerminalCertificate(Request(terminal: new string('端', 65)), Options(), clock.GetUtcNow()));
    }

    [Fact]
    public void A_facility_name_longer_than_the_X500_limit_is_cut_to_64_characters()
    {
        using var ca = Generate();
        var name = new string('医', 80);

        using var certificate = ca.IssueTerminalCertificate(Request(facilityName: name), Options(), clock.GetUtcNow()).Certificate;

        var organization = certificate.SubjectName.EnumerateRelativeDistinguishedNames().Single(n => n.GetSingleElementType().Value == "2.5.4.10");
        Assert.Equal(name[..64], organization.GetSingleElementValue());
    }

    [Fact]
    public void An_issuing_CA_under_an_external_root_puts_the_whole_chain_into_the_PKCS12()
    {
        using var root = TestAuthorities.SelfSignedCa("CN=Council Offline Root CA, O=MIO Karte, C=JP", TimeSpan.FromDays(7300));
        using var issuing = TestAuthorities.IssuingCa(root, "CN=MIO Karte Issuing CA, O=MIO Karte, C=JP", TimeSpan.FromDays(3650));
        var path = TestAuthorities.WritePkcs12(folder, "issuing.pfx", "secret", issuing, root);
        using var ca = NetworkCaKeys.LoadConfigured(new NetworkCaOptions { CertificatePath = path, CertificatePassword = "secret" }, clock);

        var issued = ca.IssueTerminalCertificate(Request(), Options(), clock.GetUtcNow());
        using var certificate = issued.Certificate;

        Assert.False(ca.Generated);
        Assert.Equal(root.Thumbprint, Assert.Single(ca.Chain).Thumbprint);
        Assert.True(TestAuthorities.ChainsTo(certificate, root, issuing));
        var contents = X509CertificateLoader.LoadPkcs12Collection(issued.Pkcs12, issued.OneTimePassword);
        Assert.Equal(3, contents.Count);
        Assert.Contains(contents, c => c.Thumbprint == root.Thumbprint);
        Assert.Contains(contents, c => c.Thumbprint == issuing.Thumbprint);
        Assert.True(ca.HasIssued(certificate));
    }

    [Fact]
    public void HasIssued_recognises_only_client_certificates_signed_by_this_CA()
    {
        using var ca = Generate();
        using var certificate = ca.IssueTerminalCertificate(Request(), Options(), clock.GetUtcNow()).Certificate;
        using var other = NetworkCaKeys.LoadOrGenerate(Path.Combine(folder, "other"), dataProtection, clock);
        using var foreign = other.IssueTerminalCertificate(Request(), Options(), clock.GetUtcNow()).Certificate;
        using var development = DevelopmentCertificateAuthority.LoadOrCreate(Path.Combine(folder, "dev"), clock);
        using var server = development.LoadOrIssueServerCertificate("server.pfx", "localhost", ["localhost"], clock);

        Assert.True(ca.HasIssued(certificate));
        Assert.False(ca.HasIssued(foreign));
        Assert.False(ca.HasIssued(server));
        Assert.False(ca.HasIssued(ca.Certificate));
    }

    [Fact]
    public void A_revoked_serial_is_in_the_signed_CRL_with_its_reason_and_an_unrevoked_one_is_not()
    {
        using var ca = Generate();
        using var revoked = ca.IssueTerminalCertificate(Request("受付PC-1"), Options(), clock.GetUtcNow()).Certificate;
        using var kept = ca.IssueTerminalCertificate(Request("診察室iPad"), Options(), clock.GetUtcNow()).Certificate;
        var now = clock.GetUtcNow();

        var der = ca.BuildCrl([new CrlEntry(revoked.SerialNumber, now.UtcDateTime, CertificateRevocationReason.KeyCompromise)], 7, now, now.AddDays(7));

        var crl = CrlReader.Read(der);
        Assert.Equal(7, (int)crl.Number);
        Assert.Equal(X509RevocationReason.KeyCompromise, crl.Entries[revoked.SerialNumber]);
        Assert.False(crl.Entries.ContainsKey(kept.SerialNumber));
        Assert.True(crl.IsSignedBy(ca.Certificate));
        Assert.Equal(ca.Certificate.SubjectName.RawData, crl.Issuer.RawData);
        Assert.Equal(now.AddDays(7).ToUnixTimeSeconds(), crl.NextUpdate.ToUnixTimeSeconds());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_generated_CA_is_made_once_with_an_owner_only_key_whose_password_is_protected()
    {
        var caFolder = Path.Combine(folder, NetworkCaKeys.FolderName);
        string thumbprint;
        using (var first = NetworkCaKeys.LoadOrGenerate(caFolder, dataProtection, clock))
        {
            thumbprint = first.Thumbprint;
            Assert.True(first.Generated);
            Assert.True(first.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        }

        using var again = NetworkCaKeys.LoadOrGenerate(caFolder, DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(folder, "keys"))), clock);

        Assert.Equal(thumbprint, again.Thumbprint);
        var key = Path.Combine(caFolder, NetworkCaKeys.KeyFileName);
        var password = Path.Combine(caFolder, NetworkCaKeys.PasswordFileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(password));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(caFolder));
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(key, File.ReadAllText(password)));
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(key, null));
        Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(Path.Combine(caFolder, NetworkCaKeys.PublicFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_CA_whose_data_protection_keys_are_lost_stops_with_a_message_saying_so()
    {
        var caFolder = Path.Combine(folder, NetworkCaKeys.FolderName);
        NetworkCaKeys.LoadOrGenerate(caFolder, dataProtection, clock).Dispose();
        var otherKeys = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(folder, "other-keys")));

        var error = Assert.Throws<ConfigurationException>(() => NetworkCaKeys.LoadOrGenerate(caFolder, otherKeys, clock));

        Assert.Contains("data-protection keys", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(caFolder, NetworkCaKeys.KeyFileName)), "the CA is never replaced silently");
    }

    [Fact]
    public void A_generated_CA_near_its_end_is_recertified_with_the_same_key_so_issued_certificates_still_chain()
    {
        var caFolder = Path.Combine(folder, NetworkCaKeys.FolderName);
        X509Certificate2 issued;
        string firstThumbprint;
        DateTime firstEnd;
        using (var first = NetworkCaKeys.LoadOrGenerate(caFolder, dataProtection, clock))
        {
            issued = first.IssueTerminalCertificate(Request(), Options(), clock.GetUtcNow()).Certificate;
            firstThumbprint = first.Thumbprint;
            firstEnd = first.NotAfterUtc;
        }

        clock.Advance(TimeSpan.FromDays(3650 - 700));
        using var renewed = NetworkCaKeys.LoadOrGenerate(caFolder, dataProtection, clock);

        using (issued)
        {
            Assert.NotEqual(firstThumbprint, renewed.Thumbprint);
            Assert.True(renewed.NotAfterUtc > firstEnd);
            Assert.True(renewed.HasIssued(issued));
        }
    }

    private NetworkCaKeys Generate() => NetworkCaKeys.LoadOrGenerate(Path.Combine(folder, NetworkCaKeys.FolderName), dataProtection, clock);

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
