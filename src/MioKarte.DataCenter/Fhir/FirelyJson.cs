using System.Text.Json;

using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace MioKarte.DataCenter.Fhir;

/// <summary>The Firely SDK's System.Text.Json converters, configured once.</summary>
public static class FirelyJson
{
    public const string MediaType = "application/fhir+json";

    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, Options);

    public static byte[] SerializeToUtf8(Resource resource) => JsonSerializer.SerializeToUtf8Bytes(resource, Options);

    /// <summary>Parses a resource; throws <see cref="DeserializationFailedException"/> or <see cref="JsonException"/> on bad input.</summary>
    public static Resource Parse(string json) =>
        JsonSerializer.Deserialize<Resource>(json, Options) ?? throw new JsonException("The body is not a FHIR resource.");

    public static T Parse<T>(string json) where T : Resource => (T)Parse(json);
}
