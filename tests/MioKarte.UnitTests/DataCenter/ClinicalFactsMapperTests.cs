using MioKarte.Core.Gateway;

namespace MioKarte.UnitTests.DataCenter;

/// <summary>
/// 傷病名, アレルギー・薬剤禁忌, 感染症, vital signs and 死亡 as JP Core / JP-CLINS (電子カルテ情報共有サービス)
/// shape them — fixtures written for these tests from the published profiles, with the odd and
/// missing fields real data has.
/// </summary>
public sealed class ClinicalFactsMapperTests
{
    internal static RecordAccumulator Map(params string[] resources) => FhirRecordMapperTests.Map(resources);

    [Fact]
    public void A_JP_CLINS_diagnosis_keeps_its_name_onset_status_and_whether_it_is_suspected()
    {
        var into = Map("""
            {"resourceType":"Condition","id":"dx1",
             "meta":{"profile":["http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Condition_eCS"]},
             "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
             "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"provisional"}]},
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category","code":"encounter-diagnosis"}]}],
             "code":{"coding":[{"system":"http://medis.jp/byomei","code":"20057914","display":"狭心症"},
                               {"system":"http://jpfhir.jp/fhir/core/CodeSystem/JP_CodeSystem_ICD10","code":"I20.9","display":"狭心症，詳細不明"}],
                     "text":"狭心症"},
             "subject":{"reference":"Patient/p1"},
             "onsetDateTime":"2025-03-02","recordedDate":"2025-03-04T10:00:00+09:00"}
            """);

        var diagnosis = Assert.Single(into.Diagnoses);
        Assert.Equal("狭心症", diagnosis.Name.Display);
        Assert.Equal(new PartialDate(2025, 3, 2), diagnosis.Onset);
        Assert.Equal(new PartialDate(2025, 3, 2), diagnosis.Date);
        Assert.Equal(ClinicalStatus.Active, diagnosis.Status);
        Assert.True(diagnosis.Suspected);
        Assert.True(diagnosis.IsCurrent);
        Assert.Empty(into.Skipped);
    }

    [Fact]
    public void A_diagnosis_without_onset_or_clinical_status_goes_under_its_recorded_date_and_counts_as_current()
    {
        var into = Map("""
            {"resourceType":"Condition","id":"dx2","code":{"coding":[{"system":"http://jpfhir.jp/fhir/core/CodeSystem/JP_CodeSystem_ICD10","code":"E11.9","display":"2型糖尿病"}]},
             "subject":{"reference":"Patient/p1"},"recordedDate":"2019-07"}
            """);

        var diagnosis = Assert.Single(into.Diagnoses);
        Assert.Null(diagnosis.Onset);
        Assert.Equal(new PartialDate(2019, 7, null), diagnosis.Date);
        Assert.Equal(ClinicalStatus.Unknown, diagnosis.Status);
        Assert.True(diagnosis.IsCurrent);
        Assert.False(diagnosis.Suspected);
        Assert.Equal("E11.9", diagnosis.Name.Code);
    }

    [Fact]
    public void A_resolved_diagnosis_is_kept_but_not_current_a_refuted_one_is_not_a_fact_and_one_without_a_name_is_counted()
    {
        var into = Map(
            """{"resourceType":"Condition","id":"dx3","clinicalStatus":{"coding":[{"code":"resolved"}]},"code":{"text":"急性気管支炎"},"onsetDateTime":"2024-01-10","abatementDateTime":"2024-01-24"}""",
            """{"resourceType":"Condition","id":"dx4","verificationStatus":{"coding":[{"code":"refuted"}]},"code":{"text":"肺炎"}}""",
            """{"resourceType":"Condition","id":"dx5","clinicalStatus":{"coding":[{"code":"active"}]}}""");

        var diagnosis = Assert.Single(into.Diagnoses);
        Assert.Equal("急性気管支炎", diagnosis.Name.Display);
        Assert.False(diagnosis.IsCurrent);
        Assert.Equal(new PartialDate(2024, 1, 24), diagnosis.Abatement);
        Assert.Equal(new Dictionary<string, int> { ["Condition"] = 1 }, into.ToRecord().NotShown);
        Assert.Empty(into.Skipped);
    }

    [Fact]
    public void A_medication_allergy_is_a_drug_contraindication_with_its_criticality_and_reactions()
    {
        var into = Map("""
            {"resourceType":"AllergyIntolerance","id":"a1",
             "meta":{"profile":["http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_AllergyIntolerance_eCS"]},
             "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},
             "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification","code":"confirmed"}]},
             "category":["medication"],"criticality":"high",
             "code":{"coding":[{"system":"urn:oid:1.2.392.100495.20.2.74","code":"6131001C1","display":"セファクロル"}],"text":"セファクロル"},
             "patient":{"reference":"Patient/p1"},"recordedDate":"2022-11-01",
             "reaction":[{"manifestation":[{"text":"アナフィラキシー"}]},{"manifestation":[{"coding":[{"display":"蕁麻疹"}]}]}]}
            """);

        var allergy = Assert.Single(into.Allergies);
        Assert.Equal("セファクロル", allergy.Substance.Display);
        Assert.True(allergy.IsContraindication);
        Assert.True(allergy.HighCriticality);
        Assert.False(allergy.Suspected);
        Assert.Equal(["アナフィラキシー", "蕁麻疹"], allergy.Reactions);
        Assert.Equal(new PartialDate(2022, 11, 1), allergy.Recorded);
        Assert.True(allergy.IsCurrent);
    }

