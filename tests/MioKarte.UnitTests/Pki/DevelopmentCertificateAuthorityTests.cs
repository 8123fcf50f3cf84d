using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using MioKarte.Core.Pki;

namespace MioKarte.UnitTests.Pki;

public sealed class DevelopmentCertificateAuthorityTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "miokarte-ca-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_server_certificate_chains_to_the_CA_names_its_hosts_and_is_for_server_authentication()
    {
        using var ca = DevelopmentCertificateAuthority.LoadOrCreate(folder, clock);

        using var server = ca.LoadOrIssueServerCertificate("server.pfx", "localhost", ["localhost", "127.0.0.1"], clock);

        Assert.True(ChainsTo(server, ca.Certificate));
        Assert.True(server.HasPrivateKey);
        Assert.Equal("localhost", server.GetNameInfo(X509NameType.DnsName, false));
        var san = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", san.EnumerateDnsNames());
        Assert.Contains(System.Net.IPAddress.Loopback, san.EnumerateIPAddresses());
        Assert.Equal("1.3.6.1.5.5.7.3.1", server.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages[0].Value);
    }

    [Fact]
    public void A_client_certificate_is_for_client_authentication_only_and_chains_to_the_CA()
    {
        using var ca = DevelopmentCertificateAuthority.LoadOrCreate(folder, clock);

        using var client = ca.IssueClientCertificate("CN=portal-node, O=MIO Karte", clock);

        Assert.True(ChainsTo(client, ca.Certificate));
        var usages = client.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal("1.3.6.1.5.5.7.3.2", Assert.Single(usages.Cast<System.Security.Cryptography.Oid>()).Value);
        Assert.False(client.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Fact]
    public void The_CA_and_its_certificates_are_made_once_and_loaded_afterwards()
    {
        string firstThumbprint, firstServer;
        using (var ca = DevelopmentCertificateAuthority.LoadOrCreate(folder, clock))
        {
            firstThumbprint = ca.Certificate.Thumbprint;
            using var server = ca.LoadOrIssueServerCertificate("server.pfx", "localhost", ["localhost"], clock);
            firstServer = server.Thumbprint;
        }

        using var again = DevelopmentCertificateAuthority.LoadOrCreate(folder, clock);
        using var serverAgain = again.LoadOrIssueServerCertificate("server.pfx", "localhost", ["localhost"], clock);

        Assert.Equal(firstThumbprint, again.Certificate.Thumbprint);
        Assert.Equal(firstServer, serverAgain.Thumbprint);
    }

    [Fact]
    public void A_server_certificate_close_to_expiry_is_replaced()
    {
        using var ca = DevelopmentCertificateAuthority.LoadOrCreate(folder, clock);
        using var first = ca.LoadOrIssueServerCertificate("server.pfx", "localhost", ["localhost"], clock);

        clock.Advance(TimeSpan.FromDays(340));
        using var renewed = ca.LoadOrIssueServerCertificate("server.pfx", "localhost", ["localhost"], clock);

        Assert.NotEqual(first.Thumbprint, renewed.Thumbprint);
        Assert.True(renewed.NotAfter > first.NotAfter);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Private_keys_are_readable_by_the_owner_only()
    {
        using var ca = DevelopmentCertificateAuthority.LoadOrCreate(folder, clock);
        using var server = ca.LoadOrIssueServerCertificate("server.pfx", "localhost", ["localhost"], clock);

        foreach (var pfx in Directory.GetFiles(folder, "*.pfx"))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pfx));
        }

        Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(ca.PublicCertificatePath), StringComparison.Ordinal);
    }

    private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = leaf.NotBefore.AddMinutes(10);
        return chain.Build(leaf);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
