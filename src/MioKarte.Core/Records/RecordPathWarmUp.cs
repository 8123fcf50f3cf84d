using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MioKarte.Core.Gateway;

namespace MioKarte.Core.Records;

/// <summary>
/// Runs the record path — FHIR JSON parse, mapping, the index, the table, a cumulative table and a
/// trend — over a made-up patient of a few thousand lab results, before a freshly started portal
/// says it is ready. The first heavy patient otherwise pays the first use of that path on a big
/// record (tier-0 code of the mapper's loops, the GC heap growing to the size of a heavy answer),
/// measured at about twice the CPU of the same fetch later (docs/performance.md). Nothing leaves
/// the process and no patient's data is involved: the resources are generated here.
/// </summary>
public static class RecordPathWarmUp
{
    private const string Facility = "WARMUP";

    private static readonly (string Jlac10, string Name, string Unit, decimal Low, decimal High)[] Items =
    [
        ("3B035000002327201", "AST", "U/L", 13, 30),
        ("3B045000002327201", "ALT", "U/L", 10, 42),
        ("3C015000002327101", "クレアチニン", "mg/dL", 0.65m, 1.07m),
        ("3D046000001920402", "HbA1c", "%", 4.9m, 6.0m),
        ("2A990000001930952", "白血球数", "10*3/uL", 3.3m, 8.6m),
        ("5C070000002306001", "CRP", "mg/dL", 0, 0.14m),
    ];

    /// <summary>One pass over <paramref name="labResults"/> made-up lab results (in pages of 1,000, as the gateway reads them); answers the items indexed.</summary>
    public static int Run(int labResults, DateOnly today)
    {
        var into = new RecordAccumulator(Facility);
        for (var start = 0; start < labResults; start += 1000)
        {
            using var page = JsonDocument.Parse(Page(start, Math.Min(1000, labResults - start), today));
            FhirRecordMapper.MapBundle(page.RootElement, into);
        }

        var result = new GatewayResult<FacilityPatientRecord>([new FacilityPatientRecord(Facility, Facility, into.ToRecord())], [], []);
        var index = PatientRecordIndex.Build(result, (_, _) => null);
        RecordTableBuilder.Build(index.Items, TableQuery.Default(today), null);
        RecordTableBuilder.Build(index.Items, TableQuery.Default(today) with { Zoom = TableZoom.Month, From = today.AddYears(-10) }, null);
        var lab = index.Items.LastOrDefault(i => i.Category == RecordCategory.LabResult);
        if (lab is { Record: LabResult latest })
        {
            var results = index.LabResultsOf(PatientRecordIndex.LabItemId(latest));
            LabCumulative.Build(results, index);
            TrendChart.Layout(LabCumulative.Trend(results), latest.ReferenceRange, today.AddYears(-1), today).ToSvg("warm-up");
        }

        return index.Items.Count;
    }

    /// <summary>A searchset page of JP Core-shaped lab Observations, a day apart, newest today.</summary>
    private static byte[] Page(int start, int count, DateOnly today)
    {
        var buffer = new ArrayBufferWriter<byte>(count * 700);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("resourceType", "Bundle");
            json.WriteString("type", "searchset");
            json.WriteStartArray("entry");
            for (var n = start; n < start + count; n++)
            {
                var (code, name, unit, low, high) = Items[n % Items.Length];
                var value = Math.Round(low + ((high - low) * (n % 13) / 10m), 2);
                json.WriteStartObject();
                json.WriteStartObject("resource");
                json.WriteString("resourceType", "Observation");
                json.WriteString("id", "warmup-" + n.ToString(CultureInfo.InvariantCulture));
                json.WriteString("status", "final");
                Concepts(json, "category", "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory");
                json.WriteStartObject("code");
                json.WriteStartArray("coding");
                json.WriteStartObject();
                json.WriteString("system", "urn:oid:1.2.392.200119.4.504");
                json.WriteString("code", code);
                json.WriteString("display", name);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteString("text", name);
                json.WriteEndObject();
                json.WriteStartObject("subject");
                json.WriteString("reference", "Patient/warmup");
                json.WriteEndObject();
                json.WriteString("effectiveDateTime", today.AddDays(-(n / Items.Length)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                json.WriteStartObject("valueQuantity");
                json.WriteNumber("value", value);
                json.WriteString("unit", unit);
                json.WriteString("system", "http://unitsofmeasure.org");
                json.WriteString("code", unit);
                json.WriteEndObject();
                json.WriteStartArray("referenceRange");
                json.WriteStartObject();
                json.WriteStartObject("low");
                json.WriteNumber("value", low);
                json.WriteEndObject();
                json.WriteStartObject("high");
                json.WriteNumber("value", high);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                if (value > high)
                {
                    Concepts(json, "interpretation", "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "H");
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>"<paramref name="name"/>": [ { "coding": [ { system, code } ] } ].</summary>
    private static void Concepts(Utf8JsonWriter json, string name, string system, string code)
    {
        json.WriteStartArray(name);
        FhirJson.WriteConcept(json, system, code);
        json.WriteEndArray();
    }
}