    [Fact]
    public void An_allergy_written_only_as_text_without_category_or_status_is_kept_and_one_naming_nothing_is_counted()
    {
        var into = Map(
            """{"resourceType":"AllergyIntolerance","id":"a2","code":{"text":"ヨード造影剤"},"patient":{"reference":"Patient/p1"}}""",
            """{"resourceType":"AllergyIntolerance","id":"a3","patient":{"reference":"Patient/p1"}}""",
            """{"resourceType":"AllergyIntolerance","id":"a4","clinicalStatus":{"coding":[{"code":"resolved"}]},"category":["food"],"code":{"text":"卵"}}""");

        Assert.Equal(2, into.Allergies.Count);
        var text = into.Allergies[0];
        Assert.Equal("ヨード造影剤", text.Substance.Display);
        Assert.Null(text.Substance.Code);
        Assert.Equal(AllergyKind.Other, text.Kind);
        Assert.Null(text.Recorded);
        Assert.True(text.IsCurrent);
        Assert.False(into.Allergies[1].IsCurrent); // resolved
        Assert.Equal(AllergyKind.Food, into.Allergies[1].Kind);
        Assert.Equal(new Dictionary<string, int> { ["AllergyIntolerance"] = 1 }, into.ToRecord().NotShown);
    }

    [Fact]
    public void Blood_pressure_is_read_from_its_systolic_and_diastolic_components_in_mmHg()
    {
        var into = Map("""
            {"resourceType":"Observation","id":"bp1","status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
             "code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure panel"}],"text":"血圧"},
             "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-10-05T09:30:00+09:00",
             "component":[
               {"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":142,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}},
               {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":88,"system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}
            """);

        var bp = Assert.Single(into.VitalSigns);
        Assert.Equal(VitalKind.BloodPressure, bp.Kind);
        Assert.Equal(142m, bp.Value);
        Assert.Equal(88m, bp.Diastolic);
        Assert.Equal("mmHg", bp.Unit);
        Assert.Equal("142/88 mmHg", Core.Records.VitalText.Value(bp));
        Assert.Equal("血圧", Core.Records.VitalText.Name(bp));
        Assert.Empty(into.LabResults);
    }

    [Fact]
    public void A_vital_sign_without_unit_or_category_is_known_by_its_LOINC_code_and_keeps_no_unit()
    {
        var into = Map(
            """{"resourceType":"Observation","id":"bt1","code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}],"text":"体温"},"effectiveDateTime":"2026-10-05","valueQuantity":{"value":37.80}}""",
            """{"resourceType":"Observation","id":"sp1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"59408-5"}]},"effectiveDateTime":"2026-10-05","valueQuantity":{"value":97,"unit":"%"}}""",
            """{"resourceType":"Observation","id":"x1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"text":"意識レベル"},"valueString":"JCS 0"}""");

        Assert.Equal(3, into.VitalSigns.Count);
        var temperature = into.VitalSigns[0];
        Assert.Equal(VitalKind.BodyTemperature, temperature.Kind);
        Assert.Null(temperature.Unit);
        Assert.Equal("37.8", Core.Records.VitalText.Value(temperature)); // 体温 at one decimal
        Assert.Null(Core.Records.VitalText.RawValue(temperature)); // a trailing zero dropped loses nothing
        Assert.Equal(VitalKind.OxygenSaturation, into.VitalSigns[1].Kind);
        Assert.Equal("SpO2", Core.Records.VitalText.Name(into.VitalSigns[1]));
        Assert.Equal(VitalKind.Other, into.VitalSigns[2].Kind);
        Assert.Equal("JCS 0", Core.Records.VitalText.Value(into.VitalSigns[2]));
        Assert.Null(into.VitalSigns[2].Date);
        Assert.Empty(into.LabResults);
        Assert.Equal(0, into.Ignored);
    }

