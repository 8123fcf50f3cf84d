using System.Net.Security;
using System.Security.Authentication;

namespace MioKarte.Core.Hosting;

/// <summary>
/// The one TLS policy of every listener and client of the network (the portal, the data center and
/// the gateway): TLS 1.2 and 1.3 only, and on TLS 1.2 only AEAD cipher suites with forward secrecy.
/// CBC suites (e.g. ECDHE-ECDSA-AES256-SHA384) are refused: they are the ones LUCKY13-style padding
/// oracles attack, and every client the network supports (Edge, Chrome, Safari on iPad) speaks GCM.
/// </summary>
public static class TlsPolicy
{
#pragma warning disable CA5398 // Deliberate: TLS 1.2 is the floor whatever the OS's OpenSSL configuration allows.
    /// <summary>TLS 1.2 and 1.3 only (MHLW guideline 6.0; no SSL 3, TLS 1.0 or 1.1).</summary>
    public static readonly SslProtocols ModernTls = SslProtocols.Tls12 | SslProtocols.Tls13;
#pragma warning restore CA5398

    /// <summary>The suites offered, strongest first: TLS 1.3's three, then TLS 1.2's ECDHE with GCM or ChaCha20-Poly1305.</summary>
    public static readonly IReadOnlyList<TlsCipherSuite> AeadSuites =
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>
    /// The AEAD-only policy where the platform lets an application choose suites (Linux and macOS,
    /// through OpenSSL); null on Windows, where Schannel's suites are set by the OS policy
    /// (docs/operations.md says how to restrict them there).
    /// </summary>
    public static CipherSuitesPolicy? AeadOnly { get; } =
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? new CipherSuitesPolicy(AeadSuites) : null;
}
