using System.Text.Json;

using MioKarte.Core.Gateway;
using MioKarte.Core.Records;

namespace MioKarte.UnitTests.DataCenter;

/// <summary>
/// Issue #16 items 3 and 4 at the mapper: names of referenced and contained resources, lab item
/// names and units, values at the precision sent, dosage in Japanese, and nothing dropped without
/// being counted. The fixtures are written here from the JP Core / JP-CLINS profiles (no real data).
/// </summary>
public sealed class FhirNamesAndUnitsTests
{
    private const string Facility = "1311234567";
    private const string Representation = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";
    private const string LabCategory = """[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}]""";

    private static string Bundle(params string[] entries) =>
        $$"""{"resourceType":"Bundle","type":"searchset","entry":[{{string.Join(",", entries)}}]}""";

    private static string Match(string resource) => """{"resource":""" + resource + ""","search":{"mode":"match"}}""";

    private static string Include(string resource, string? fullUrl = null) =>
        """{"fullUrl":""" + JsonSerializer.Serialize(fullUrl) + ""","resource":""" + resource + ""","search":{"mode":"include"}}""";

    private static (RecordAccumulator Into, int Matches) MapPage(string bundle, RecordAccumulator? into = null)
    {
        using var document = JsonDocument.Parse(bundle);
        into ??= new RecordAccumulator(Facility);
        var matches = FhirRecordMapper.MapEntries(document.RootElement, into);
        return (into, matches);
    }

    private static RecordAccumulator Map(params string[] resources) => MapPage(Bundle(resources.Select(Match).ToArray())).Into;

    private static LabResult Lab(string code, string value = """ "valueQuantity":{"value":1} """) =>
        Assert.Single(Map($$"""{"resourceType":"Observation","id":"o1","category":{{LabCategory}},"code":{{code}},"effectiveDateTime":"2024-05-01",{{value}}}""").LabResults);

    [Fact]
    public void An_injection_whose_drug_is_a_contained_Medication_shows_the_drug_name_never_the_hash_reference()
    {
        var into = Map("""
            {"resourceType":"MedicationRequest","id":"inj1",
             "meta":{"profile":["http://jpfhir.jp/fhir/core/StructureDefinition/JP_MedicationRequest_Injection"]},
             "contained":[{"resourceType":"Medication","id":"jp-medicationrequest-injection-med-1",
                           "code":{"coding":[{"system":"urn:oid:1.2.392.200119.4.403.1","code":"107750602","display":"ソルデム3A輸液 500mL"}]}}],
             "medicationReference":{"reference":"#jp-medicationrequest-injection-med-1"},
             "authoredOn":"2024-06-01"}
            """);

        var injection = Assert.Single(into.ToRecord().Injections);
        Assert.Equal("ソルデム3A輸液 500mL", injection.Medication.Drug.Display);
        Assert.Equal("107750602", injection.Medication.Drug.Code);
        Assert.DoesNotContain('#', injection.Medication.Drug.Display);
    }

    [Fact]
    public void A_contained_Medication_that_is_missing_is_skipped_not_shown_by_its_hash_reference()
    {
        var into = Map("""{"resourceType":"MedicationRequest","id":"inj2","medicationReference":{"reference":"#nowhere"}}""");

        Assert.Empty(into.ToRecord().Prescriptions);
        Assert.Equal("no medication", Assert.Single(into.Skipped).Reason);
    }

    [Fact]
    public void The_prescriber_is_the_kanji_name_of_the_Practitioner_the_center_included_in_the_same_bundle()
    {
        var (into, matches) = MapPage(Bundle(
            Match("""
                {"resourceType":"MedicationRequest","id":"m1","authoredOn":"2024-06-01",
                 "medicationCodeableConcept":{"coding":[{"system":"urn:oid:1.2.392.100495.20.2.74","code":"1149019F1ZZZ","display":"ロキソプロフェンNa錠60mg"}]},
                 "requester":{"reference":"Practitioner/123"}}
                """),
            Include($$"""
                {"resourceType":"Practitioner","id":"123",
                 "name":[{"extension":[{"url":"{{Representation}}","valueCode":"SYL"}],"text":"サトウ イチロウ"},
                         {"extension":[{"url":"{{Representation}}","valueCode":"IDE"}],"family":"佐藤","given":["一郎"]}]}
                """)));

        var order = Assert.Single(into.ToRecord().Prescriptions);
        Assert.Equal("佐藤 一郎", order.Prescriber);
        Assert.Equal(1, matches); // the included Practitioner is not a match of the search
        Assert.Equal(0, into.Ignored);
    }

