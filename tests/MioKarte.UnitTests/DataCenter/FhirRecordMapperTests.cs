using System.Text.Json;

using MioKarte.Core.Common;
using MioKarte.Core.Gateway;

namespace MioKarte.UnitTests.DataCenter;

public sealed class FhirRecordMapperTests
{
    internal const string Facility = "1311234567";

    /// <summary>Maps the resources as one searchset page (shared with the document mapper's tests).</summary>
    internal static RecordAccumulator Map(params string[] resources)
    {
        var bundle = $$"""{"resourceType":"Bundle","type":"searchset","entry":[{{string.Join(",", resources.Select(r => $$"""{"resource":{{r}}}"""))}}]}""";
        using var document = JsonDocument.Parse(bundle);
        var into = new RecordAccumulator(Facility);
        FhirRecordMapper.MapBundle(document.RootElement, into);
        return into;
    }

    [Fact]
    public void A_JP_Core_patient_gives_kanji_and_kana_names_sex_birth_date_and_the_facility_patient_id()
    {
        var into = Map("""
            {"resourceType":"Patient","id":"p1",
             "identifier":[{"system":"urn:oid:1.2.392.100495.20.3.51.19999999999","value":"X"},
                           {"system":"urn:oid:1.2.392.100495.20.3.51.11311234567","value":"00012345"}],
             "name":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation","valueCode":"IDE"}],"use":"official","text":"山田 太郎","family":"山田","given":["太郎"]},
                     {"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation","valueCode":"SYL"}],"use":"official","text":"ヤマダ タロウ"}],
             "gender":"male","birthDate":"1950-04"}
            """);

        var patient = Assert.IsType<PatientDemographics>(into.Patient);
        Assert.Equal("00012345", patient.FacilityPatientId);
        Assert.Equal("山田 太郎", patient.NameKanji);
        Assert.Equal("ヤマダ タロウ", patient.NameKana);
        Assert.Equal(Sex.Male, patient.Sex);
        Assert.Equal(new PartialDate(1950, 4, null), patient.BirthDate);
        Assert.Equal("1950-04", patient.BirthDate.ToString());
    }

    [Fact]
    public void A_patient_without_name_gender_or_birth_date_is_still_mapped()
    {
        var into = Map("""{"resourceType":"Patient","id":"p2"}""");

        var patient = Assert.IsType<PatientDemographics>(into.Patient);
        Assert.Null(patient.NameKanji);
        Assert.Equal(Sex.Unknown, patient.Sex);
        Assert.Null(patient.BirthDate);
        Assert.Empty(into.Skipped);
    }

    [Fact]
    public void A_lab_result_prefers_the_JLAC10_coding_and_its_display_and_keeps_value_unit_range_and_flag()
    {
        var into = Map("""
            {"resourceType":"Observation","id":"o1","status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
             "code":{"coding":[{"system":"urn:oid:1.2.392.200119.4.1001","code":"LOCAL-AST","display":"AST"},
                               {"system":"urn:oid:1.2.392.200119.4.504","code":"3B035000002327201","display":"AST(GOT)"}],"text":"ＡＳＴ"},
             "effectiveDateTime":"2024-05-01T09:30:00+09:00",
             "valueQuantity":{"value":52,"unit":"U/L","system":"http://unitsofmeasure.org","code":"U/L"},
             "referenceRange":[{"low":{"value":13},"high":{"value":30}}],
             "interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"H"}]}]}
            """);

        var result = Assert.Single(into.LabResults);
        Assert.Equal("3B035000002327201", result.Item.Code);
        Assert.True(result.IsJlac10);
        Assert.Equal("AST(GOT)", result.Item.Display); // the JLAC10 display before code.text
        Assert.Equal(52m, result.Value.Number);
        Assert.Equal("U/L", result.Unit);
        Assert.Equal("13-30", result.ReferenceRange);
        Assert.Equal(AbnormalFlag.High, result.Flag);
        Assert.Equal(new PartialDate(2024, 5, 1, new TimeOnly(9, 30)), result.SpecimenDate);
    }

