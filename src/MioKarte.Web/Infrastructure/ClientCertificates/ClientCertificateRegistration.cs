using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace MioKarte.Web.Infrastructure.ClientCertificates;

public static class ClientCertificateRegistration
{
    /// <summary>
    /// Kestrel asks every HTTPS client for a certificate during the handshake
    /// (<see cref="ClientCertificateMode.AllowCertificate"/>) and
    /// accepts any answer, including none: the TLS layer never refuses, so public pages and sign-up
    /// work without a certificate and a wrong certificate gets a Japanese page instead of a broken
    /// connection. The gate (<see cref="ClientCertificateGate"/>) judges it for the pages that need one.
    /// DelayCertificate (asking later, by renegotiation) is not used: browsers do not support TLS 1.3
    /// post-handshake authentication and HTTP/2 forbids renegotiation (docs/terminals-and-client-certificates.md).
    /// </summary>
    public static void AddClientCertificateGate(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ClientCertificateOptions>().BindConfiguration(ClientCertificateOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ClientCertificateOptions>, ClientCertificateOptionsValidator>();
        builder.Services.AddSingleton<PresentedCertificateSource>();
        builder.Services.AddSingleton<TerminalLastUse>();
    }

    /// <summary>
    /// Part of every HTTPS endpoint's defaults (<see cref="PortalTls"/>: Kestrel keeps only the
    /// last <c>ConfigureHttpsDefaults</c>, so all TLS defaults are set in one place).
    /// </summary>
    public static void AskForClientCertificate(HttpsConnectionAdapterOptions https)
    {
        ArgumentNullException.ThrowIfNull(https);
        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
        // Chain, dates and revocation are judged per request against the network CA, not by the OS trust store.
        https.AllowAnyClientCertificate();
    }
}
