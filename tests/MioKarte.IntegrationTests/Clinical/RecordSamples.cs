using System.Text;

namespace MioKarte.IntegrationTests.Clinical;

/// <summary>JP Core-shaped resources of one patient at two hospitals, some complete, some odd or missing fields (no real data).</summary>
public static class RecordSamples
{
    public const string Hachioji = "1311234567";
    public const string Tamagawa = "1312345670";

    /// <summary>The bytes of a tiny real JPEG (1×1), as the Media below is served.</summary>
    public static readonly byte[] Jpeg = MakeJpeg();

    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    public static string[] AtHachioji(string p) =>
    [
        $$"""
        {"resourceType":"MedicationRequest","id":"{{p}}-rx1","meta":{"profile":["http://jpfhir.jp/fhir/core/StructureDefinition/JP_MedicationRequest"]},
         "status":"active","intent":"order","subject":{"reference":"Patient/{{p}}"},"authoredOn":"2026-11-10T10:15:00+09:00",
         "medicationCodeableConcept":{"coding":[{"system":"urn:oid:1.2.392.100495.20.2.74","code":"2171022F1ZZZ","display":"アムロジピン錠5mg"}],"text":"アムロジピン錠５ｍｇ"},
         "requester":{"display":"山田 一郎","extension":[{"url":"http://jpfhir.jp/fhir/core/Extension/StructureDefinition/JP_MedicationRequest_Requester_Department","valueString":"循環器内科"}]},
         "dosageInstruction":[{"text":"1日1回朝食後","route":{"text":"内服"},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"錠"} }]}],
         "dispenseRequest":{"expectedSupplyDuration":{"value":28,"unit":"日"},"quantity":{"value":28,"unit":"錠"} } }
        """,
        // Odd: no dose, no days, no requester, a month-only date.
        $$"""
        {"resourceType":"MedicationRequest","id":"{{p}}-rx2","status":"completed","intent":"order","subject":{"reference":"Patient/{{p}}"},"authoredOn":"2026-10",
         "medicationCodeableConcept":{"text":"ロキソプロフェンNaテープ100mg"} }
        """,
        $$"""
        {"resourceType":"MedicationRequest","id":"{{p}}-inj1","meta":{"profile":["http://jpfhir.jp/fhir/core/StructureDefinition/JP_MedicationRequest_Injection"]},
         "status":"completed","intent":"order","subject":{"reference":"Patient/{{p}}"},"authoredOn":"2026-11-02T14:00:00+09:00",
         "medicationCodeableConcept":{"coding":[{"system":"urn:oid:1.2.392.100495.20.2.74","code":"6132419F1ZZZ","display":"セフトリアキソンNa静注用1g"}]},
         "requester":{"display":"佐藤 花子"},
         "dosageInstruction":[{"text":"点滴静注 1日1回","route":{"text":"静脈内"},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"瓶"} }]}],
         "dispenseRequest":{"quantity":{"value":3,"unit":"瓶"} } }
        """,
        $$"""
        {"resourceType":"ServiceRequest","id":"{{p}}-lo1","status":"completed","intent":"order","subject":{"reference":"Patient/{{p}}"},
         "category":[{"coding":[{"system":"http://snomed.info/sct","code":"108252007"}]}],"code":{"text":"血液一般・生化学"},"authoredOn":"2026-11-09","requester":{"display":"山田 一郎"} }
        """,
        Lab(p, "ast1", "3B035000002327201", "AST", "2026-11-10T09:00:00+09:00", "52", "U/L", "H"),
        Lab(p, "ast0", "3B035000002327201", "AST", "2026-10-13T09:00:00+09:00", "28", "U/L", "N"),
        Lab(p, "cr1", "3C015000002327101", "Cr", "2026-11-10T09:00:00+09:00", "0.61", "mg/dL", "L"),
        // Odd: a text value, no unit, no range.
        $$"""
        {"resourceType":"Observation","id":"{{p}}-hbs","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
         "code":{"coding":[{"system":"urn:oid:1.2.392.200119.4.504","code":"5F016141002302301","display":"HBs抗原"}]},"subject":{"reference":"Patient/{{p}}"},
         "effectiveDateTime":"2026-11-10T09:00:00+09:00","valueString":"陰性"}
        """,
        $$"""
        {"resourceType":"ServiceRequest","id":"{{p}}-io1","status":"completed","intent":"order","subject":{"reference":"Patient/{{p}}"},
         "category":[{"coding":[{"system":"http://snomed.info/sct","code":"363679005"}]}],
         "code":{"coding":[{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"}],"text":"腹部単純CT"},"bodySite":[{"text":"腹部"}],"authoredOn":"2026-11-04"}
        """,
        $$"""
        {"resourceType":"ImagingStudy","id":"{{p}}-st1","status":"available","subject":{"reference":"Patient/{{p}}"},"started":"2026-11-05T11:00:00+09:00",
         "modality":[{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"}],"description":"腹部単純CT",
         "series":[{"uid":"1.2.3.4","modality":{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"},"bodySite":{"display":"腹部"},
                    "instance":[{"uid":"1.2.3.4.1","sopClass":{"system":"urn:ietf:rfc:3986","code":"urn:oid:1.2.840.10008.5.1.4.1.1.7"} }]}]}
        """,
        $$"""
        {"resourceType":"Media","id":"{{p}}-m1","status":"completed","subject":{"reference":"Patient/{{p}}"},"partOf":[{"reference":"ImagingStudy/{{p}}-st1"}],
         "modality":{"coding":[{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"}]},"createdDateTime":"2026-11-05T11:00:00+09:00",
         "content":{"contentType":"image/png","url":"https://center.example/binary/{{p}}-m1","title":"1枚目"} }
        """,
        $$"""
        {"resourceType":"Media","id":"{{p}}-m2","status":"completed","subject":{"reference":"Patient/{{p}}"},"partOf":[{"reference":"ImagingStudy/{{p}}-st1"}],
         "createdDateTime":"2026-11-05T11:01:00+09:00","content":{"contentType":"image/jpeg","url":"https://center.example/binary/{{p}}-m2","title":"2枚目"} }
        """,
        $$"""
        {"resourceType":"DiagnosticReport","id":"{{p}}-rep1","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0074","code":"RAD"}]}],
         "code":{"text":"腹部CT 読影レポート"},"subject":{"reference":"Patient/{{p}}"},"effectiveDateTime":"2026-11-06T16:00:00+09:00",
         "presentedForm":[{"contentType":"text/plain","data":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes("右腎に5mm大の嚢胞。"))}}"}],
         "conclusion":"右腎嚢胞。","imagingStudy":[{"reference":"ImagingStudy/{{p}}-st1"}]}
        """,
        $$"""
        {"resourceType":"Composition","id":"{{p}}-ref1","status":"final","type":{"coding":[{"system":"http://loinc.org","code":"57133-1"}]},
         "subject":{"reference":"Patient/{{p}}"},"date":"2026-11-12","title":"診療情報提供書","author":[{"display":"八王子みなみ総合病院 内科 山田"}],
         "section":[{"title":"紹介目的","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">高血圧症の継続加療のお願い</div>"} },
                    {"title":"既往歴","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">2019年 胆嚢摘出術</div>"} }]}
        """,
        $$"""
        {"resourceType":"DocumentReference","id":"{{p}}-doc1","status":"current","type":{"coding":[{"system":"http://loinc.org","code":"57133-1"}]},
         "subject":{"reference":"Patient/{{p}}"},"date":"2026-11-13T10:00:00+09:00","description":"診療情報提供書（PDF）",
         "content":[{"attachment":{"contentType":"application/pdf","url":"https://center.example/binary/{{p}}-doc1","title":"紹介状.pdf"} }]}
        """,
    ];

