using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MioKarte.Core.Hosting;

namespace MioKarte.Core.Gateway;

/// <summary>
/// The gateway's TLS material and policy: the portal's client certificate, the network CA as the
/// only trust anchor for the data center (custom root trust, optional pins), TLS 1.2+ only.
/// One instance per application: certificates are loaded once and shared by every handler.
/// </summary>
public sealed class GatewayTls : IDisposable
{
    private readonly X509Certificate2 clientCertificate;
    private readonly X509Certificate2 caCertificate;
    private readonly HashSet<string> pins;
    private readonly bool checkRevocation;
    private volatile string? lastServerCertificateFailure;

    public GatewayTls(DataCenterGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        clientCertificate = GatewayCertificates.LoadClientCertificate(options);
        caCertificate = GatewayCertificates.LoadCaCertificate(options);
        pins = new HashSet<string>(options.PinnedServerCertificateSha256, StringComparer.OrdinalIgnoreCase);
        checkRevocation = options.CheckCertificateRevocation;
    }

    /// <summary>Why the last server certificate was refused, to name it in the error (no patient data).</summary>
    public string? LastServerCertificateFailure => lastServerCertificateFailure;

    /// <summary>A handler that presents the portal's certificate and trusts the network CA only.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        // Connections are recycled so that DNS or certificate changes on the center side are seen.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Brotli,
        // Several facilities are fetched in parallel over the same data center.
        MaxConnectionsPerServer = 16,
        SslOptions = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = TlsPolicy.ModernTls,
            CipherSuitesPolicy = TlsPolicy.AeadOnly,
            ClientCertificates = [clientCertificate],
            LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate,
            CertificateRevocationCheckMode = checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => ValidateServerCertificate(certificate, errors),
        },
    };

    /// <summary>
    /// Accepts the server only if its certificate chains to the configured network CA (not the
    /// machine's trust store), matches the host name, and matches a pin when pins are configured.
    /// </summary>
    public bool ValidateServerCertificate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Fail("the data center sent no server certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Fail("the server certificate does not match the data center's host name");
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(caCertificate);
        chain.ChainPolicy.RevocationMode = checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // server authentication
        if (!chain.Build(leaf))
        {
            var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
            return Fail($"the server certificate does not chain to the network CA ({status})");
        }

        if (pins.Count > 0 && !pins.Contains(Convert.ToHexString(SHA256.HashData(leaf.RawData))))
        {
            return Fail("the server certificate is not one of the pinned data center certificates");
        }

        return true;
    }

    private bool Fail(string reason)
    {
        lastServerCertificateFailure = reason;
        return false;
    }

    public void Dispose()
    {
        clientCertificate.Dispose();
        caCertificate.Dispose();
    }
}
