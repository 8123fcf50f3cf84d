using System.Globalization;
using System.Text;
using System.Text.Json;

using MioKarte.Core.Gateway;

namespace MioKarte.Testing;

/// <summary>
/// Deterministic, JP Core-shaped FHIR resources for tests and benchmarks (no real patient data):
/// a patient at one facility with lab results, orders, images, reports and a referral letter.
/// A few resources are deliberately odd (valueString, comparators, partial dates) and a few
/// deliberately broken (no code), so that the skip-and-report path is exercised.
/// </summary>
public static class SyntheticFhir
{
    private static readonly (string Jlac10, string Local, string Name, string Unit, double Low, double High)[] LabItems =
    [
        ("3B035000002327201", "L001", "AST", "U/L", 13, 30),
        ("3B045000002327201", "L002", "ALT", "U/L", 10, 42),
        ("3C015000002327101", "L003", "クレアチニン", "mg/dL", 0.65, 1.07),
        ("3D010000001926101", "L004", "グルコース", "mg/dL", 73, 109),
        ("2A990000001930952", "L005", "白血球数", "10*3/uL", 3.3, 8.6),
        ("2A030000001930101", "L006", "ヘモグロビン", "g/dL", 13.7, 16.8),
        ("5C070000002306001", "L007", "CRP", "mg/dL", 0, 0.14),
        ("3H010000002326101", "L008", "ナトリウム", "mmol/L", 138, 145),
    ];

    /// <summary>Everything shared for one patient, grouped by resource type, each resource as JSON.</summary>
    public sealed record PatientData(string CenterId, string FacilityCode, string FacilityPatientId, IReadOnlyDictionary<string, IReadOnlyList<string>> ResourcesByType)
    {
        public int Count(string type) => ResourcesByType.TryGetValue(type, out var list) ? list.Count : 0;
    }

    public static PatientData Build(string facilityCode, string facilityPatientId, string centerId, int labResults, int orders, int brokenLabResults = 0)
    {
        var byType = new Dictionary<string, IReadOnlyList<string>>
        {
            ["Patient"] = [Patient(facilityCode, facilityPatientId, centerId)],
            ["Observation"] = Enumerable.Range(0, labResults).Select(i => Observation(centerId, i, broken: i < brokenLabResults)).ToList(),
            ["MedicationRequest"] = Enumerable.Range(0, orders).Select(i => MedicationRequest(centerId, i)).ToList(),
            ["ServiceRequest"] = Enumerable.Range(0, orders).Select(i => ServiceRequest(centerId, i)).ToList(),
            ["Media"] = Enumerable.Range(0, Math.Max(1, orders / 10)).Select(i => Media(centerId, i)).ToList(),
            ["DiagnosticReport"] = Enumerable.Range(0, Math.Max(1, orders / 10)).Select(i => RadiologyReport(centerId, i)).ToList(),
            ["Composition"] = [Referral(centerId)],
        };
        return new PatientData(centerId, facilityCode, facilityPatientId, byType);
    }

    /// <summary>A searchset Bundle of <paramref name="resources"/>, with a next link when given.</summary>
    public static string Bundle(IEnumerable<string> resources, int total, string? selfUrl = null, string? nextUrl = null)
    {
        var builder = new StringBuilder(64 * 1024);
        builder.Append("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":").Append(total.ToString(CultureInfo.InvariantCulture)).Append(",\"link\":[");
        builder.Append("{\"relation\":\"self\",\"url\":").Append(JsonSerializer.Serialize(selfUrl ?? "urn:self")).Append('}');
        if (nextUrl is not null)
        {
            builder.Append(",{\"relation\":\"next\",\"url\":").Append(JsonSerializer.Serialize(nextUrl)).Append('}');
        }

        builder.Append("],\"entry\":[");
        var first = true;
        foreach (var resource in resources)
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            builder.Append("{\"fullUrl\":\"urn:uuid:x\",\"resource\":").Append(resource).Append(",\"search\":{\"mode\":\"match\"} }");
        }

