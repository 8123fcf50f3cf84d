using MioKarte.Core.Gateway;
using MioKarte.Core.Records;
using MioKarte.UnitTests.DataCenter;

namespace MioKarte.UnitTests.Records;

/// <summary>The 患者サマリー built from two hospitals' shared records (fixtures mapped through the gateway's mapper).</summary>
public sealed class PatientSummaryTests
{
    private static PatientRecordIndex Index(params (string Code, string Name, RecordAccumulator Record)[] facilities) =>
        PatientRecordIndex.Build(
            new GatewayResult<FacilityPatientRecord>([.. facilities.Select(f => new FacilityPatientRecord(f.Code, f.Name, f.Record.ToRecord()))], [], []),
            (_, _) => null);

    private static string Lab(string id, string date, decimal value, string flag = "N") =>
        $$"""{"resourceType":"Observation","id":"{{id}}","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"urn:oid:1.2.392.200119.4.504","code":"3C015000002327101","display":"Cr"}]},"effectiveDateTime":"{{date}}","valueQuantity":{"value":{{value}},"unit":"mg/dL"},"interpretation":[{"coding":[{"code":"{{flag}}"}]}]}""";

    private static string Rx(string id, string date, string drug, string status = "completed") =>
        $$$"""{"resourceType":"MedicationRequest","id":"{{{id}}}","status":"{{{status}}}","authoredOn":"{{{date}}}","medicationCodeableConcept":{"text":"{{{drug}}}"}}""";

    private static readonly string Patient = """{"resourceType":"Patient","id":"p","identifier":[{"system":"urn:oid:1.2.392.100495.20.3.51.11311234567","value":"1"}]}""";

    [Fact]
    public void Contraindications_come_first_resolved_facts_are_left_out_and_labs_show_latest_with_previous()
    {
        var a = ClinicalFactsMapperTests.Map(
            Patient,
            """{"resourceType":"AllergyIntolerance","id":"food","category":["food"],"code":{"text":"卵"},"recordedDate":"2026-01-01"}""",
            """{"resourceType":"AllergyIntolerance","id":"drug","category":["medication"],"code":{"text":"ペニシリン"},"recordedDate":"2010-01-01"}""",
            """{"resourceType":"AllergyIntolerance","id":"old","clinicalStatus":{"coding":[{"code":"resolved"}]},"code":{"text":"花粉"}}""",
            """{"resourceType":"Condition","id":"htn","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"text":"高血圧症"},"onsetDateTime":"2015-04-01"}""",
            """{"resourceType":"Condition","id":"flu","clinicalStatus":{"coding":[{"code":"resolved"}]},"code":{"text":"インフルエンザ"},"onsetDateTime":"2026-02-01"}""",
            Lab("cr1", "2026-09-01", 0.9m),
            Lab("cr2", "2026-10-01T09:00:00+09:00", 1.3m, "H"),
            Lab("cr3", "2026-10-01T15:00:00+09:00", 1.4m, "H"),
            Rx("rx1", "2026-08-01", "アムロジピン錠5mg"),
            Rx("rx2", "2026-10-01", "アムロジピン錠5mg"),
            Rx("rx3", "2026-10-01", "メトホルミン錠250mg"),
            Rx("rx4", "2026-10-01", "ロキソプロフェン錠60mg", status: "cancelled"));
        var b = new RecordAccumulator("1312345679");

        var summary = Index(("1311234567", "八王子みなみ総合病院", a), ("1312345679", "多摩川記念病院", b)).Summary;

        Assert.Equal(["ペニシリン", "卵"], summary.Allergies.Select(i => ((AllergyRecord)i.Record).Substance.Display));
        Assert.True(((AllergyRecord)summary.Allergies[0].Record).IsContraindication);
        Assert.Equal(["高血圧症"], summary.Diagnoses.Select(i => i.Label));
        var cr = Assert.Single(summary.Labs);
        Assert.Equal(1.4m, ((LabResult)cr.Latest.Record).Value.Number); // the last of the latest day
        Assert.Equal(0.9m, ((LabResult)cr.Previous!.Record).Value.Number); // 前回値: the previous day, not the same day's earlier value
        Assert.Empty(summary.Infections);
        Assert.Equal(["アムロジピン錠5mg", "メトホルミン錠250mg"], summary.Medications.Select(i => i.Label)); // the last day's, cancelled left out
        Assert.Null(summary.Death);
        Assert.False(summary.IsEmpty);
    }

