using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MioKarte.Core.Hosting;
using MioKarte.IntegrationTests.DataCenter;
using MioKarte.IntegrationTests.Terminals;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>
/// Finding F7: TLS 1.2 offered CBC suites (LUCKY13). Each listener is asked by a client that offers
/// only CBC suites, then only AEAD ones, over a real handshake on loopback.
/// </summary>
[Collection(DataCenterCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // a client chooses its suites through OpenSSL only
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5398", Justification = "The protocol version is what each test pins.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5359", Justification = "Only the suites are under test; certificate checks have their own tests.")]
public sealed class TlsCipherSuiteTests(DataCenterFixture center, MutualTlsPortal portal) : IClassFixture<MutualTlsPortal>
{
    /// <summary>The CBC suites testssl found offered before the fix, and their RSA twins.</summary>
    private static readonly TlsCipherSuite[] CbcSuites =
    [
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
    ];

    public static TheoryData<string> Listeners => new() { "portal", "data center" };

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task A_client_offering_only_CBC_suites_is_refused(string listener)
    {
        var (address, certificate) = Target(listener);
        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(address, certificate, SslProtocols.Tls12, CbcSuites));
    }

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task TLS_1_2_negotiates_an_AEAD_suite(string listener)
    {
        var (address, certificate) = Target(listener);
        var suite = await HandshakeAsync(address, certificate, SslProtocols.Tls12, [.. CbcSuites, .. TlsPolicy.AeadSuites]);
        Assert.Contains(suite, TlsPolicy.AeadSuites);
    }

    [Theory]
    [MemberData(nameof(Listeners))]
    public async Task TLS_1_3_still_works(string listener)
    {
        var (address, certificate) = Target(listener);
        var suite = await HandshakeAsync(address, certificate, SslProtocols.Tls13, null);
        Assert.Contains(suite, TlsPolicy.AeadSuites);
    }

    private (Uri Address, X509Certificate2? Certificate) Target(string listener) => listener switch
    {
        "portal" => (portal.BaseAddress, null),
        _ => (center.BaseAddress, center.PortalCertificate),
    };

    /// <summary>Handshakes with the given protocol and suites (null: the platform's), and returns the suite the server chose.</summary>
    private static async Task<TlsCipherSuite> HandshakeAsync(
        Uri address, X509Certificate2? certificate, SslProtocols protocol, IEnumerable<TlsCipherSuite>? offered)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var tls = new SslStream(tcp.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocol,
            CipherSuitesPolicy = offered is null ? null : new CipherSuitesPolicy(offered),
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            ClientCertificates = certificate is null ? null : [certificate],
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await tls.AuthenticateAsClientAsync(options, timeout.Token);
        return tls.NegotiatedCipherSuite;
    }
}
