using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using MioKarte.Core.Gateway;

namespace MioKarte.IntegrationTests.Gateway;

/// <summary>The portal's gateway as the portal registers it, pointed at a test server over mutual TLS.</summary>
public static class GatewayServices
{
    /// <param name="baseAddress">The FHIR base of the server.</param>
    /// <param name="pki">Its certificates: the portal's client certificate and the network CA.</param>
    /// <param name="pfx">Another client certificate than the portal's.</param>
    /// <param name="tweak">Changes to the DataCenterGateway settings.</param>
    /// <param name="logging">Receives the gateway's log messages from <paramref name="minimumLevel"/> up.</param>
    /// <param name="minimumLevel">The lowest level <paramref name="logging"/> receives.</param>
    /// <param name="withoutClientCertificate">The same TLS policy, but the portal presents no certificate at all.</param>
    public static ServiceProvider Create(
        Uri baseAddress,
        GatewayPki pki,
        string? pfx = null,
        Action<Dictionary<string, string?>>? tweak = null,
        ILoggerProvider? logging = null,
        LogLevel minimumLevel = LogLevel.Information,
        bool withoutClientCertificate = false)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(pki);
        var settings = new Dictionary<string, string?>
        {
            ["DataCenterGateway:BaseAddress"] = baseAddress.ToString(),
            ["DataCenterGateway:ClientCertificatePath"] = pfx ?? pki.PortalPfx,
            ["DataCenterGateway:ClientCertificatePassword"] = GatewayPki.Password,
            ["DataCenterGateway:CaCertificatePath"] = pki.NetworkCa.PublicCertificatePath,
            // The vendor mode: stub and third-party servers verify no assertion and hold no Consent
            // (a test of the signed mode sets ActingUserAssertion=Jwt and AssertionSigningKeyPath).
            ["DataCenterGateway:ActingUserAssertion"] = "Headers",
            ["DataCenterGateway:CenterEnforcesConsent"] = "false",
        };
        tweak?.Invoke(settings);
        var services = new ServiceCollection();
        services.AddLogging(l =>
        {
            if (logging is not null)
            {
                l.SetMinimumLevel(minimumLevel).AddProvider(logging);
            }
        });
        var builder = services.AddDataCenterGateway(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        if (withoutClientCertificate)
        {
            builder.ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var handler = sp.GetRequiredService<GatewayTls>().CreateHandler();
                handler.SslOptions.ClientCertificates = null;
                handler.SslOptions.LocalCertificateSelectionCallback = null;
                return handler;
            });
        }

        return services.BuildServiceProvider();
    }
}