    public static string[] AtTamagawa(string p) =>
    [
        $$"""
        {"resourceType":"MedicationRequest","id":"{{p}}-rx9","status":"active","intent":"order","subject":{"reference":"Patient/{{p}}"},"authoredOn":"2026-11-11T09:00:00+09:00",
         "medicationCodeableConcept":{"coding":[{"system":"urn:oid:1.2.392.100495.20.2.74","code":"3962002F1ZZZ","display":"メトホルミン塩酸塩錠250mg"}]},
         "dosageInstruction":[{"text":"1日2回朝夕食後","doseAndRate":[{"doseQuantity":{"value":2,"unit":"錠"} }]}],"dispenseRequest":{"expectedSupplyDuration":{"value":14,"unit":"日"} } }
        """,
        Lab(p, "ast9", "3B035000002327201", "AST", "2026-11-17T09:00:00+09:00", "31", "U/L", "H"),
    ];

    public static string Lab(string p, string id, string jlac10, string name, string at, string value, string unit, string flag) => $$"""
        {"resourceType":"Observation","id":"{{p}}-{{id}}","meta":{"profile":["http://jpfhir.jp/fhir/core/StructureDefinition/JP_Observation_LabResult"]},"status":"final",
         "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
         "code":{"coding":[{"system":"urn:oid:1.2.392.200119.4.504","code":"{{jlac10}}","display":"{{name}}"}],"text":"{{name}}"},"subject":{"reference":"Patient/{{p}}"},
         "effectiveDateTime":"{{at}}","valueQuantity":{"value":{{value}},"unit":"{{unit}}"},
         "interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"{{flag}}"}]}],
         "referenceRange":[{"text":"{{(name == "AST" ? "13-30" : "0.65-1.07")}}"}]}
        """;

    private static byte[] MakeJpeg()
    {
        using var bitmap = new SkiaSharp.SKBitmap(64, 48);
        bitmap.Erase(new SkiaSharp.SKColor(200, 200, 200));
        using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }
}