    [Fact]
    public void The_latest_vital_signs_and_a_death_from_any_hospital_reach_the_summary()
    {
        var a = ClinicalFactsMapperTests.Map(
            Patient,
            """{"resourceType":"Observation","id":"bw1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2026-09-01","valueQuantity":{"value":61.5,"unit":"kg"}}""",
            """{"resourceType":"Observation","id":"bw2","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2026-10-01","valueQuantity":{"value":60.2,"unit":"kg"}}""",
            """{"resourceType":"Observation","id":"bt1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]},"effectiveDateTime":"2026-10-01","valueQuantity":{"value":36.9,"code":"Cel"}}""");
        var b = ClinicalFactsMapperTests.Map(
            """{"resourceType":"Patient","id":"q","identifier":[{"system":"urn:oid:1.2.392.100495.20.3.51.11311234567","value":"2"}],"deceasedDateTime":"2026-10-20"}""");

        var index = Index(("1311234567", "八王子みなみ総合病院", a), ("1312345679", "多摩川記念病院", b));
        var summary = index.Summary;

        Assert.Equal(new PartialDate(2026, 10, 20), summary.Death?.Date);
        Assert.Equal(["体温", "体重"], summary.Vitals.Select(v => v.Latest.Label)); // in the order clinicians read them
        var weight = summary.Vitals[1];
        Assert.Equal("60.2 kg", VitalText.Value((VitalSign)weight.Latest.Record));
        Assert.Equal("61.5 kg", VitalText.Value((VitalSign)weight.Previous!.Record));
        Assert.Equal("36.9 ℃", VitalText.Value((VitalSign)summary.Vitals[0].Latest.Record));

        var trend = VitalTrend.Build(VitalText.TrendId((VitalSign)weight.Latest.Record), index.VitalSignsOf(VitalText.TrendId((VitalSign)weight.Latest.Record)));
        Assert.NotNull(trend);
        Assert.Equal([61.5m, 60.2m], Assert.Single(trend.Series).Points.Select(p => p.Value));
        Assert.Equal("bw2", ((VitalSign)trend.Values[0].Record).Source.ResourceId); // newest first
    }

    [Fact]
    public void Blood_pressure_trends_as_two_series_and_an_empty_record_has_an_empty_summary()
    {
        var a = ClinicalFactsMapperTests.Map(
            """{"resourceType":"Observation","id":"bp1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"effectiveDateTime":"2026-10-01","component":[{"code":{"coding":[{"code":"8480-6"}]},"valueQuantity":{"value":130}},{"code":{"coding":[{"code":"8462-4"}]},"valueQuantity":{"value":80}}]}""");
        var index = Index(("1311234567", "八王子みなみ総合病院", a));
        var bp = (VitalSign)Assert.Single(index.Summary.Vitals).Latest.Record;

        var trend = VitalTrend.Build(VitalText.TrendId(bp), index.VitalSignsOf(VitalText.TrendId(bp)))!;

        Assert.Equal(["収縮期血圧", "拡張期血圧"], trend.Series.Select(s => s.Name));
        Assert.Equal(80m, trend.Series[1].Points[0].Value);
        Assert.True(Index().Summary.IsEmpty);
    }

    [Theory]
    [InlineData("1948-06-15", "2026-06-14", 77)]
    [InlineData("1948-06-15", "2026-06-15", 78)]
    [InlineData("2000-02-29", "2026-02-28", 25)]
    public void Age_counts_whole_years(string birth, string on, int age) =>
        Assert.Equal(age, PatientSummary.Age(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));
}
