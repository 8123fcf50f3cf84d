using System.Security.Authentication;
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

#pragma warning disable CA5398 // Deliberate: TLS 1.2 is the floor whatever the OS's OpenSSL configuration allows.
    /// <summary>TLS 1.2 and 1.3 only (MHLW guideline; no SSL 3, TLS 1.0 or 1.1).</summary>
    public static readonly SslProtocols ModernTls = SslProtocols.Tls12 | SslProtocols.Tls13;
#pragma warning restore CA5398

    public static void UseDevelopmentCertificate(this WebApplicationBuilder builder, string dataFolder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        using var ca = DevelopmentCertificateAuthority.LoadOrCreate(Path.Combine(dataFolder, "certs"), TimeProvider.System);
        var certificate = ca.LoadOrIssueServerCertificate(
            ServerCertificateFileName, "localhost", ["localhost", "127.0.0.1", "::1"], TimeProvider.System);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = certificate;
            https.SslProtocols = ModernTls;
            ClientCertificateRegistration.AskForClientCertificate(https);
        }));
    }

    /// <summary>
    /// TLS 1.2 minimum for every HTTPS endpoint, in every environment, and the request for a terminal's
    /// client certificate (<see cref="ClientCertificateRegistration.AskForClientCertificate"/>).
    /// </summary>
    public static void RequireModernTls(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.SslProtocols = ModernTls;
                ClientCertificateRegistration.AskForClientCertificate(https);
            });
        });
    }
}
