using Microsoft.Extensions.Options;
using MioKarte.Core.Hosting;

namespace MioKarte.Core.Pki;

/// <summary>
/// Checks the <c>NetworkCa</c> section at start-up: one source of the CA, a lifetime of at most two
/// years and a public address for the CRL. Every message names the key. The CA file itself is
/// opened once, by <see cref="NetworkCaKeys.Load"/> when the portal starts (<c>NetworkCaStartup</c>),
/// which stops the start with a <see cref="ConfigurationException"/> naming the key.
/// </summary>
public sealed class NetworkCaOptionsValidator : IValidateOptions<NetworkCaOptions>
{
    private const string Section = NetworkCaOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, NetworkCaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var hasPath = !string.IsNullOrWhiteSpace(options.CertificatePath);
        if (hasPath && options.Generate)
        {
            failures.Add($"{Section}: set either CertificatePath (the CA's PKCS#12 file) or Generate=true, not both.");
        }
        else if (!hasPath && !options.Generate)
        {
            failures.Add($"{Section}: no certificate authority is configured. Set {Section}:CertificatePath and " +
                         $"{Section}:CertificatePassword to the network CA's PKCS#12 file, or {Section}:Generate=true " +
                         "to generate a CA in the data folder on first start (docs/network-ca.md).");
        }

        if (!Enum.IsDefined(options.KeyAlgorithm))
        {
            failures.Add($"{Section}:KeyAlgorithm must be EcdsaP256 or Rsa2048.");
        }

        if (options.CertificateLifetime < TimeSpan.FromDays(1) || options.CertificateLifetime > NetworkCaOptions.MaxCertificateLifetime)
        {
            failures.Add($"{Section}:CertificateLifetime ({options.CertificateLifetime}) must be between 1 day and 730 days: " +
                         "a terminal certificate lives at most two years.");
        }

        if (options.CrlLifetime < TimeSpan.FromDays(2) || options.CrlLifetime > TimeSpan.FromDays(30))
        {
            failures.Add($"{Section}:CrlLifetime ({options.CrlLifetime}) must be between 2 and 30 days: the CRL is republished daily and on every revocation.");
        }

        if (options.PublicBaseUrl is null)
        {
            failures.Add($"{Section}:PublicBaseUrl is missing: set the portal's public address (e.g. https://portal.example.jp/); " +
                         "issued certificates name {PublicBaseUrl}pki/crl as their CRL distribution point.");
        }
        else if (!options.PublicBaseUrl.IsAbsoluteUri ||
                 (options.PublicBaseUrl.Scheme != Uri.UriSchemeHttps && options.PublicBaseUrl.Scheme != Uri.UriSchemeHttp) ||
                 !string.IsNullOrEmpty(options.PublicBaseUrl.Query) || !string.IsNullOrEmpty(options.PublicBaseUrl.Fragment))
        {
            failures.Add($"{Section}:PublicBaseUrl '{options.PublicBaseUrl}' must be an absolute http:// or https:// address without query or fragment.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
