using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MioKarte.Core.Pki;
using MioKarte.Web.Infrastructure.ClientCertificates;

namespace MioKarte.IntegrationTests.Terminals;

/// <summary>The ClientCertificates section: Relaxed only in Development and tests; forwarding only from configured proxies.</summary>
public sealed class ClientCertificateOptionsTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "miokarte-cc-" + Guid.NewGuid().ToString("N"));
    private readonly DevelopmentCertificateAuthority ca;
    private readonly X509Certificate2 certificate;

    public ClientCertificateOptionsTests()
    {
        ca = DevelopmentCertificateAuthority.LoadOrCreate(folder, TimeProvider.System);
        certificate = ca.IssueClientCertificate("CN=受付PC", TimeProvider.System);
    }

    [Theory]
    [InlineData("Production", ClientCertificateRequirement.Relaxed, false)]
    [InlineData("Staging", ClientCertificateRequirement.Relaxed, false)]
    [InlineData("Production", ClientCertificateRequirement.Required, true)]
    [InlineData("Development", ClientCertificateRequirement.Relaxed, true)]
    [InlineData("Testing", ClientCertificateRequirement.Relaxed, true)]
    public void Relaxed_is_refused_outside_Development_and_tests(string environment, ClientCertificateRequirement mode, bool valid)
    {
        var result = new ClientCertificateOptionsValidator(new Environment(environment)).Validate(null, new ClientCertificateOptions { Mode = mode });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("ClientCertificates:Mode=Relaxed", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_forwarding_header_without_trusted_proxies_or_with_a_wrong_address_is_refused()
    {
        var validator = new ClientCertificateOptionsValidator(new Environment("Production"));

        var noProxy = validator.Validate(null, new ClientCertificateOptions { ForwardedHeader = "X-Client-Cert" });
        var badProxy = validator.Validate(null, new ClientCertificateOptions { ForwardedHeader = "X-Client-Cert", TrustedProxies = ["proxy.local"] });
        var badHeader = validator.Validate(null, new ClientCertificateOptions { ForwardedHeader = "X Client Cert", TrustedProxies = ["10.0.0.5"] });
        var good = validator.Validate(null, new ClientCertificateOptions { ForwardedHeader = "X-Client-Cert", TrustedProxies = ["10.0.0.5"] });

        Assert.Contains("ClientCertificates:TrustedProxies must list", noProxy.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'proxy.local' is not an IP address", badProxy.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ClientCertificates:ForwardedHeader must be a header name", badHeader.FailureMessage, StringComparison.Ordinal);
        Assert.True(good.Succeeded);
    }

    [Theory]
    [InlineData("pem-url-encoded")]
    [InlineData("base64-der")]
    public async Task A_forwarded_certificate_is_read_from_a_trusted_proxy(string format)
    {
        var value = format == "base64-der"
            ? Convert.ToBase64String(certificate.RawData)
            : Uri.EscapeDataString(certificate.ExportCertificatePem());
        var context = Request("10.0.0.5", value);

        var presented = await Source().GetAsync(context);

        Assert.Equal(certificate.Thumbprint, presented?.Thumbprint);
    }

    [Fact]
    public async Task A_forwarding_header_from_anyone_but_the_proxy_is_ignored()
    {
        var context = Request("192.0.2.10", Convert.ToBase64String(certificate.RawData));

        Assert.Null(await Source().GetAsync(context));
    }

    [Fact]
    public async Task Without_forwarding_configured_the_header_is_ignored_even_from_the_proxy_address()
    {
        var context = Request("10.0.0.5", Convert.ToBase64String(certificate.RawData));
        var source = new PresentedCertificateSource(Options.Create(new ClientCertificateOptions()), NullLogger<PresentedCertificateSource>.Instance);

        Assert.Null(await source.GetAsync(context));
    }

    public void Dispose()
    {
        certificate.Dispose();
        ca.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static PresentedCertificateSource Source() => new(
        Options.Create(new ClientCertificateOptions { ForwardedHeader = "X-Client-Cert", TrustedProxies = ["10.0.0.5"] }),
        NullLogger<PresentedCertificateSource>.Instance);

    private static DefaultHttpContext Request(string remote, string header)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Request.Headers["X-Client-Cert"] = header;
        return context;
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "MioKarte.Web";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
