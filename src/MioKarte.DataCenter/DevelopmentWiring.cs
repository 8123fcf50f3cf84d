using MioKarte.Core.Pki;

namespace MioKarte.DataCenter;

/// <summary>
/// Development-only certificates from <see cref="DevelopmentCertificateAuthority"/>: the center's
/// server certificate, a portal-node client certificate (<c>portal-node.pfx</c>) and one client
/// certificate per disclosing facility, each registered by thumbprint. Production registers the
/// network's real certificates instead (docs/data-center.md).
/// </summary>
public static class DevelopmentWiring
{
    public const string ServerCertificateFileName = "datacenter-https.pfx";
    public const string PortalNodeFileName = "portal-node.pfx";

    /// <summary>The portal node's assertion signing key (PKCS#8 PEM, owner-only); its public half is registered with the node.</summary>
    public const string PortalAssertionKeyFileName = "portal-node-assertion.pem";

    /// <summary>Fills in <paramref name="options"/>' certificates and nodes; returns the path of the CA's public certificate (what a client trusts).</summary>
    public static string Apply(DataCenterOptions options, string certificateFolder, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var ca = DevelopmentCertificateAuthority.LoadOrCreate(certificateFolder, time);
        options.NetworkCaCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(ca.Certificate.RawData);
        options.ServerCertificate = ca.LoadOrIssueServerCertificate(
            ServerCertificateFileName, "localhost", ["localhost", "127.0.0.1", "::1"], time);
        var portal = ca.LoadOrIssueClientCertificate(PortalNodeFileName, "CN=MIO Karte portal node, O=MIO Karte (development only)", time);
        using var assertionKey = Core.Gateway.AssertionKeys.LoadOrCreate(Path.Combine(certificateFolder, PortalAssertionKeyFileName));
        options.Nodes.Add(new RegisteredNode
        {
            Thumbprint = portal.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256),
            Role = NodeRole.PortalNode,
            AssertionPublicKeyPem = Core.Gateway.AssertionKeys.PublicKeyPem(assertionKey),
        });
        foreach (var facility in options.Facilities)
        {
            var certificate = ca.LoadOrIssueClientCertificate(
                $"facility-{facility.Code}.pfx", $"CN=Disclosing facility {facility.Code}, O=MIO Karte (development only)", time);
            options.Nodes.Add(new RegisteredNode
            {
                Thumbprint = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256),
                Role = NodeRole.DisclosingFacility,
                FacilityCode = facility.Code,
            });
        }

        return ca.PublicCertificatePath;
    }
}
