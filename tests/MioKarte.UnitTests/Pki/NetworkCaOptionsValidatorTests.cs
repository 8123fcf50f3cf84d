using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;

namespace MioKarte.UnitTests.Pki;

/// <summary>
/// A wrong NetworkCa setting stops the portal at start-up with a message naming the key: the
/// validator checks the settings, loading the CA (once, when the portal starts) checks its file.
/// </summary>
public sealed class NetworkCaOptionsValidatorTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "miokarte-netca-options-" + Guid.NewGuid().ToString("N"));
    private readonly NetworkCaOptionsValidator validator = new();

    private static NetworkCaOptions Generated() => new() { Generate = true, PublicBaseUrl = new Uri("https://portal.example.jp/") };

    private string Failures(NetworkCaOptions options)
    {
        var result = validator.Validate(null, options);
        Assert.True(result.Failed, "expected a failure");
        return result.FailureMessage;
    }

    /// <summary>What loading the configured CA file says is wrong with it.</summary>
    private static string LoadFailure(NetworkCaOptions options) =>
        Assert.Throws<ConfigurationException>(() => NetworkCaKeys.LoadConfigured(options, new FakeTimeProvider(TestAuthorities.Now))).Message;

    [Fact]
    public void The_embedded_default_of_a_generated_CA_is_valid()
    {
        Assert.True(validator.Validate(null, Generated()).Succeeded);
    }

    [Fact]
    public void No_CA_at_all_is_refused_with_both_ways_to_configure_one()
    {
        var message = Failures(new NetworkCaOptions { PublicBaseUrl = new Uri("https://portal.example.jp/") });

        Assert.Contains("NetworkCa: no certificate authority is configured", message, StringComparison.Ordinal);
        Assert.Contains("NetworkCa:CertificatePath", message, StringComparison.Ordinal);
        Assert.Contains("NetworkCa:Generate=true", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_and_generation_together_are_refused()
    {
        var options = Generated();
        options.CertificatePath = "/nowhere/ca.pfx";

        Assert.Contains("set either CertificatePath", Failures(options), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_CA_file_is_named()
    {
        var options = new NetworkCaOptions { CertificatePath = Path.Combine(folder, "missing.pfx"), PublicBaseUrl = new Uri("https://portal.example.jp/") };

        Assert.Contains($"NetworkCa:CertificatePath '{options.CertificatePath}' does not exist", LoadFailure(options), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_password_is_named()
    {
        using var root = TestAuthorities.SelfSignedCa("CN=Council CA", TimeSpan.FromDays(3650));
        var path = TestAuthorities.WritePkcs12(folder, "ca.pfx", "right", root);

        var message = LoadFailure(new NetworkCaOptions { CertificatePath = path, CertificatePassword = "wrong", PublicBaseUrl = new Uri("https://portal.example.jp/") });

        Assert.Contains("cannot be opened: wrong NetworkCa:CertificatePassword", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_that_is_not_a_CA_is_refused()
    {
        using var root = TestAuthorities.SelfSignedCa("CN=Council CA", TimeSpan.FromDays(3650));
        using var ca = NetworkCaKeys.LoadConfigured(
            new NetworkCaOptions { CertificatePath = TestAuthorities.WritePkcs12(folder, "ca.pfx", "pw", root), CertificatePassword = "pw" },
            new FakeTimeProvider(TestAuthorities.Now));
        var options = Generated();
        var issued = ca.IssueTerminalCertificate(new TerminalCertificateRequest(Guid.NewGuid(), Guid.NewGuid(), "V00001", "クリニック", "PC-1", "council"), options, TestAuthorities.Now);
        issued.Certificate.Dispose();
        var leafPath = Path.Combine(folder, "leaf.pfx");
        File.WriteAllBytes(leafPath, issued.Pkcs12);

        var message = LoadFailure(new NetworkCaOptions { CertificatePath = leafPath, CertificatePassword = issued.OneTimePassword, PublicBaseUrl = options.PublicBaseUrl });

        Assert.Contains("is not a CA certificate", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_issuing_CA_without_its_root_in_the_file_is_refused()
    {
        using var root = TestAuthorities.SelfSignedCa("CN=Offline Root", TimeSpan.FromDays(7300));
        using var issuing = TestAuthorities.IssuingCa(root, "CN=Issuing CA", TimeSpan.FromDays(3650));
        var path = TestAuthorities.WritePkcs12(folder, "issuing.pfx", "pw", issuing);

        var message = LoadFailure(new NetworkCaOptions { CertificatePath = path, CertificatePassword = "pw", PublicBaseUrl = new Uri("https://portal.example.jp/") });

        Assert.Contains("does not hold its chain up to a root certificate", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_CA_is_refused()
    {
        using var root = TestAuthorities.SelfSignedCa("CN=Old CA", TimeSpan.FromDays(-0.5));
        var path = TestAuthorities.WritePkcs12(folder, "old.pfx", "pw", root);

        var message = LoadFailure(new NetworkCaOptions { CertificatePath = path, CertificatePassword = "pw", PublicBaseUrl = new Uri("https://portal.example.jp/") });

        Assert.Contains("the CA certificate expired on", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CA_file_that_cannot_be_loaded_stops_the_host_at_start_up_naming_the_setting()
    {
        var missing = Path.Combine(folder, "missing.pfx");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NetworkCa:CertificatePath"] = missing,
            ["NetworkCa:CertificatePassword"] = "pw",
            ["NetworkCa:PublicBaseUrl"] = "https://portal.example.jp/",
        });
        builder.Services.AddDataProtection();
        builder.Services.AddNetworkCertificateAuthority(folder);
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.IsType<ConfigurationException>(error is AggregateException aggregate ? aggregate.InnerExceptions[0] : error);
        Assert.Contains($"NetworkCa:CertificatePath '{missing}' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(731)]
    [InlineData(0)]
    public void A_lifetime_beyond_two_years_or_below_a_day_is_refused(int days)
    {
        var options = Generated();
        options.CertificateLifetime = TimeSpan.FromDays(days);

        Assert.Contains("NetworkCa:CertificateLifetime", Failures(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_years_exactly_is_allowed()
    {
        var options = Generated();
        options.CertificateLifetime = NetworkCaOptions.MaxCertificateLifetime;

        Assert.True(validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_public_address_for_the_CRL_is_required_and_must_be_http_or_https()
    {
        var missing = Generated();
        missing.PublicBaseUrl = null;
        var ftp = Generated();
        ftp.PublicBaseUrl = new Uri("ftp://portal.example.jp/");

        Assert.Contains("NetworkCa:PublicBaseUrl is missing", Failures(missing), StringComparison.Ordinal);
        Assert.Contains("must be an absolute http:// or https:// address", Failures(ftp), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_algorithm_is_refused()
    {
        var options = Generated();
        options.KeyAlgorithm = (TerminalKeyAlgorithm)7;

        Assert.Contains("NetworkCa:KeyAlgorithm must be EcdsaP256 or Rsa2048", Failures(options), StringComparison.Ordinal);
    }

    [Fact]
    public void The_CRL_address_is_under_the_public_address_whether_or_not_it_ends_in_a_slash()
    {
        var options = Generated();
        options.PublicBaseUrl = new Uri("https://portal.example.jp/mio");

        Assert.Equal("https://portal.example.jp/mio/pki/crl", options.CrlUrl.AbsoluteUri);
        Assert.Equal("https://portal.example.jp/mio/pki/ca.crt", options.CaCertificateUrl.AbsoluteUri);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
