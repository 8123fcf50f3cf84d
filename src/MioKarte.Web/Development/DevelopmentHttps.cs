using MioKarte.Core.Pki;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Development;

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
            PortalTls.Apply(https);
        }));
    }
}
