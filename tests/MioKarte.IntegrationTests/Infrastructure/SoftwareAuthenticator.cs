using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>
/// A WebAuthn authenticator in C# (one P-256 passkey, "none" attestation), answering the options the
/// portal's endpoints give as a browser's <c>navigator.credentials.create()</c> / <c>get()</c> would,
/// in the JSON form of WebAuthn Level 3 that passkeys.js posts. Its CBOR is written by hand (the few
/// shapes WebAuthn needs). What a test may forge — the origin, the challenge — is a parameter.
/// </summary>
public sealed class SoftwareAuthenticator : IDisposable
{
    public const string PortalOrigin = "https://localhost";

    // authenticatorData flags (WebAuthn §6.1): user present, user verified, attested credential data.
    private const byte UserPresent = 0x01;
    private const byte UserVerified = 0x04;
    private const byte AttestedCredentialData = 0x40;

    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private uint signCount;
    private string? userHandle;

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);

    public string CredentialIdText => Base64Url.EncodeToString(CredentialId);

    /// <summary>The answer to creation options: a new passkey for the options' user.</summary>
    public string Register(string creationOptionsJson, string origin = PortalOrigin, string? challenge = null)
    {
        var options = JsonNode.Parse(creationOptionsJson)!;
        var rpId = options["rp"]?["id"]?.GetValue<string>() ?? "localhost";
        userHandle = options["user"]!["id"]!.GetValue<string>();
        var clientData = ClientData("webauthn.create", challenge ?? options["challenge"]!.GetValue<string>(), origin);
        var authenticatorData = Concat(
            SHA256.HashData(Encoding.UTF8.GetBytes(rpId)),
            [(byte)(UserPresent | UserVerified | AttestedCredentialData)],
            BigEndian(0),
            new byte[16], // AAGUID: none
            [(byte)(CredentialId.Length >> 8), (byte)CredentialId.Length],
            CredentialId,
            CoseKey());
        var attestationObject = Concat(
            [0xA3],
            CborText("fmt"), CborText("none"),
            CborText("attStmt"), [0xA0],
            CborText("authData"), CborBytes(authenticatorData));
        return Answer(new JsonObject
        {
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["attestationObject"] = Base64Url.EncodeToString(attestationObject),
            ["transports"] = new JsonArray("internal"),
        });
    }

    /// <summary>The answer to request options: this passkey's signature over the challenge.</summary>
    public string Assert(string requestOptionsJson, string origin = PortalOrigin, string? challenge = null)
    {
        var options = JsonNode.Parse(requestOptionsJson)!;
        var rpId = options["rpId"]?.GetValue<string>() ?? "localhost";
        var clientData = ClientData("webauthn.get", challenge ?? options["challenge"]!.GetValue<string>(), origin);
        var authenticatorData = Concat(
            SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), [(byte)(UserPresent | UserVerified)], BigEndian(++signCount));
        var signature = key.SignData(
            Concat(authenticatorData, SHA256.HashData(clientData)), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Answer(new JsonObject
        {
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["authenticatorData"] = Base64Url.EncodeToString(authenticatorData),
            ["signature"] = Base64Url.EncodeToString(signature),
            ["userHandle"] = userHandle,
        });
    }

    public void Dispose() => key.Dispose();

    private string Answer(JsonObject response) => new JsonObject
    {
        ["id"] = CredentialIdText,
        ["rawId"] = CredentialIdText,
        ["type"] = "public-key",
        ["authenticatorAttachment"] = "platform",
        ["clientExtensionResults"] = new JsonObject(),
        ["response"] = response,
    }.ToJsonString();

    private static byte[] ClientData(string type, string challenge, string origin) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["type"] = type,
            ["challenge"] = challenge,
            ["origin"] = origin,
            ["crossOrigin"] = false,
        });

    /// <summary>The public key as a COSE_Key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}.</summary>
    private byte[] CoseKey()
    {
        var point = key.ExportParameters(false).Q;
        return Concat([0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21], CborBytes(point.X!), [0x22], CborBytes(point.Y!));
    }

    private static byte[] CborText(string text) => CborItem(3, Encoding.UTF8.GetBytes(text));

    private static byte[] CborBytes(byte[] bytes) => CborItem(2, bytes);

    /// <summary>A CBOR byte or text string (major type 2 or 3) with its length in the shortest form.</summary>
    private static byte[] CborItem(int majorType, byte[] content)
    {
        var major = (byte)(majorType << 5);
        byte[] head = content.Length switch
        {
            < 24 => [(byte)(major | content.Length)],
            < 256 => [(byte)(major | 24), (byte)content.Length],
            _ => [(byte)(major | 25), (byte)(content.Length >> 8), (byte)content.Length],
        };
        return Concat(head, content);
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