    [Fact]
    public void A_PractitionerRole_by_full_url_names_its_practitioner_and_a_later_page_still_names_the_requester()
    {
        var into = new RecordAccumulator(Facility);
        MapPage(Bundle(
            Match("""{"resourceType":"ServiceRequest","id":"s1","category":[{"coding":[{"code":"108252007"}]}],"code":{"text":"血液検査"},"requester":{"reference":"urn:uuid:role-1"}}"""),
            Match("""{"resourceType":"ServiceRequest","id":"s2","category":[{"coding":[{"code":"108252007"}]}],"code":{"text":"尿検査"},"requester":{"reference":"Practitioner/late"}}"""),
            Include("""{"resourceType":"PractitionerRole","id":"r1","practitioner":{"reference":"urn:uuid:doc-1"},"organization":{"display":"八王子中央病院"}}""", "urn:uuid:role-1"),
            Include("""{"resourceType":"Practitioner","id":"d1","name":[{"text":"田中 花子"}]}""", "urn:uuid:doc-1")), into);
        // The second requester's Practitioner arrives on another page (or through another search).
        MapPage(Bundle(Include("""{"resourceType":"Practitioner","id":"late","name":[{"family":"鈴木","given":["次郎"]}]}""")), into);

        var orders = into.ToRecord().LabOrders;
        Assert.Equal(["田中 花子", "鈴木 次郎"], orders.Select(o => o.Requester));
    }

    [Fact]
    public void A_reference_that_cannot_be_named_shows_its_display_or_nothing_rather_than_the_bare_reference()
    {
        var into = Map(
            """{"resourceType":"MedicationRequest","id":"m1","medicationCodeableConcept":{"text":"A錠"},"requester":{"reference":"Practitioner/9","display":"山本 医師"}}""",
            """{"resourceType":"MedicationRequest","id":"m2","medicationCodeableConcept":{"text":"B錠"},"requester":{"reference":"Practitioner/10"}}""",
            """{"resourceType":"MedicationRequest","id":"m3","medicationCodeableConcept":{"text":"C錠"},"requester":{}}""");

        Assert.Equal(["山本 医師", null, null], into.ToRecord().Prescriptions.Select(p => p.Prescriber));
    }

    [Theory]
    [InlineData("urn:oid:1.2.392.200119.4.504")]
    [InlineData("http://jpfhir.jp/fhir/core/CodeSystem/JP_ObservationLabResultCode_CS")]
    [InlineData("http://medis.or.jp/CodeSystem/master-JLAC10-17digits")]
    [InlineData("http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_ObsLabResult_CoreLabo_CS")]
    [InlineData("http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_ObsLabResult_InfectionLabo_CS")]
    public void JLAC10_under_every_JP_Core_and_JP_CLINS_system_is_one_item_named_by_its_display_and_filed_under_its_panel(string system)
    {
        var result = Lab($$"""
            {"coding":[{"system":"http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_ObsLabResult_LocalCode_CS","code":"0198394_082","display":"血清K"},
                       {"system":"{{system}}","code":"3H015000002326101","display":"カリウム"}],
             "text":"血清カリウム"}
            """);

        Assert.True(result.IsJlac10);
        Assert.Equal("3H015000002326101", result.Item.Code);
        Assert.Equal("カリウム", result.Item.Display);
        Assert.Equal("jlac10|3H015000002326101", PatientRecordIndex.LabItemKey(result));
        Assert.NotEqual("その他", LabPanelOf(result));
    }

    [Fact]
    public void The_JLAC10_display_comes_before_JLAC11_and_other_codings_and_code_text_comes_last()
    {
        var jlac11First = Lab("""
            {"coding":[{"system":"http://example.org/local","code":"99","display":"ローカル名"},
                       {"system":"http://example.org/CodeSystem/JLAC11","code":"3H0150000023261010","display":"カリウム(JLAC11)"}],
             "text":"テキスト"}
            """);
        var otherDisplay = Lab("""
            {"coding":[{"system":"http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_ObsLabResult_Uncoded_CS","code":"99999999999999999","display":"未標準化コード項目(JLAC)"},
                       {"system":"http://example.org/local","code":"K-01","display":"尿ケトン体"}],
             "text":"テキスト"}
            """);
        var textOnly = Lab("""{"coding":[{"system":"http://example.org/local","code":"K-02"}],"text":"尿ケトン体（定性）"}""");

        Assert.Equal("カリウム(JLAC11)", jlac11First.Item.Display);
        Assert.False(jlac11First.IsJlac10);
        Assert.Equal("尿ケトン体", otherDisplay.Item.Display); // the JP-CLINS "uncoded" marker is never a name
        Assert.Equal("K-01", otherDisplay.Item.Code);
        Assert.Equal("尿ケトン体（定性）", textOnly.Item.Display);
    }