        return builder.Append("]}").ToString();
    }

    private static string Patient(string facilityCode, string facilityPatientId, string centerId) => $$"""
        {"resourceType":"Patient","id":"{{centerId}}","meta":{"profile":["http://jpfhir.jp/fhir/core/StructureDefinition/JP_Patient"]},
         "identifier":[{"system":"{{JpCore.PatientIdSystem(facilityCode)}}","value":"{{facilityPatientId}}"}],
         "name":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation","valueCode":"IDE"}],"use":"official","text":"試験 花子","family":"試験","given":["花子"]},
                 {"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation","valueCode":"SYL"}],"use":"official","text":"シケン ハナコ","family":"シケン","given":["ハナコ"]}],
         "gender":"female","birthDate":"1948-07-15"}
        """;

    private static string Observation(string centerId, int i, bool broken)
    {
        var item = LabItems[i % LabItems.Length];
        var day = new DateTime(2015, 1, 1, 9, 0, 0, DateTimeKind.Unspecified).AddDays(i / LabItems.Length);
        var date = day.ToString("yyyy-MM-dd'T'HH:mm:ss'+09:00'", CultureInfo.InvariantCulture);
        var value = item.Low + ((item.High - item.Low) * (((i * 37) % 150) / 100.0));
        var flag = value > item.High ? "H" : value < item.Low ? "L" : "N";
        var code = broken
            ? "\"status\":\"final\""
            : $$"""
              "code":{"coding":[{"system":"urn:oid:1.2.392.200119.4.504","code":"{{item.Jlac10}}","display":"{{item.Name}}"},{"system":"http://hospital.example/lab","code":"{{item.Local}}","display":"{{item.Name}}"}],"text":"{{item.Name}}"}
              """;
        var valuePart = (i % 50) switch
        {
            7 => "\"valueString\":\"検体溶血のため測定不能\"",
            11 => $$"""
                 "valueQuantity":{"value":{{item.Low.ToString(CultureInfo.InvariantCulture)}},"comparator":"<","unit":"{{item.Unit}}"}
                 """,
            _ => $$"""
                 "valueQuantity":{"value":{{Math.Round(value, 2).ToString(CultureInfo.InvariantCulture)}},"unit":"{{item.Unit}}","system":"http://unitsofmeasure.org","code":"{{item.Unit}}"}
                 """,
        };
        return $$"""
            {"resourceType":"Observation","id":"{{centerId}}-lab-{{i}}","meta":{"profile":["http://jpfhir.jp/fhir/core/StructureDefinition/JP_Observation_LabResult"]},"status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
             {{code}},"subject":{"reference":"Patient/{{centerId}}"},"effectiveDateTime":"{{date}}","issued":"{{date}}",
             {{valuePart}},
             "interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"{{flag}}"}]}],
             "referenceRange":[{"low":{"value":{{item.Low.ToString(CultureInfo.InvariantCulture)}} },"high":{"value":{{item.High.ToString(CultureInfo.InvariantCulture)}} } }]}
            """;
    }

    private static string MedicationRequest(string centerId, int i)
    {
        var injection = i % 4 == 3;
        var profile = injection ? "JP_MedicationRequest_Injection" : "JP_MedicationRequest";
        var drug = injection ? "生理食塩液 500mL" : "ロキソプロフェンNa錠60mg";
        var route = injection ? "点滴静注" : "内服";
        return $$"""
            {"resourceType":"MedicationRequest","id":"{{centerId}}-med-{{i}}","meta":{"profile":["http://jpfhir.jp/fhir/core/StructureDefinition/{{profile}}"]},
             "status":"completed","intent":"order","subject":{"reference":"Patient/{{centerId}}"},"authoredOn":"{{new DateOnly(2020, 1, 1).AddDays(i):yyyy-MM-dd}}",
             "medicationCodeableConcept":{"coding":[{"system":"urn:oid:1.2.392.100495.20.2.74","code":"1149019F1ZZZ","display":"{{drug}}"}],"text":"{{drug}}"},
             "requester":{"display":"医師 {{i % 5}}"},
             "dosageInstruction":[{"text":"1日3回毎食後","route":{"text":"{{route}}"},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"錠"} }]}],
             "dispenseRequest":{"expectedSupplyDuration":{"value":7,"unit":"日"},"quantity":{"value":21,"unit":"錠"} } }
            """;
    }

    private static string ServiceRequest(string centerId, int i)
    {
        var imaging = i % 3 == 0;
        var category = imaging
            ? """{"coding":[{"system":"http://snomed.info/sct","code":"363679005","display":"Imaging"}]}"""
            : """{"coding":[{"system":"http://snomed.info/sct","code":"108252007","display":"Laboratory procedure"}]}""";
        var code = imaging
            ? """{"coding":[{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT","display":"CT"}],"text":"胸部CT"}"""
            : """{"text":"血液一般・生化学"}""";
        return $$"""
            {"resourceType":"ServiceRequest","id":"{{centerId}}-sr-{{i}}","status":"completed","intent":"order","category":[{{category}}],"code":{{code}},
             "subject":{"reference":"Patient/{{centerId}}"},"authoredOn":"{{new DateOnly(2020, 1, 1).AddDays(i):yyyy-MM}}","bodySite":[{"text":"胸部"}]}
            """;
    }

    private static string Media(string centerId, int i) => $$"""
        {"resourceType":"Media","id":"{{centerId}}-img-{{i}}","status":"completed","subject":{"reference":"Patient/{{centerId}}"},
         "modality":{"coding":[{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CR"}]},"bodySite":{"text":"胸部"},"createdDateTime":"2021-03-0{{1 + (i % 9)}}",
         "content":{"contentType":"image/jpeg","data":"/9j/4AAQSkZJRgABAQ=="} }
        """;

    private static string RadiologyReport(string centerId, int i) => $$"""
        {"resourceType":"DiagnosticReport","id":"{{centerId}}-rad-{{i}}","status":"final",
         "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0074","code":"RAD"}]}],"code":{"text":"胸部X線 読影"},
         "subject":{"reference":"Patient/{{centerId}}"},"effectiveDateTime":"2021-03-01",
         "presentedForm":[{"contentType":"text/plain","data":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes("明らかな異常所見なし。"))}}"}],
         "conclusion":"異常なし","media":[{"link":{"reference":"Media/{{centerId}}-img-{{i}}"} }]}
        """;

    private static string Referral(string centerId) => $$"""
        {"resourceType":"Composition","id":"{{centerId}}-ref-0","status":"final","type":{"coding":[{"system":"http://loinc.org","code":"57133-1"}],"text":"診療情報提供書"},
         "subject":{"reference":"Patient/{{centerId}}"},"date":"2021-04-01","title":"診療情報提供書","author":[{"display":"試験病院 内科"}],
         "section":[{"title":"紹介目的","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">精査加療のお願い</div>"} }]}
        """;
}
