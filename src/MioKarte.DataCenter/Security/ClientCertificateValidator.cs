using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MioKarte.DataCenter.Security;

/// <summary>The authenticated caller: which registration its certificate matched.</summary>
public sealed record NodeIdentity(NodeRole Role, string? FacilityCode, string Subject, string Thumbprint)
{
    /// <summary>The registration matched (its assertion key, for a portal node).</summary>
    public RegisteredNode? Registration { get; init; }

    /// <summary>base64url SHA-256 of the certificate: what an assertion's <c>cnf.x5t#S256</c> must name.</summary>
    public string CertificateBinding { get; init; } = "";
}

/// <summary>
/// Decides whether a client certificate may talk to the center: it must chain to the configured
/// network CA (custom root trust: the OS store is not consulted, so no public CA can vouch for a
/// node), be within its validity period, allow client authentication, and be registered.
/// </summary>
public sealed class ClientCertificateValidator(DataCenterOptions options, TimeProvider time)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>Chain and validity only (used during the TLS handshake).</summary>
    public bool ChainsToNetworkCa(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var ca = options.NetworkCaCertificate;
        if (ca is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        // The development CA publishes no CRL; production checks revocation (docs/data-center.md).
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (!chain.Build(certificate))
        {
            return false;
        }

        var root = chain.ChainElements[^1].Certificate;
        return string.Equals(root.Thumbprint, ca.Thumbprint, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The registration matching a trusted certificate, or null (the request then gets 403).</summary>
    public NodeIdentity? Identify(X509Certificate2? certificate)
    {
        if (certificate is null || !ChainsToNetworkCa(certificate))
        {
            return null;
        }

        var sha256 = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var sha1 = certificate.Thumbprint;
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, false);
        foreach (var node in options.Nodes)
        {
            var byThumbprint = node.Thumbprint is { Length: > 0 } t
                && (string.Equals(t, sha256, StringComparison.OrdinalIgnoreCase) || string.Equals(t, sha1, StringComparison.OrdinalIgnoreCase));
            var byName = node.SubjectCommonName is { Length: > 0 } cn && string.Equals(cn, commonName, StringComparison.Ordinal);
            if (byThumbprint || byName)
            {
                return new NodeIdentity(node.Role, node.FacilityCode, certificate.Subject, sha256)
                {
                    Registration = node,
                    CertificateBinding = Core.Gateway.AssertionClaims.Thumbprint(certificate),
                };
            }
        }

        return null;
    }
}