    [Theory]
    [InlineData("10*3/uL", "10³/µL")]
    [InlineData("10*4/uL", "10⁴/µL")]
    [InlineData("10*6/uL", "10⁶/µL")]
    [InlineData("10^3/uL", "10³/µL")]
    [InlineData("mL/min/{1.73_m2}", "mL/min/1.73m²")]
    [InlineData("/uL", "/µL")]
    [InlineData("{cells}/uL", "/µL")]
    [InlineData("mg/dL", "mg/dL")]
    [InlineData("U/L", "U/L")]
    [InlineData("%", "%")]
    [InlineData("kg/m2", "kg/m²")]
    [InlineData("ug/mL", "µg/mL")]
    [InlineData("umol/L", "µmol/L")]
    [InlineData("mm[Hg]", "mmHg")]
    [InlineData("[IU]/L", "IU/L")]
    [InlineData("meq/L", "mEq/L")]
    [InlineData("Cel", "℃")]
    [InlineData("mmol/L", "mmol/L")]
    [InlineData("錠", "錠")]
    [InlineData("x10^4/μL", "x10⁴/μL")]
    public void UCUM_units_are_shown_as_clinicians_write_them(string ucum, string shown) =>
        Assert.Equal(shown, UcumDisplay.Display(ucum));

    [Theory]
    [InlineData("{ratio}")]
    [InlineData("{score}")]
    [InlineData("1")]
    [InlineData("  ")]
    [InlineData(null)]
    public void A_dimensionless_or_missing_unit_shows_nothing(string? ucum) => Assert.Null(UcumDisplay.Display(ucum));

    [Fact]
    public void A_lab_value_keeps_the_precision_the_source_gave_and_its_unit_is_readable()
    {
        var few = Lab("""{"text":"Hb"}""", """ "valueQuantity":{"value":41.8,"unit":"%"} """);
        var zeros = Lab("""{"text":"Cr"}""", """ "valueQuantity":{"value":1.50,"code":"mg/dL","system":"http://unitsofmeasure.org"} """);
        var many = Lab("""{"text":"WBC"}""", """ "valueQuantity":{"value":6.83154,"unit":"10*3/uL"} """);

        Assert.Equal("41.8", LabCumulative.Format(few.Value));
        Assert.Equal("1.50", LabCumulative.Format(zeros.Value));
        Assert.Equal("mg/dL", zeros.Unit);
        Assert.Equal("6.83", LabCumulative.Format(many.Value)); // more than 3 decimals: 3 significant digits (ClinicalNumber)
        Assert.Equal("6.83154", LabCumulative.RawValue(many.Value)); // kept as 送信値
        Assert.Equal("10³/µL", many.Unit);
    }

    private static MedicationLine Line(string dosage) =>
        Assert.Single(Map($$"""{"resourceType":"MedicationRequest","id":"m1","medicationCodeableConcept":{"text":"A錠"},"dosageInstruction":[{{dosage}}]}""").Prescriptions).Medication;

    [Fact]
    public void Timing_three_times_a_day_after_meals_and_a_dose_per_time_read_as_a_Japanese_prescription()
    {
        var line = Line("""
            {"timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d","when":["PC"]}},
             "doseAndRate":[{"doseQuantity":{"value":1,"unit":"錠"}}]}
            """);

        Assert.Equal("1日3回毎食後", line.DosageText);
        Assert.Equal("1回1錠", line.DoseText);
    }

    [Fact]
    public void Every_four_hours_as_needed_and_an_as_needed_reason_are_written_in_Japanese()
    {
        Assert.Equal("4時間ごと・頓用", Line("""{"timing":{"repeat":{"frequency":1,"period":4,"periodUnit":"h"}},"asNeededBoolean":true}""").DosageText);
        Assert.Equal("頓用（疼痛時）", Line("""{"asNeededCodeableConcept":{"text":"疼痛時"}}""").DosageText);
        Assert.Equal("1日2回朝夕食後", Line("""{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","when":["PCM","PCV"]}}}""").DosageText);
        Assert.Equal("1日1回就寝前", Line("""{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","when":["HS"]}}}""").DosageText);
        Assert.Equal("週1回", Line("""{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"wk"}}}""").DosageText);
    }

