using Microsoft.AspNetCore.Server.Kestrel.Https;
using MioKarte.Core.Hosting;
using MioKarte.Web.Infrastructure.ClientCertificates;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// The TLS policy of every HTTPS endpoint, in every environment. Production configures Kestrel's
/// certificate (docs/operations.md); the embedded default's certificate comes from
/// <c>Development/DevelopmentHttps</c>, which applies the same policy.
/// </summary>
public static class PortalTls
{
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
            kestrel.ConfigureHttpsDefaults(Apply);
        });
    }

    /// <summary>Kestrel keeps only the last <c>ConfigureHttpsDefaults</c>, so every caller applies the whole policy.</summary>
    internal static void Apply(HttpsConnectionAdapterOptions https)
    {
        ArgumentNullException.ThrowIfNull(https);
        https.SslProtocols = TlsPolicy.ModernTls;
        https.OnAuthenticate = (_, ssl) => ssl.CipherSuitesPolicy = TlsPolicy.AeadOnly;
        ClientCertificateRegistration.AskForClientCertificate(https);
    }
}
