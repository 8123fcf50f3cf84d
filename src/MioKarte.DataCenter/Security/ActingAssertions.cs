using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;

using Hl7.Fhir.Model;

using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using MioKarte.Core.Gateway;
using MioKarte.DataCenter.Audit;
using MioKarte.DataCenter.Fhir;

namespace MioKarte.DataCenter.Security;

/// <summary>
/// Verifies a portal node's acting-user assertion (IHE IUA style JWT): ES256 signature by the key
/// registered for the node whose certificate made the TLS connection, <c>aud</c> this center,
/// <c>iss</c> the node's (when registered), a lifetime of at most five minutes that has not ended,
/// a <c>jti</c> not seen before, and <c>cnf.x5t#S256</c> equal to the connection's certificate.
/// </summary>
public sealed class ActingAssertionVerifier(DataCenterOptions options, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
    private readonly JsonWebTokenHandler handler = new();
    private readonly ConcurrentDictionary<string, ECDsaSecurityKey> keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> seen = new(StringComparer.Ordinal);
    private long nextSweep;

    /// <summary>The verified party, or the reason the assertion is refused (no token data in it).</summary>
    public async Task<(ActingParty? Party, string? Refusal)> VerifyAsync(string token, NodeIdentity node, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Registration?.AssertionPublicKeyPem is not { Length: > 0 } pem)
        {
            return (null, "This node has no assertion key registered.");
        }

        var key = keys.GetOrAdd(pem, p => new ECDsaSecurityKey(AssertionKeys.LoadPublicKey(p, "registered node")));
        var now = time.GetUtcNow();
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            RequireSignedTokens = true,
            ValidAudience = options.AssertionAudience,
            ValidateIssuer = node.Registration.AssertionIssuer is { Length: > 0 },
            ValidIssuer = node.Registration.AssertionIssuer,
            // Against the center's clock (TimeProvider); the bound on its length is checked below.
            ValidateLifetime = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } e && new DateTimeOffset(e, TimeSpan.Zero) + ClockSkew > now
                && (notBefore is not { } n || new DateTimeOffset(n, TimeSpan.Zero) - ClockSkew <= now),
            RequireExpirationTime = true,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return (null, "The assertion's signature, audience, issuer or lifetime is not valid.");
        }

        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var exp) || !jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var iat))
        {
            return (null, "The assertion needs exp and iat.");
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        var issued = DateTimeOffset.FromUnixTimeSeconds(iat);
        if (expires + ClockSkew <= now || issued - ClockSkew > now)
        {
            return (null, "The assertion has expired (or is not yet valid).");
        }

        if (expires - issued > AssertionClaims.MaxLifetime)
        {
            return (null, "The assertion is valid for longer than five minutes.");
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload));
        var root = payload.RootElement;
        var binding = Text(root, AssertionClaims.Confirmation, AssertionClaims.CertificateThumbprint);
        if (binding is null || !CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(binding), System.Text.Encoding.ASCII.GetBytes(node.CertificateBinding)))
        {
            return (null, "The assertion is not bound to this connection's client certificate (cnf.x5t#S256).");
        }

        var user = ActingParty.Clean(Text(root, JwtRegisteredClaimNames.Sub));
        var facility = ActingParty.Clean(Text(root, AssertionClaims.Extensions, AssertionClaims.Iua, AssertionClaims.SubjectOrganizationId));
        var purpose = ActingParty.Clean(Text(root, AssertionClaims.Extensions, AssertionClaims.Iua, AssertionClaims.PurposeOfUse, "code"));
        var jti = ActingParty.Clean(Text(root, JwtRegisteredClaimNames.Jti));
        if (user is null || facility is null || purpose is null || jti is null)
        {
            return (null, "The assertion needs sub, jti, and the facility and purpose of use (extensions.ihe_iua).");
        }

        if (!seen.TryAdd(node.Thumbprint + "|" + jti, (expires + ClockSkew).ToUnixTimeMilliseconds()))
        {
            return (null, "The assertion was used before (jti replayed).");
        }

        Sweep(now);
        return (new ActingParty(user, facility, requestId) { PurposeOfUse = purpose, AssertionId = jti, Verified = true }, null);
    }

    /// <summary>Forgets seen jti values once their token could no longer be valid anyway (at most once a minute).</summary>
    private void Sweep(DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var due = Interlocked.Read(ref nextSweep);
        if (ms < due || Interlocked.CompareExchange(ref nextSweep, ms + 60_000, due) != due)
        {
            return;
        }

        foreach (var (jti, until) in seen)
        {
            if (until < ms)
            {
                seen.TryRemove(jti, out _);
            }
        }
    }

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    public void Dispose()
    {
        foreach (var key in keys.Values)
        {
            key.ECDsa.Dispose();
        }
    }
}

/// <summary>
/// Establishes the acting party of every request from a portal node: a node with an assertion key
/// must send <c>Authorization: Bearer {assertion}</c> on data requests (a bad one is 401 at once;
/// none leaves no party, so the endpoints refuse with 401); a node without one (allowed only when
/// <see cref="DataCenterOptions.RequireSignedAssertions"/> is off) asserts in X-Acting-* headers.
/// </summary>
public sealed class ActingAssertionMiddleware(RequestDelegate next, ActingAssertionVerifier verifier)
{
    public async System.Threading.Tasks.Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var node = context.Features.Get<NodeIdentity>();
        if (node is { Role: NodeRole.PortalNode, Registration.AssertionPublicKeyPem: { Length: > 0 } })
        {
            var requestId = ActingParty.RequestIdOf(context.Request);
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                var (party, refusal) = await verifier.VerifyAsync(authorization["Bearer ".Length..].Trim(), node, requestId);
                if (party is null)
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                    await Outcomes.WriteAsync(context, StatusCodes.Status401Unauthorized, OperationOutcome.IssueType.Security, refusal!);
                    return;
                }

                context.Features.Set(party);
            }
            else
            {
                // Headers from a node that signs are not believed.
                context.Features.Set(new ActingParty(null, null, requestId));
            }
        }

        await next(context);
    }
}
