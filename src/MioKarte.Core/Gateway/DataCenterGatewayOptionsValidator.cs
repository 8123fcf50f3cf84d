using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

using Microsoft.Extensions.Options;
using MioKarte.Core.Hosting;

namespace MioKarte.Core.Gateway;

/// <summary>
/// Checks what data annotations cannot: that the URL is https, that the certificate files exist
/// and open, so that a wrong path or password stops the app at start-up with a message naming it.
/// </summary>
public sealed class DataCenterGatewayOptionsValidator : IValidateOptions<DataCenterGatewayOptions>
{
    private const string Section = DataCenterGatewayOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DataCenterGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.BaseAddress is null)
        {
            failures.Add($"{Section}:BaseAddress is missing: set the data center's FHIR base URL (https://…/).");
        }
        else if (!options.BaseAddress.IsAbsoluteUri || options.BaseAddress.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{Section}:BaseAddress '{options.BaseAddress}' must be an absolute https:// URL: the data center is reached over mutual TLS only.");
        }

        var hasPath = !string.IsNullOrWhiteSpace(options.ClientCertificatePath);
        var hasThumbprint = !string.IsNullOrWhiteSpace(options.ClientCertificateThumbprint);
        if (hasPath == hasThumbprint)
        {
            failures.Add($"{Section}: set exactly one of ClientCertificatePath (a .pfx file) or ClientCertificateThumbprint (certificate store).");
        }
        else
        {
            try
            {
                using var client = GatewayCertificates.LoadClientCertificate(options);
            }
            catch (ConfigurationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        if (options.ActingUserAssertion == ActingUserAssertionMode.Jwt)
        {
            try
            {
                using var key = AssertionKeys.LoadPrivateKey(options.AssertionSigningKeyPath);
            }
            catch (ConfigurationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        if (string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            failures.Add($"{Section}:CaCertificatePath is missing: set the network CA certificate that issues the data center's certificate.");
        }
        else
        {
            try
            {
                using var ca = GatewayCertificates.LoadCaCertificate(options);
            }
            catch (ConfigurationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        foreach (var pin in options.PinnedServerCertificateSha256)
        {
            if (pin.Length != 64 || !pin.All(Uri.IsHexDigit))
            {
                failures.Add($"{Section}:PinnedServerCertificateSha256 '{pin}' is not a SHA-256 thumbprint (64 hex digits).");
            }
        }

        foreach (var (type, parameter) in options.DateSearchParameters)
        {
            if (parameter.Length == 0 || !parameter.All(c => char.IsAsciiLetterLower(c) || c == '-' || c == '_'))
            {
                failures.Add($"{Section}:DateSearchParameters:{type} '{parameter}' is not a search parameter name.");
            }
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add($"{Section}:TotalTimeout ({options.TotalTimeout}) must not be shorter than AttemptTimeout ({options.AttemptTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Loads the gateway's certificates from the configured files or store.</summary>
public static class GatewayCertificates
{
    private const string Section = DataCenterGatewayOptions.SectionName;

    public static X509Certificate2 LoadClientCertificate(DataCenterGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ClientCertificatePath))
        {
            var path = options.ClientCertificatePath;
            if (!File.Exists(path))
            {
                throw new ConfigurationException(
                    $"{Section}:ClientCertificatePath '{path}' does not exist: the portal's client certificate (.pfx) is needed to reach the data center.");
            }

            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.ClientCertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            }
            catch (CryptographicException ex)
            {
                throw new ConfigurationException(
                    $"{Section}:ClientCertificatePath '{path}' cannot be opened: wrong ClientCertificatePassword or not a PKCS#12 file.", ex);
            }

            return RequireUsableClientCertificate(certificate, $"'{path}'");
        }

        var thumbprint = options.ClientCertificateThumbprint!.Replace(" ", string.Empty, StringComparison.Ordinal);
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            try
            {
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            }
            catch (CryptographicException)
            {
                continue; // the store does not exist on this machine (e.g. LocalMachine on Linux)
            }

            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            if (found.Count > 0)
            {
                return RequireUsableClientCertificate(found[0], $"with thumbprint {thumbprint} in {location}\\My");
            }
        }

        throw new ConfigurationException(
            $"{Section}:ClientCertificateThumbprint {thumbprint} was not found in the CurrentUser\\My or LocalMachine\\My certificate store.");
    }

    public static X509Certificate2 LoadCaCertificate(DataCenterGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.CaCertificatePath!;
        if (!File.Exists(path))
        {
            throw new ConfigurationException(
                $"{Section}:CaCertificatePath '{path}' does not exist: the network CA is needed to trust the data center.");
        }

        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException ex)
        {
            throw new ConfigurationException(
                $"{Section}:CaCertificatePath '{path}' is not a certificate (PEM or DER expected).", ex);
        }
    }

    private static X509Certificate2 RequireUsableClientCertificate(X509Certificate2 certificate, string where)
    {
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ConfigurationException($"{Section}: the client certificate {where} has no private key.");
        }

        if (certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow)
        {
            var notAfter = certificate.NotAfter.ToUniversalTime();
            certificate.Dispose();
            throw new ConfigurationException($"{Section}: the client certificate {where} expired on {notAfter:yyyy-MM-dd}.");
        }

        return certificate;
    }
}
