using System.ComponentModel.DataAnnotations;

namespace MioKarte.Core.Gateway;

/// <summary>Configuration section <c>DataCenterGateway</c>: how the portal reaches the data center.</summary>
public sealed class DataCenterGatewayOptions
{
    public const string SectionName = "DataCenterGateway";

    /// <summary>FHIR base URL of the data center, e.g. https://datacenter.example:8443/fhir/ (https only).</summary>
    [Required]
    public Uri? BaseAddress { get; set; }

    /// <summary>The portal's client certificate as a PKCS#12 file (with its private key).</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>Password of <see cref="ClientCertificatePath"/>; from user secrets or the environment, never committed.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>Alternatively, thumbprint of the client certificate in the CurrentUser\My (or LocalMachine\My) store.</summary>
    public string? ClientCertificateThumbprint { get; set; }

    /// <summary>The network CA (PEM or DER) that must issue the data center's server certificate.</summary>
    [Required]
    public string? CaCertificatePath { get; set; }

    /// <summary>Optional pins: SHA-256 thumbprints (hex) of the accepted server certificates, on top of the CA.</summary>
    public IList<string> PinnedServerCertificateSha256 { get; } = [];

    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one logical request, retries included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of an idempotent GET (POST is never retried).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>Base delay of the exponential back-off with jitter between retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Page size asked with <c>_count</c>; the server may send fewer.</summary>
    [Range(1, 5000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>
    /// A search whose first page reports more than two pages in Bundle.total is read as up to this
    /// many parallel date windows (1 = always page by page). See docs/data-center-gateway.md.
    /// </summary>
    [Range(1, 16)]
    public int MaxParallelWindows { get; set; } = 4;

    /// <summary>Safety stop when following <c>next</c> links.</summary>
    [Range(1, 10000)]
    public int MaxPages { get; set; } = 500;

    /// <summary>Whether to try <c>Patient/{id}/$everything</c> before the per-type searches.</summary>
    public bool UseEverythingOperation { get; set; }

    /// <summary>
    /// Whether the per-type mode counts the patient-compartment types the viewer does not show
    /// (<c>_summary=count</c>, <see cref="PatientCompartment.NotShownTypes"/>), so the record says
    /// they exist. Off only for a server where those searches are costly; the record then says less.
    /// </summary>
    public bool CountNotShownTypes { get; set; } = true;

    /// <summary>
    /// Per resource type, the date search parameter to use instead of the standard R4 one
    /// (e.g. <c>MedicationRequest: date</c> for a server that names every date parameter <c>date</c>).
    /// </summary>
    public IDictionary<string, string> DateSearchParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Check revocation of the server certificate (needs the CA's CRL or OCSP to be reachable).</summary>
    public bool CheckCertificateRevocation { get; set; }

    /// <summary>
    /// How the acting user and facility travel: a short-lived signed assertion (JWT, ES256, IHE IUA
    /// style; the default) or, for a vendor center that verifies none, plain <c>X-Acting-*</c>
    /// headers that the center must take on trust (docs/security.md states the risk).
    /// </summary>
    public ActingUserAssertionMode ActingUserAssertion { get; set; } = ActingUserAssertionMode.Jwt;

    /// <summary>The portal node's assertion signing key: a PEM file with an EC P-256 private key (PKCS#8 or SEC1). Required for Jwt.</summary>
    public string? AssertionSigningKeyPath { get; set; }

    /// <summary>The assertion's <c>iss</c>: the portal node as the center registered it.</summary>
    [Required]
    public string AssertionIssuer { get; set; } = "urn:miokarte:portal-node";

    /// <summary>The assertion's <c>aud</c>: the data center's own identifier.</summary>
    [Required]
    public string AssertionAudience { get; set; } = "urn:miokarte:data-center";

    /// <summary>How long one assertion is valid (one is signed per request attempt); at most five minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:05:00")]
    public TimeSpan AssertionLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether the center enforces consent: when true, linking a patient, withdrawing the link and an
    /// emergency grant register a FHIR Consent at the center, which answers only for consented
    /// patients. False for a vendor center without Consent: the portal alone enforces the links.
    /// </summary>
    public bool CenterEnforcesConsent { get; set; } = true;
}
