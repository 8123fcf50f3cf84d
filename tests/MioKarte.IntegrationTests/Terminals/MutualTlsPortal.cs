using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Terminals;

/// <summary>
/// The portal on a real Kestrel HTTPS port on loopback with terminal certificates REQUIRED, as in
/// production: clients are real HttpClients that present (or do not present) a client certificate
/// in the TLS handshake. The terminal each request was admitted as is captured by request id.
/// </summary>
public sealed class MutualTlsPortal : PortalFactory
{
    public MutualTlsPortal()
    {
        Settings = new Dictionary<string, string?>
        {
            ["ClientCertificates:Mode"] = "Required",
            // The server's TLS certificate from a development CA in the data folder.
            ["Portal:DevelopmentCertificate"] = "true",
        };
        TestServices = services => services.AddSingleton<IStartupFilter>(new CaptureTerminal(Terminals));
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps()));
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public Uri BaseAddress { get; }

    /// <summary>The <see cref="PresentedTerminal"/> feature each request ended with, by its X-Request-Id.</summary>
    public ConcurrentDictionary<string, PresentedTerminal?> Terminals { get; } = new();

    /// <summary>A client over real TLS that keeps cookies, does not follow redirects and presents <paramref name="certificate"/> if given.</summary>
    public HttpClient CreateTlsClient(X509Certificate2? certificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                // The test server's certificate comes from the development CA in the data folder.
                RemoteCertificateValidationCallback = (_, server, _, _) => IsFromDevelopmentCa(server),
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
            },
        };
        if (certificate is null)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = null;
        }

        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        AuthenticatorCodes.Remember(client, this);
        return client;
    }

    private bool IsFromDevelopmentCa(X509Certificate? server)
    {
        if (server is null)
        {
            return false;
        }

        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(DataFolder, "certs", "development-ca.crt"));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = X509CertificateLoader.LoadCertificate(server.GetRawCertData());
        return chain.Build(certificate);
    }

    private sealed class CaptureTerminal(ConcurrentDictionary<string, PresentedTerminal?> terminals) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                var id = context.Request.Headers["X-Request-Id"].ToString();
                await following(context);
                if (id.Length > 0)
                {
                    terminals[id] = context.Features.Get<PresentedTerminal>();
                }
            });
            next(app);
        };
    }
}
