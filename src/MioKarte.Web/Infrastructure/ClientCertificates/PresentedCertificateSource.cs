using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace MioKarte.Web.Infrastructure.ClientCertificates;

/// <summary>
/// The client certificate of a request: the one the TLS handshake with Kestrel received, or — only
/// when <see cref="ClientCertificateOptions.ForwardedHeader"/> is configured and the connection comes
/// from one of <see cref="ClientCertificateOptions.TrustedProxies"/> — the one the reverse proxy put
/// in that header. A header from anyone else is ignored.
/// </summary>
public sealed class PresentedCertificateSource(IOptions<ClientCertificateOptions> options, ILogger<PresentedCertificateSource> logger)
{
    /// <summary>A PEM certificate is a few kilobytes; anything longer is not one.</summary>
    private const int MaxHeaderLength = 16 * 1024;

    /// <summary>The certificate, owned by the connection or the request: callers must not dispose it.</summary>
    public async Task<X509Certificate2?> GetAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value;
        if (settings.IsForwardingConfigured && settings.IsTrustedProxy(ForwardedClientAddress.PeerOf(context)))
        {
            var forwarded = FromHeader(context.Request.Headers[settings.ForwardedHeader!].ToString());
            if (forwarded is not null)
            {
                context.Response.RegisterForDispose(forwarded);
            }

            return forwarded;
        }

        return context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
    }

    private X509Certificate2? FromHeader(string value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxHeaderLength)
        {
            return null;
        }

        try
        {
            var text = Uri.UnescapeDataString(value.Trim());
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                return X509Certificate2.CreateFromPem(text);
            }

            return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            logger.LogWarning("The forwarded client certificate header could not be read as a certificate");
            return null;
        }
    }
}
