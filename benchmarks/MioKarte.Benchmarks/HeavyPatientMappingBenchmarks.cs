using System.Text;
using System.Text.Json;

using BenchmarkDotNet.Attributes;

using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

using MioKarte.Core.Gateway;
using MioKarte.Testing;

namespace MioKarte.Benchmarks;

/// <summary>
/// The heavy patient (20,000 lab results) as one searchset Bundle of UTF-8 JSON, generated
/// deterministically: the bare parse is the floor, the gateway's mapper must stay within 2× of it.
/// </summary>
[MemoryDiagnoser]
public class HeavyPatientMappingBenchmarks
{
    private byte[] payload = [];
    private JsonSerializerOptions firely = null!;

    [GlobalSetup]
    public void Setup()
    {
        var patient = SyntheticFhir.Build("1311234567", "0000012345", "heavy", labResults: 20_000, orders: 0, brokenLabResults: 20);
        payload = Encoding.UTF8.GetBytes(SyntheticFhir.Bundle(patient.ResourcesByType["Observation"], 20_000));
        // Recoverable: like the gateway, do not give up the page for the few broken resources.
        Console.WriteLine($"// payload: {payload.Length:N0} bytes, 20,000 Observations (20 without a code)");
        firely = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector).UsingMode(DeserializationMode.Recoverable);
    }

    [Benchmark(Baseline = true, Description = "JsonDocument.Parse (bare parse)")]
    public int BareParse()
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.GetProperty("entry").GetArrayLength();
    }

    [Benchmark(Description = "Utf8JsonReader token scan (floor)")]
    public int ReaderScan()
    {
        var reader = new Utf8JsonReader(payload);
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    [Benchmark(Description = "Parse + map to portal records (gateway)")]
    public int ParseAndMap()
    {
        using var document = JsonDocument.Parse(payload);
        var into = new RecordAccumulator("1311234567");
        FhirRecordMapper.MapBundle(document.RootElement, into);
        return into.LabResults.Count;
    }

    [Benchmark(Description = "Firely SDK POCO deserialize (not used)")]
    public int FirelyDeserialize()
    {
        try
        {
            return JsonSerializer.Deserialize<Bundle>(payload, firely)!.Entry.Count;
        }
        catch (DeserializationFailedException ex)
        {
            return ((Bundle)ex.PartialResult!).Entry.Count;
        }
    }
}