    [Fact]
    public void A_result_coded_with_the_JP_CLINS_infection_list_is_an_infection_and_still_a_lab_result()
    {
        var into = Map(
            """
            {"resourceType":"Observation","id":"inf1","status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
             "code":{"coding":[{"system":"http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_ObsLabResult_LocalCode_CS","code":"H123_023","display":"HBs抗原定性"},
                               {"system":"http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_ObsLabResult_InfectionLabo_CS","code":"5F016141002305111","display":"HBs抗原"}],
                     "text":"HBs抗原定性"},
             "effectiveDateTime":"2026-04-01","valueCodeableConcept":{"text":"陰性"}}
            """,
            """{"resourceType":"Observation","id":"lab1","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"urn:oid:1.2.392.200119.4.504","code":"3B035000002327201","display":"AST"}]},"effectiveDateTime":"2026-04-01","valueQuantity":{"value":20}}""");

        Assert.Equal(2, into.LabResults.Count);
        var infection = into.LabResults[0];
        Assert.True(infection.IsInfection);
        Assert.Equal("HBs抗原", infection.Item.Display);
        Assert.Equal("陰性", infection.Value.Text);
        Assert.False(into.LabResults[1].IsInfection);
    }

    [Theory]
    [InlineData("\"deceasedDateTime\":\"2026-09-14T03:20:00+09:00\"", true, "2026-09-14 03:20")]
    [InlineData("\"deceasedDateTime\":\"2026-09\"", true, "2026-09")]
    [InlineData("\"deceasedBoolean\":true", true, null)]
    [InlineData("\"deceasedBoolean\":false", false, null)]
    [InlineData("\"active\":true", false, null)]
    public void A_patient_who_died_says_so_with_the_date_when_given(string deceased, bool died, string? date)
    {
        var into = Map($$"""{"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:oid:1.2.392.100495.20.3.51.11311234567","value":"1"}],{{deceased}}}""");

        var patient = Assert.IsType<PatientDemographics>(into.Patient);
        Assert.Equal(died, patient.Death is not null);
        Assert.Equal(date, patient.Death?.Date?.ToString());
    }

    [Theory]
    [InlineData("8331-1", "Oral temperature", "体温")]
    [InlineData("8328-7", "Axillary temperature", "体温")]
    [InlineData("8332-9", "Rectal temperature", "体温")]
    [InlineData("8333-9", "Tympanic membrane temperature", "体温")]
    [InlineData("8867-4", "Heart rate", "脈拍")]
    [InlineData("9279-1", "Respiratory rate", "呼吸数")]
    [InlineData("2708-6", "Oxygen saturation in Arterial blood", "SpO2")]
    [InlineData("59408-5", "Oxygen saturation by Pulse oximetry", "SpO2")]
    [InlineData("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported", "疼痛スケール (NRS)")]
    public void A_vital_sign_by_a_site_specific_LOINC_code_gets_its_Japanese_name(string loinc, string display, string name)
    {
        var into = Map($$$"""
            {"resourceType":"Observation","id":"v1","status":"final",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
             "code":{"coding":[{"system":"http://loinc.org","code":"{{{loinc}}}","display":"{{{display}}}"}],"text":"{{{display}}}"},
             "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2020-01-05T09:30:00+09:00",
             "valueQuantity":{"value":37.72080406522396,"unit":"1","system":"http://unitsofmeasure.org","code":"1"}}
            """);

        var vital = Assert.Single(into.VitalSigns);
        Assert.NotEqual(VitalKind.Other, vital.Kind);
        Assert.Equal(name, Core.Records.VitalText.Name(vital));
        Assert.Empty(into.LabResults);
    }

    [Fact]
    public void Machine_float_vital_signs_are_shown_at_clinical_precision_and_keep_the_value_sent()
    {
        var into = Map(
            """
            {"resourceType":"Observation","id":"bp1","category":[{"coding":[{"code":"vital-signs"}]}],
             "code":{"coding":[{"system":"http://loinc.org","code":"55284-4"}]},"effectiveDateTime":"2020-01-05",
             "component":[
               {"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":130.29193668168674,"code":"mm[Hg]"}},
               {"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":75.80746736398898,"code":"mm[Hg]"}}]}
            """,
            """{"resourceType":"Observation","id":"bt1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8331-1"}]},"effectiveDateTime":"2020-01-05","valueQuantity":{"value":37.72080406522396,"code":"Cel"}}""",
            """{"resourceType":"Observation","id":"bw1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2020-01-05","valueQuantity":{"value":81.25,"code":"kg"}}""",
            """{"resourceType":"Observation","id":"hr1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"effectiveDateTime":"2020-01-05","valueQuantity":{"value":72,"code":"/min"}}""");

        var bp = into.VitalSigns[0];
        Assert.Equal("130/76 mmHg", Core.Records.VitalText.Value(bp));
        Assert.Equal("130.29193668168674/75.80746736398898 mmHg", Core.Records.VitalText.RawValue(bp));
        Assert.Equal("37.7 ℃", Core.Records.VitalText.Value(into.VitalSigns[1]));
        Assert.Equal("体温", Core.Records.VitalText.Name(into.VitalSigns[1]));
        Assert.Equal("81.3 kg", Core.Records.VitalText.Value(into.VitalSigns[2])); // 四捨五入
        Assert.Equal("72 /分", Core.Records.VitalText.Value(into.VitalSigns[3]));
        Assert.Null(Core.Records.VitalText.RawValue(into.VitalSigns[3]));
    }
}