    [Fact]
    public void A_lab_result_with_only_a_local_code_keeps_that_code()
    {
        var into = Map("""
            {"resourceType":"Observation","id":"o2","code":{"coding":[{"system":"http://hospital.example/lab","code":"K001"}]},
             "valueQuantity":{"value":4.2}}
            """);

        var result = Assert.Single(into.LabResults);
        Assert.Equal("K001", result.Item.Code);
        Assert.Equal("K001", result.Item.Display);
        Assert.False(result.IsJlac10);
        Assert.Null(result.Unit);
        Assert.Equal(AbnormalFlag.None, result.Flag);
    }

    [Fact]
    public void A_text_result_a_comparator_and_a_partial_date_are_kept_as_sent()
    {
        var into = Map(
            """{"resourceType":"Observation","id":"o3","code":{"text":"HBs抗原"},"valueString":"陰性(-)","effectiveDateTime":"2020"}""",
            """{"resourceType":"Observation","id":"o4","code":{"text":"CRP"},"valueQuantity":{"value":0.02,"comparator":"<","unit":"mg/dL"},"effectiveDateTime":"2020-05","interpretation":[{"text":"L"}]}""");

        Assert.Equal(2, into.LabResults.Count);
        Assert.Equal("陰性(-)", into.LabResults[0].Value.Text);
        Assert.Equal(new PartialDate(2020, null, null), into.LabResults[0].SpecimenDate);
        Assert.Equal("<0.02", into.LabResults[1].Value.ToString());
        Assert.Equal(new PartialDate(2020, 5, null), into.LabResults[1].SpecimenDate);
        Assert.Equal(AbnormalFlag.Low, into.LabResults[1].Flag);
    }

    [Fact]
    public void Vital_signs_are_vital_signs_not_lab_results()
    {
        var into = Map("""
            {"resourceType":"Observation","id":"v1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"text":"BP"}}
            """);

        Assert.Empty(into.LabResults);
        Assert.Empty(into.Skipped);
        Assert.Equal(0, into.Ignored);
        Assert.Equal("BP", Assert.Single(into.VitalSigns).Item.Display);
    }

    [Fact]
    public void One_bad_resource_is_skipped_and_reported_by_type_and_id_while_the_rest_of_the_page_is_kept()
    {
        var into = Map(
            """{"resourceType":"Observation","id":"good1","code":{"text":"Na"},"valueQuantity":{"value":140,"unit":"mmol/L"}}""",
            """{"resourceType":"Observation","id":"bad1","valueString":"山田太郎さんの検体"}""",
            """{"resourceType":"Observation","id":"bad2","code":{"text":"K"},"valueInteger":1e400}""",
            """{"resourceType":"Observation","id":"good2","code":{"text":"K"},"valueQuantity":{"value":"4.1"}}""");

        Assert.Equal(["good1", "good2"], into.LabResults.Select(r => r.Source.ResourceId));
        Assert.Equal(["bad1", "bad2"], into.Skipped.Select(s => s.ResourceId));
        Assert.All(into.Skipped, s => Assert.Equal("Observation", s.ResourceType));
        Assert.DoesNotContain(into.Skipped, s => s.Reason.Contains("山田", StringComparison.Ordinal));
        Assert.Equal(4.1m, into.LabResults[1].Value.Number);
    }

    [Fact]
    public void Unknown_resource_types_and_codes_do_not_fail_the_page()
    {
        var into = Map(
            """{"resourceType":"Basic","id":"b1"}""",
            """{"resourceType":"Observation","id":"o5","code":{"coding":[{"system":"urn:unknown","code":"??"}]},"interpretation":[{"coding":[{"code":"ZZZ"}]}]}""");

        var result = Assert.Single(into.LabResults);
        Assert.Equal("??", result.Item.Code);
        Assert.Equal(AbnormalFlag.None, result.Flag);
        Assert.Equal(1, into.Ignored);
    }

