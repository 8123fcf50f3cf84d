using System.Net;
using Microsoft.Extensions.Options;

namespace MioKarte.Web.Infrastructure.ClientCertificates;

/// <summary>
/// The <c>ClientCertificates</c> section: whether the clinical (/patients) and facility
/// administration (/facility) pages demand a terminal certificate, and whether a reverse proxy in
/// front of the portal forwards the client certificate in a header (docs/terminals-and-client-certificates.md).
/// </summary>
public sealed class ClientCertificateOptions
{
    public const string SectionName = "ClientCertificates";

    /// <summary><see cref="ClientCertificateRequirement.Required"/> unless a Development or test setting relaxes it.</summary>
    public ClientCertificateRequirement Mode { get; set; } = ClientCertificateRequirement.Required;

    /// <summary>
    /// The header a TLS-terminating reverse proxy puts the client certificate in (e.g.
    /// <c>X-Client-Cert</c>: URL-encoded PEM, PEM or base64 DER). Empty (the default): no forwarding.
    /// </summary>
    public string? ForwardedHeader { get; set; }

    /// <summary>The proxies' addresses: the header is read only on connections from these.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    public bool IsForwardingConfigured => !string.IsNullOrWhiteSpace(ForwardedHeader);

    public bool IsTrustedProxy(IPAddress? address) =>
        address is not null && TrustedProxies.Any(p => IPAddress.TryParse(p, out var proxy) && Same(proxy, address));

    private static bool Same(IPAddress a, IPAddress b) =>
        (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b);
}

public enum ClientCertificateRequirement
{
    /// <summary>A valid terminal certificate of the user's own facility is required (production).</summary>
    Required,

    /// <summary>
    /// A certificate is not required; a valid one that comes is recorded as the terminal. Only for
    /// the embedded Development default and tests; refused in every other environment.
    /// </summary>
    Relaxed,
}

/// <summary>Refuses Relaxed outside Development and tests, and a forwarding header without trusted proxies.</summary>
public sealed class ClientCertificateOptionsValidator(IHostEnvironment environment) : IValidateOptions<ClientCertificateOptions>
{
    /// <summary>The environment of the integration tests (PortalFactory).</summary>
    public const string TestingEnvironment = "Testing";

    private const string Section = ClientCertificateOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ClientCertificateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{Section}:Mode must be Required or Relaxed.");
        }
        else if (options.Mode == ClientCertificateRequirement.Relaxed &&
                 !environment.IsDevelopment() && !environment.IsEnvironment(TestingEnvironment))
        {
            failures.Add($"{Section}:Mode=Relaxed is allowed only in Development: in {environment.EnvironmentName} the clinical and " +
                         "facility administration pages must require a terminal certificate. Remove the setting (Required is the default).");
        }

        if (options.IsForwardingConfigured)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(options.ForwardedHeader!, "^[A-Za-z0-9-]{1,64}$"))
            {
                failures.Add($"{Section}:ForwardedHeader must be a header name (letters, digits, hyphens), e.g. X-Client-Cert.");
            }

            if (options.TrustedProxies.Count == 0)
            {
                failures.Add($"{Section}:TrustedProxies must list the reverse proxy's address(es) when {Section}:ForwardedHeader is set: " +
                             "the header is believed only from them.");
            }
        }

        failures.AddRange(options.TrustedProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"{Section}:TrustedProxies: '{p}' is not an IP address."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
