using Microsoft.Extensions.Configuration;

using MioKarte.Core.Gateway;
using MioKarte.Core.Pki;

namespace MioKarte.UnitTests.DataCenter;

public sealed class DataCenterGatewayOptionsValidatorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("miokarte-gw-").FullName;
    private readonly DevelopmentCertificateAuthority ca;

    public DataCenterGatewayOptionsValidatorTests()
    {
        ca = DevelopmentCertificateAuthority.LoadOrCreate(folder, TimeProvider.System);
    }

    private DataCenterGatewayOptions ValidOptions()
    {
        var pfx = Path.Combine(folder, "portal.pfx");
        using var client = ca.IssueClientCertificate("CN=portal", TimeProvider.System);
        CertificateFiles.WritePfx(pfx, client, "secret");
        var key = Path.Combine(folder, "assertion.pem");
        AssertionKeys.LoadOrCreate(key).Dispose();
        return new DataCenterGatewayOptions
        {
            BaseAddress = new Uri("https://datacenter.example/fhir/"),
            ClientCertificatePath = pfx,
            ClientCertificatePassword = "secret",
            CaCertificatePath = ca.PublicCertificatePath,
            AssertionSigningKeyPath = key,
        };
    }

    [Fact]
    public void Signed_assertions_need_a_key_and_the_vendor_mode_does_not()
    {
        var options = ValidOptions();
        options.AssertionSigningKeyPath = null;

        Assert.Contains("AssertionSigningKeyPath is missing", Assert.Single(Failures(options)), StringComparison.Ordinal);
        options.ActingUserAssertion = ActingUserAssertionMode.Headers;
        Assert.Empty(Failures(options));
    }

    [Fact]
    public void An_assertion_key_that_is_not_P256_is_named()
    {
        var options = ValidOptions();
        var rsa = Path.Combine(folder, "rsa.pem");
        using (var key = System.Security.Cryptography.RSA.Create(2048))
        {
            File.WriteAllText(rsa, key.ExportPkcs8PrivateKeyPem());
        }

        options.AssertionSigningKeyPath = rsa;

        Assert.Contains("is not a PEM EC P-256 private key", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    private static string[] Failures(DataCenterGatewayOptions options) =>
        new DataCenterGatewayOptionsValidator().Validate(null, options).Failures?.ToArray() ?? [];

    [Fact]
    public void Valid_settings_pass()
    {
        Assert.Empty(Failures(ValidOptions()));
    }

    [Fact]
    public void A_missing_client_certificate_file_is_named()
    {
        var options = ValidOptions();
        options.ClientCertificatePath = "/nowhere/portal.pfx";

        var failure = Assert.Single(Failures(options));
        Assert.Contains("ClientCertificatePath '/nowhere/portal.pfx' does not exist", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_certificate_password_is_named()
    {
        var options = ValidOptions();
        options.ClientCertificatePassword = "wrong";

        Assert.Contains("wrong ClientCertificatePassword", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_http_data_center_url_is_refused()
    {
        var options = ValidOptions();
        options.BaseAddress = new Uri("http://datacenter.example/fhir/");

        Assert.Contains("must be an absolute https:// URL", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_CA_file_is_named()
    {
        var options = ValidOptions();
        options.CaCertificatePath = "/nowhere/ca.crt";

        Assert.Contains("CaCertificatePath '/nowhere/ca.crt' does not exist", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Both_a_certificate_file_and_a_thumbprint_is_ambiguous()
    {
        var options = ValidOptions();
        options.ClientCertificateThumbprint = "ABCDEF";

        Assert.Contains("exactly one of ClientCertificatePath", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_pin_is_named()
    {
        var options = ValidOptions();
        options.PinnedServerCertificateSha256.Add("1234");

        Assert.Contains("'1234' is not a SHA-256 thumbprint", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_parameter_override_that_is_not_a_parameter_name_is_refused()
    {
        var options = ValidOptions();
        options.DateSearchParameters["MedicationRequest"] = "date&_count=1";

        Assert.Contains("DateSearchParameters:MedicationRequest 'date&_count=1' is not a search parameter name", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_certificate_path_stops_the_host_at_start_up_naming_the_setting()
    {
        var options = ValidOptions();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataCenterGateway:BaseAddress"] = options.BaseAddress!.ToString(),
            ["DataCenterGateway:ClientCertificatePath"] = "/nowhere/portal.pfx",
            ["DataCenterGateway:CaCertificatePath"] = options.CaCertificatePath,
        });
        builder.Services.AddDataCenterGateway(builder.Configuration);
        using var host = builder.Build();

        // The host wraps the validation failures in an AggregateException.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(error is AggregateException aggregate ? aggregate.InnerExceptions[0] : error);
        Assert.Contains("DataCenterGateway:ClientCertificatePath '/nowhere/portal.pfx' does not exist", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        ca.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