    [Fact]
    public void A_prescription_keeps_drug_dose_dosage_text_days_route_prescriber_and_department()
    {
        var into = Map("""
            {"resourceType":"MedicationRequest","id":"m1","status":"active","authoredOn":"2024-04-01",
             "extension":[{"url":"http://jpfhir.jp/fhir/core/Extension/StructureDefinition/JP_MedicationRequest_Department","valueCodeableConcept":{"text":"内科"}}],
             "medicationCodeableConcept":{"coding":[{"system":"urn:oid:1.2.392.200119.4.403.1","code":"105271807","display":"ロキソニン錠60mg"},
                                                    {"system":"urn:oid:1.2.392.100495.20.2.74","code":"1149019F1ZZZ","display":"ロキソプロフェンNa錠60mg"}]},
             "requester":{"display":"佐藤 医師"},
             "dosageInstruction":[{"text":"1日3回毎食後","route":{"text":"内服"},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"錠"}}]}],
             "dispenseRequest":{"expectedSupplyDuration":{"value":7,"unit":"日"},"quantity":{"value":21,"unit":"錠"}}}
            """);

        var order = Assert.Single(into.Prescriptions);
        Assert.Empty(into.Injections);
        Assert.Equal("1149019F1ZZZ", order.Medication.Drug.Code); // YJ is preferred over HOT
        Assert.Equal(1m, order.Medication.Dose);
        Assert.Equal("錠", order.Medication.DoseUnit);
        Assert.Equal("1日3回毎食後", order.Medication.DosageText);
        Assert.Equal(7, order.Medication.Days);
        Assert.Equal(21m, order.Medication.TotalQuantity);
        Assert.Equal("内服", order.Medication.Route);
        Assert.Equal("佐藤 医師", order.Prescriber);
        Assert.Equal("内科", order.Department);
        Assert.Equal(new PartialDate(2024, 4, 1), order.OrderDate);
    }

    [Fact]
    public void An_injection_is_recognised_by_its_JP_Core_profile_or_its_route()
    {
        var into = Map(
            """{"resourceType":"MedicationRequest","id":"i1","meta":{"profile":["http://jpfhir.jp/fhir/core/StructureDefinition/JP_MedicationRequest_Injection"]},"medicationCodeableConcept":{"text":"生理食塩液 500mL"}}""",
            """{"resourceType":"MedicationRequest","id":"i2","medicationCodeableConcept":{"text":"セファゾリン"},"dosageInstruction":[{"route":{"text":"点滴静注"}}]}""",
            """{"resourceType":"MedicationRequest","id":"i3","medicationReference":{"display":"ヘパリン"},"category":[{"text":"注射"}]}""");

        Assert.Equal(["i1", "i2", "i3"], into.Injections.Select(i => i.Source.ResourceId));
        Assert.Empty(into.Prescriptions);
    }

    [Fact]
    public void A_medication_request_without_any_medication_is_skipped()
    {
        var into = Map("""{"resourceType":"MedicationRequest","id":"m9","status":"active"}""");

        var skipped = Assert.Single(into.Skipped);
        Assert.Equal(new SkippedResource(Facility, "MedicationRequest", "m9", "no medication"), skipped);
    }

    [Fact]
    public void Service_requests_become_lab_or_imaging_orders_by_category()
    {
        var into = Map(
            """{"resourceType":"ServiceRequest","id":"s1","category":[{"coding":[{"system":"http://snomed.info/sct","code":"108252007"}]}],"code":{"text":"血液一般"},"authoredOn":"2024-01-02"}""",
            """{"resourceType":"ServiceRequest","id":"s2","category":[{"text":"画像検査"}],"code":{"coding":[{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT","display":"CT"}]},"bodySite":[{"text":"胸部"}]}""",
            """{"resourceType":"ServiceRequest","id":"s3","category":[{"text":"リハビリ"}],"code":{"text":"PT"}}""");

        Assert.Equal("血液一般", Assert.Single(into.LabOrders).Test.Display);
        var imaging = Assert.Single(into.ImagingOrders);
        Assert.Equal("CT", imaging.Modality);
        Assert.Equal("胸部", imaging.BodyPart);
        Assert.Equal(1, into.Ignored);
    }