    [Fact]
    public void The_JP_Core_usage_code_display_and_the_dosage_text_come_before_the_composed_timing()
    {
        var coded = Line("""
            {"timing":{"code":{"coding":[{"system":"urn:oid:1.2.392.200250.2.2.20","code":"1013044400000000","display":"内服・経口・１日３回朝昼夕食後"}]},
                       "repeat":{"frequency":3,"period":1,"periodUnit":"d"}},
             "doseAndRate":[{"rateRatio":{"numerator":{"value":3,"unit":"錠"},"denominator":{"value":1,"unit":"日","code":"d"}}}]}
            """);
        var texted = Line("""{"text":"1日3回毎食後 7日分","timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}}}""");

        Assert.Equal("内服・経口・１日３回朝昼夕食後", coded.DosageText);
        Assert.Equal("1日3錠", coded.DoseText);
        Assert.Equal("1日3回毎食後 7日分", texted.DosageText);
    }

    [Fact]
    public void Odd_and_missing_dosage_fields_give_what_can_be_read_and_never_fail_the_order()
    {
        var empty = Line("""{"timing":{"repeat":{}},"doseAndRate":[{"doseQuantity":{"unit":"錠"}}]}""");
        var oddUnit = Line("""{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"fortnight"}},"asNeededBoolean":false}""");
        var single = Line("""{"timing":{"repeat":{"frequency":"3","period":1,"periodUnit":"d","when":"AC"}},"doseAndRate":{"doseQuantity":{"value":"0.5","unit":"g"}}}""");

        Assert.Null(empty.DosageText);
        Assert.Null(empty.DoseText);
        Assert.Equal("2回", oddUnit.DosageText);
        Assert.Equal("1日3回毎食前", single.DosageText);
        Assert.Equal("1回0.5g", single.DoseText);
    }

    [Fact]
    public void Resources_the_viewer_does_not_show_are_counted_by_type_and_supporting_ones_are_not()
    {
        var into = Map(
            """{"resourceType":"Immunization","id":"i1"}""",
            """{"resourceType":"Immunization","id":"i2"}""",
            """{"resourceType":"Condition","id":"c1"}""",
            """{"resourceType":"Observation","id":"v1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"text":"体温"}}""",
            """{"resourceType":"DiagnosticReport","id":"d1","category":[{"coding":[{"code":"LAB"}]}],"result":[{"reference":"Observation/o1"}]}""",
            """{"resourceType":"DiagnosticReport","id":"d2","category":[{"coding":[{"code":"LAB"}]}]}""",
            """{"resourceType":"DocumentReference","id":"n1","type":{"text":"退院時サマリー"}}""",
            """{"resourceType":"Organization","id":"org1","name":"八王子中央病院"}""",
            """{"resourceType":"OperationOutcome","id":"oo"}""",
            """{"resourceType":"SomethingNew","id":"x1"}""");

        var record = into.ToRecord();
        Assert.Equal(new Dictionary<string, int>
        {
            ["Immunization"] = 2,
            ["Condition"] = 1, // a Condition with no name; one with a name is a 傷病名, and a vital sign is shown
            ["SomethingNew"] = 1,
        }, record.NotShown);
        Assert.Empty(into.Skipped);
        // Lab reports (with or without results) and documents of any type are shown (h16-docs).
        Assert.Equal(2, record.LabReports!.Count);
        Assert.Single(record.Documents!);
    }

    [Fact]
    public void Counts_and_partly_read_searches_add_up_when_parts_of_one_facility_merge()
    {
        var a = Map("""{"resourceType":"Immunization","id":"i1"}""");
        var b = Map("""{"resourceType":"Immunization","id":"i2"}""", """{"resourceType":"Encounter","id":"e1"}""");
        b.PartlyRead.Add("Observation");

        a.MergeFrom(b);

        Assert.Equal(2, a.NotShown["Immunization"]);
        Assert.Equal(1, a.NotShown["Encounter"]);
        Assert.Equal(["Observation"], a.ToRecord().PartlyRead);
    }

    [Fact]
    public void A_lab_result_without_any_date_is_kept_for_the_undated_list()
    {
        var into = Map($$$"""{"resourceType":"Observation","id":"o9","category":{{{LabCategory}}},"code":{"text":"血糖"},"valueQuantity":{"value":98}}""",
            $$$"""{"resourceType":"Observation","id":"o10","category":{{{LabCategory}}},"code":{"text":"血糖"},"effectiveInstant":"2024-05-01T09:00:00+09:00","valueQuantity":{"value":101}}""");

        Assert.Empty(into.Skipped);
        Assert.Equal([null, new PartialDate(2024, 5, 1, new TimeOnly(9, 0))], into.LabResults.Select(r => r.SpecimenDate));
    }

    private static string LabPanelOf(LabResult result)
    {
        var item = new RecordItem("x", RecordCategory.LabResult, Facility, "病院", null, result.SpecimenDate, result.Item.Display, result);
        return Assert.Single(LabCumulative.Build([item]).Panels).Name;
    }
}
