using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;

using Microsoft.Extensions.Options;

namespace MioKarte.DataCenter;

/// <summary>Who a node is: the portal (reads for its users) or a disclosing facility (loads its data, reads its audit trail).</summary>
public enum NodeRole
{
    PortalNode,
    DisclosingFacility,
}

/// <summary>
/// A registered network node. A client certificate that chains to the network CA is accepted only
/// when it matches one registration, by SHA-256 or SHA-1 thumbprint, or by subject CN.
/// </summary>
public sealed class RegisteredNode
{
    public string? Thumbprint { get; set; }

    public string? SubjectCommonName { get; set; }

    public NodeRole Role { get; set; }

    /// <summary>For a disclosing facility: its 10-digit 保険医療機関番号.</summary>
    public string? FacilityCode { get; set; }

    /// <summary>
    /// For a portal node: the public key (PEM, EC P-256) that signs its acting-user assertions.
    /// When set, the node's requests must carry a valid assertion; its X-Acting-* headers are ignored.
    /// </summary>
    public string? AssertionPublicKeyPem { get; set; }

    /// <summary>For a portal node: the <c>iss</c> its assertions must carry (any when empty: the key already names the node).</summary>
    public string? AssertionIssuer { get; set; }
}

/// <summary>A disclosing facility (開示施設) and its disclosure policy.</summary>
public sealed class DisclosingFacilityOptions
{
    /// <summary>10-digit 保険医療機関番号: 2-digit prefecture, 1-digit 点数表, 7-digit code.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Disclosure categories this facility does not share (see Fhir.DisclosureCategories).</summary>
    public List<string> WithheldCategories { get; set; } = [];
}

/// <summary>Everything the center needs to start. Validated before Kestrel binds (see <see cref="DataCenterOptionsValidator"/>).</summary>
public sealed class DataCenterOptions
{
    public const string SectionName = "DataCenter";

    /// <summary>Folder for the SQLite database and the rendered-image cache.</summary>
    public string DataFolder { get; set; } = "";

    /// <summary>Listen address; loopback by default so an embedded center is never exposed.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>TLS port; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 5443;

    /// <summary>The server's TLS certificate, with its private key.</summary>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>The network CA every client certificate must chain to (custom root trust, not the OS store).</summary>
    public X509Certificate2? NetworkCaCertificate { get; set; }

    public List<RegisteredNode> Nodes { get; set; } = [];

    public List<DisclosingFacilityOptions> Facilities { get; set; } = [];

    /// <summary>Loads the demo data set when the database is empty.</summary>
    public bool SeedDemoData { get; set; }

    public int DefaultPageSize { get; set; } = 50;

    public int MaxPageSize { get; set; } = 5000;

    /// <summary>
    /// Largest request body a facility may POST (bytes): a bigger one is answered 413 before it is
    /// read whole, so one facility cannot exhaust the center's memory. Split a large export into Bundles.
    /// </summary>
    public long MaxIngestBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Most entries one posted Bundle may hold (a document's own entries included); more is answered 413.</summary>
    public int MaxIngestEntries { get; set; } = 10_000;

    /// <summary>
    /// A portal node reads only patients with an active Consent of the acting facility (search
    /// results filtered, direct reads 403). False only for tests of search semantics.
    /// </summary>
    public bool EnforceConsent { get; set; } = true;

    /// <summary>
    /// Every portal node must have an assertion key and sign who acts. False lets a portal node
    /// without a key assert the user in X-Acting-* headers (taken on trust; development of old clients only).
    /// </summary>
    public bool RequireSignedAssertions { get; set; } = true;

    /// <summary>The <c>aud</c> an acting-user assertion must carry: this center's identifier.</summary>
    public string AssertionAudience { get; set; } = "urn:miokarte:data-center";

    public string DatabasePath => Path.Combine(DataFolder, "datacenter.db");
}

/// <summary>Refuses to start with a configuration that would serve without mutual TLS or mislabel data.</summary>
public sealed class DataCenterOptionsValidator : IValidateOptions<DataCenterOptions>
{
    public ValidateOptionsResult Validate(string? name, DataCenterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataFolder))
        {
            failures.Add("DataCenter:DataFolder is required.");
        }

        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"DataCenter:ListenAddress '{options.ListenAddress}' is not an IP address.");
        }

        if (options.Port is < 0 or > 65535)
        {
            failures.Add("DataCenter:Port must be 0-65535.");
        }

        if (options.ServerCertificate is null || !options.ServerCertificate.HasPrivateKey)
        {
            failures.Add("A server certificate with its private key is required (the center serves TLS only).");
        }

        if (options.NetworkCaCertificate is null)
        {
            failures.Add("The network CA certificate is required (client certificates are checked against it).");
        }

        if (options.DefaultPageSize < 1 || options.MaxPageSize < options.DefaultPageSize)
        {
            failures.Add("Page sizes must satisfy 1 <= DefaultPageSize <= MaxPageSize.");
        }

        if (options.MaxIngestBytes is < 64 * 1024 or > 512L * 1024 * 1024)
        {
            failures.Add("DataCenter:MaxIngestBytes must be 64 KB to 512 MB.");
        }

        if (options.MaxIngestEntries is < 1 or > 1_000_000)
        {
            failures.Add("DataCenter:MaxIngestEntries must be 1 to 1,000,000.");
        }

        foreach (var facility in options.Facilities)
        {
            if (!FacilityCodes.IsValid(facility.Code))
            {
                failures.Add($"Facility code '{facility.Code}' is not a 10-digit 保険医療機関番号.");
            }

            foreach (var category in facility.WithheldCategories.Where(c => !Fhir.DisclosureCategories.All.Contains(c)))
            {
                failures.Add($"Facility {facility.Code}: unknown withheld category '{category}'.");
            }
        }

        for (var i = 0; i < options.Nodes.Count; i++)
        {
            var node = options.Nodes[i];
            if (string.IsNullOrWhiteSpace(node.Thumbprint) && string.IsNullOrWhiteSpace(node.SubjectCommonName))
            {
                failures.Add($"Node {i}: a thumbprint or a subject CN is required.");
            }

            if (node.Role == NodeRole.PortalNode && string.IsNullOrWhiteSpace(node.AssertionPublicKeyPem) && options.RequireSignedAssertions)
            {
                failures.Add($"Node {i}: a portal node needs AssertionPublicKeyPem (its EC P-256 public key) while RequireSignedAssertions is on.");
            }

            if (!string.IsNullOrWhiteSpace(node.AssertionPublicKeyPem))
            {
                try
                {
                    using var key = Core.Gateway.AssertionKeys.LoadPublicKey(node.AssertionPublicKeyPem, $"Node {i}");
                }
                catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException)
                {
                    failures.Add($"Node {i}: AssertionPublicKeyPem is not a PEM EC P-256 public key ({e.Message}).");
                }
            }

            if (node.Role == NodeRole.DisclosingFacility
                && !options.Facilities.Any(f => string.Equals(f.Code, node.FacilityCode, StringComparison.Ordinal)))
            {
                failures.Add($"Node {i}: a disclosing facility node needs the code of a configured facility.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// 保険医療機関番号: 10 digits, the first two a prefecture (01–47). The patient-ID system derived
/// from it is <see cref="Core.Gateway.JpCore.PatientIdSystem"/>, shared with the portal's gateway.
/// </summary>
public static class FacilityCodes
{
    public static bool IsValid(string? code) =>
        code is { Length: 10 } && code.All(char.IsAsciiDigit)
        && int.Parse(code.AsSpan(0, 2), CultureInfo.InvariantCulture) is >= 1 and <= 47;
}
