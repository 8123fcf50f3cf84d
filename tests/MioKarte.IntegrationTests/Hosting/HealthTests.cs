using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

public sealed class HealthTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy_without_signing_in(string path)
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>
/// A portal whose database file cannot be opened: live, but not ready. Its network CA is a
/// configured file: a generated CA's password is opened with the data-protection keys, which are
/// in the database (a node that cannot reach its database at start-up does not start).
/// </summary>
public sealed class BrokenDatabasePortal : PortalFactory
{
    public BrokenDatabasePortal()
    {
        var caPath = Path.Combine(DataFolder, "network-ca.pfx");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Broken database test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = request.CreateSelfSigned(Clock.GetUtcNow().AddDays(-1), Clock.GetUtcNow().AddYears(3));
        File.WriteAllBytes(caPath, ca.Export(X509ContentType.Pkcs12, "ca-password"));
        Settings = new Dictionary<string, string?>
        {
            // Read-only open of a file that does not exist, or a database the server does not have: every connection fails.
            ["Database:ConnectionString"] = TestDatabase.IsPostgreSql
                ? TestDatabase.UnreachablePostgreSql()
                : "Data Source=" + Path.Combine(DataFolder, "missing", "none.db") + ";Mode=ReadOnly",
            ["Database:MigrateOnStart"] = "false",
            ["NetworkCa:Generate"] = "false",
            ["NetworkCa:CertificatePath"] = caPath,
            ["NetworkCa:CertificatePassword"] = "ca-password",
        };
    }
}

public sealed class UnreachableDatabaseTests(BrokenDatabasePortal portal) : IClassFixture<BrokenDatabasePortal>
{
    [Fact]
    public async Task Ready_fails_when_the_database_is_unreachable_while_live_still_answers()
    {
        using var client = portal.CreatePortalClient();

        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.DoesNotContain("Data Source", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
