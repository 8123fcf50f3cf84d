using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using MioKarte.Core.Hosting;

namespace MioKarte.Core.Gateway;

/// <summary>How the gateway tells the data center who is acting (docs/data-center-gateway.md).</summary>
public enum ActingUserAssertionMode
{
    /// <summary>Plain <c>X-Acting-User</c> / <c>X-Acting-Facility</c> headers: for a vendor center that verifies no assertion.</summary>
    Headers,

    /// <summary>A signed JWT per request (<c>Authorization: Bearer</c>), IHE IUA style.</summary>
    Jwt,
}

/// <summary>HL7 v3 ActReason codes the portal asserts as purpose of use.</summary>
public static class PurposesOfUse
{
    public const string System = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    /// <summary>Treatment: every read of a linked patient.</summary>
    public const string Treatment = "TREAT";

    /// <summary>Emergency treatment: the 非常時アクセス search before its break-glass Consent, and the Consent's purpose.</summary>
    public const string Emergency = "ETREAT";
}

/// <summary>
/// The claims of the acting-user assertion, shared by the portal (signs) and the reference center
/// (verifies). Registered claims (<c>iss</c>, <c>sub</c>, <c>aud</c>, <c>exp</c>, <c>iat</c>,
/// <c>jti</c>), the certificate binding of RFC 8705 (<c>cnf.x5t#S256</c>), and IHE IUA's extension
/// object (<c>extensions.ihe_iua</c>) with the facility and the purpose of use.
/// </summary>
public static class AssertionClaims
{
    public const string Confirmation = "cnf";
    public const string CertificateThumbprint = "x5t#S256";
    public const string Extensions = "extensions";
    public const string Iua = "ihe_iua";
    public const string SubjectOrganizationId = "subject_organization_id";
    public const string PurposeOfUse = "purpose_of_use";

    /// <summary>The longest lifetime a center accepts (exp − iat).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);

    /// <summary>base64url(SHA-256(DER)) of a certificate: the <c>x5t#S256</c> confirmation of RFC 8705.</summary>
    public static string Thumbprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Base64UrlEncoder.Encode(SHA256.HashData(certificate.RawData));
    }
}

/// <summary>The EC P-256 keys of assertions: loaded from PEM, or made once for development.</summary>
public static class AssertionKeys
{
    private const string Setting = DataCenterGatewayOptions.SectionName + ":AssertionSigningKeyPath";

    /// <summary>The private key in <paramref name="path"/>, or a <see cref="ConfigurationException"/> naming the setting.</summary>
    public static ECDsa LoadPrivateKey(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ConfigurationException($"{Setting} is missing: ActingUserAssertion=Jwt signs every request with the portal node's EC P-256 key (or set ActingUserAssertion=Headers for a vendor center, docs/security.md).");
        }

        if (!File.Exists(path))
        {
            throw new ConfigurationException($"{Setting} '{path}' does not exist.");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            RequireP256(key, $"{Setting} '{path}'");
            return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ConfigurationException($"{Setting} '{path}' is not a PEM EC P-256 private key.", ex);
        }
    }

    /// <summary>Development only: the key in <paramref name="path"/>, made (owner-only file) when missing.</summary>
    public static ECDsa LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return LoadPrivateKey(path);
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }

        return key;
    }

    /// <summary>The public key as PEM (SubjectPublicKeyInfo): what the center registers for the portal node.</summary>
    public static string PublicKeyPem(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>A public key from PEM, checked to be P-256 (ES256).</summary>
    public static ECDsa LoadPublicKey(string pem, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            RequireP256(key, what);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static void RequireP256(ECDsa key, string what)
    {
        if (key.KeySize != 256)
        {
            throw new CryptographicException($"{what}: ES256 needs a P-256 key, not a {key.KeySize}-bit one.");
        }
    }
}

/// <summary>
/// Signs the acting-user assertion: one JWT per request attempt, valid for
/// <see cref="DataCenterGatewayOptions.AssertionLifetime"/>, bound to the portal node's TLS
/// certificate (<c>cnf.x5t#S256</c>), so a token copied from a log works on no other connection
/// and not for long.
/// </summary>
public sealed class ActingUserAssertionSigner : IDisposable
{
    private readonly ECDsa key;
    private readonly SigningCredentials credentials;
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly DataCenterGatewayOptions options;
    private readonly string certificateThumbprint;
    private readonly TimeProvider time;

    public ActingUserAssertionSigner(IOptions<DataCenterGatewayOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.time = time ?? TimeProvider.System;
        key = AssertionKeys.LoadPrivateKey(this.options.AssertionSigningKeyPath);
        credentials = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256);
        using var certificate = GatewayCertificates.LoadClientCertificate(this.options);
        certificateThumbprint = AssertionClaims.Thumbprint(certificate);
    }

    public string Sign(ActingContext acting)
    {
        ArgumentNullException.ThrowIfNull(acting);
        var now = time.GetUtcNow().UtcDateTime;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.AssertionIssuer,
            Audience = options.AssertionAudience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.AssertionLifetime,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = acting.UserId,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [AssertionClaims.Confirmation] = new Dictionary<string, object> { [AssertionClaims.CertificateThumbprint] = certificateThumbprint },
                [AssertionClaims.Extensions] = new Dictionary<string, object>
                {
                    [AssertionClaims.Iua] = new Dictionary<string, object>
                    {
                        [AssertionClaims.SubjectOrganizationId] = acting.FacilityCode,
                        [AssertionClaims.PurposeOfUse] = new Dictionary<string, object> { ["system"] = PurposesOfUse.System, ["code"] = acting.PurposeOfUse },
                    },
                },
            },
        });
    }

    public void Dispose() => key.Dispose();
}

/// <summary>
/// Puts the acting party on every request to the center, per attempt (it sits inside the
/// resilience pipeline, so a retry carries a fresh assertion with its own <c>jti</c>).
/// </summary>
public sealed class ActingUserAssertionHandler(IOptions<DataCenterGatewayOptions> options, IServiceProvider services) : DelegatingHandler
{
    /// <summary>Where <see cref="DataCenterClient"/> leaves the acting party for this handler.</summary>
    public static readonly HttpRequestOptionsKey<ActingContext> ActingKey = new("MioKarte.ActingContext");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Options.TryGetValue(ActingKey, out var acting))
        {
            request.Headers.Remove(DataCenterClient.RequestIdHeader);
            request.Headers.Add(DataCenterClient.RequestIdHeader, acting.RequestId);
            if (options.Value.ActingUserAssertion == ActingUserAssertionMode.Jwt)
            {
                var signer = services.GetRequiredService<ActingUserAssertionSigner>();
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", signer.Sign(acting));
            }
            else
            {
                // A vendor center that verifies nothing: it takes these on trust (docs/security.md).
                request.Headers.Remove(DataCenterClient.ActingUserHeader);
                request.Headers.Remove(DataCenterClient.ActingFacilityHeader);
                request.Headers.Add(DataCenterClient.ActingUserHeader, acting.UserId);
                request.Headers.Add(DataCenterClient.ActingFacilityHeader, acting.FacilityCode);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