    [Fact]
    public void Images_are_referenced_by_opaque_id_and_content_type_never_by_the_center_url()
    {
        var into = Map("""
            {"resourceType":"Media","id":"img1","status":"completed","createdDateTime":"2024-02-03",
             "modality":{"coding":[{"code":"CR"}]},"bodySite":{"text":"胸部"},
             "content":{"contentType":"image/jpeg","url":"https://datacenter.example/fhir/Binary/abc"}}
            """);

        var image = Assert.Single(into.Images);
        var reference = Assert.Single(image.Images);
        Assert.Equal(new ContentReference("Media/img1", "image/jpeg"), reference);
        Assert.Equal("CR", image.Modality);
        Assert.DoesNotContain("https", reference.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void A_radiology_report_gives_findings_diagnosis_and_linked_images()
    {
        var findings = Convert.ToBase64String("右下肺野に浸潤影あり。"u8.ToArray());
        var into = Map($$"""
            {"resourceType":"DiagnosticReport","id":"r1","status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0074","code":"RAD"}]}],
             "code":{"text":"胸部X線 読影"},"effectiveDateTime":"2024-02-03",
             "presentedForm":[{"contentType":"text/plain","data":"{{findings}}"}],
             "conclusion":"肺炎疑い","imagingStudy":[{"reference":"ImagingStudy/st1"}]}
            """);

        var report = Assert.Single(into.RadiologyReports);
        Assert.Equal("右下肺野に浸潤影あり。", report.Findings);
        Assert.Equal("肺炎疑い", report.Diagnosis);
        Assert.Equal(["ImagingStudy/st1"], report.LinkedImageStudies);
    }

    [Fact]
    public void A_referral_letter_gives_its_sections_as_plain_text_or_a_pdf_reference()
    {
        var into = Map(
            """
            {"resourceType":"Composition","id":"c1","status":"final","type":{"coding":[{"system":"http://loinc.org","code":"57133-1"}],"text":"診療情報提供書"},
             "date":"2024-03-01","title":"診療情報提供書","author":[{"display":"南多摩病院 内科"}],
             "section":[{"title":"紹介目的","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">精査加療のお願い<br/>よろしく&amp;お願いします</div>"}},
                        {"title":"現病歴","section":[{"title":"経過","text":{"div":"<div>2024年1月より咳嗽</div>"}}]}]}
            """,
            """
            {"resourceType":"DocumentReference","id":"d1","status":"current","type":{"coding":[{"system":"http://loinc.org","code":"57133-1"}]},
             "content":[{"attachment":{"contentType":"application/pdf","url":"Binary/pdf1","title":"紹介状"}}]}
            """);

        Assert.Equal(2, into.ReferralLetters.Count);
        var letter = into.ReferralLetters[0];
        Assert.Equal("南多摩病院 内科", letter.Author);
        Assert.Equal(new ReferralSection("紹介目的", "精査加療のお願い\nよろしく&お願いします"), letter.Sections[0]);
        Assert.Equal(new ReferralSection("経過", "2024年1月より咳嗽"), letter.Sections[1]);
        Assert.Equal(new ContentReference("DocumentReference/d1", "application/pdf"), into.ReferralLetters[1].Attachment);
    }

    [Fact]
    public void The_next_link_is_returned_and_outcome_entries_are_not_mapped()
    {
        using var document = JsonDocument.Parse("""
            {"resourceType":"Bundle","type":"searchset",
             "link":[{"relation":"self","url":"https://dc/fhir/Observation?x"},{"relation":"next","url":"https://dc/fhir/Observation?page=2"}],
             "entry":[{"resource":{"resourceType":"OperationOutcome","id":"oo"},"search":{"mode":"outcome"}}]}
            """);
        var into = new RecordAccumulator(Facility);

        var next = FhirRecordMapper.MapBundle(document.RootElement, into);

        Assert.Equal("https://dc/fhir/Observation?page=2", next);
        Assert.Equal(0, into.Ignored);
    }

    [Fact]
    public void An_answer_that_is_not_a_bundle_is_an_invalid_response()
    {
        using var document = JsonDocument.Parse("""{"resourceType":"OperationOutcome"}""");

        var error = Assert.Throws<DataCenterException>(() => FhirRecordMapper.MapBundle(document.RootElement, new RecordAccumulator(Facility)));
        Assert.Equal(GatewayFailureKind.InvalidResponse, error.Kind);
    }

    [Theory]
    [InlineData("2020", 2020, null, null)]
    [InlineData("2020-05", 2020, 5, null)]
    [InlineData("2020-05-31", 2020, 5, 31)]
    [InlineData("2020-02-30", 2020, 2, null)]
    [InlineData("2020-13", 2020, null, null)]
    public void Partial_and_odd_dates_keep_what_is_valid(string value, int year, int? month, int? day)
    {
        var into = Map($$"""{"resourceType":"Observation","id":"d","code":{"text":"x"},"effectiveDateTime":"{{value}}"}""");

        Assert.Equal(new PartialDate(year, month, day), Assert.Single(into.LabResults).SpecimenDate);
    }
}
