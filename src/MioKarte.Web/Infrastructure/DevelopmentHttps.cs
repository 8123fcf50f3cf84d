using Microsoft.AspNetCore.Server.Kestrel.Https;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;
using MioKarte.Web.Infrastructure.ClientCertificates;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// The embedded default serves HTTPS with a certificate from the development CA generated in the
/// data folder on first start (no certificate is committed). Production configures Kestrel's
/// certificate instead (docs/operations.md).
/// </summary>
public static class DevelopmentHttps
{
    public const string ServerCertificateFileName = "portal-https.pfx";

    public static void UseDevelopmentCertificate(this WebApplicationBuilder builder, string dataFolder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        using var ca = DevelopmentCertificateAuthority.LoadOrCreate(Path.Combine(dataFolder, "certs"), TimeProvider.System);
        var certificate = ca.LoadOrIssueServerCertificate(
            ServerCertificateFileName, "localhost", ["localhost", "127.0.0.1", "::1"], TimeProvider.System);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = certificate;
            ApplyPortalTls(https);
        }));
    }

    /// <summary>
    /// <see cref="TlsPolicy"/> (TLS 1.2 minimum, AEAD suites only) for every HTTPS endpoint, in every
    /// environment, and the request for a terminal's client certificate
    /// (<see cref="ClientCertificateRegistration.AskForClientCertificate"/>).
    /// </summary>
    public static void RequireModernTls(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureHttpsDefaults(ApplyPortalTls);
        });
    }

    /// <summary>Kestrel keeps only the last <c>ConfigureHttpsDefaults</c>, so both callers apply the whole policy.</summary>
    private static void ApplyPortalTls(HttpsConnectionAdapterOptions https)
    {
        https.SslProtocols = TlsPolicy.ModernTls;
        https.OnAuthenticate = (_, ssl) => ssl.CipherSuitesPolicy = TlsPolicy.AeadOnly;
        ClientCertificateRegistration.AskForClientCertificate(https);
    }
}
