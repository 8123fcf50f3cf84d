using System.Text.Json;

using MioKarte.Core.Gateway;

namespace MioKarte.UnitTests.DataCenter;

/// <summary>
/// Issue #16 item 3 at the mapper: JP Core's 用量 (1回量 from doseQuantity, 1日量 from a rateRatio per
/// day, the 力価区分 製剤量/原薬量 in doseAndRate.type), and a drug by a reference nobody could read
/// shown as 薬剤名不明 and counted, never as <c>Medication/123</c>. Fixtures written from the JP Core
/// MedicationRequest profile.
/// </summary>
public sealed class DoseAndReferenceTests
{
    private const string StrengthType = "urn:oid:1.2.392.100495.20.2.22";
    private const string Merit9Unit = "urn:oid:1.2.392.100495.20.2.101";

    private static RecordAccumulator Map(params string[] resources)
    {
        var entries = string.Join(",", resources.Select(r => """{"resource":""" + r + ""","search":{"mode":"match"}}"""));
        using var document = JsonDocument.Parse($$"""{"resourceType":"Bundle","type":"searchset","entry":[{{entries}}]}""");
        var into = new RecordAccumulator("1311234567");
        FhirRecordMapper.MapEntries(document.RootElement, into);
        return into;
    }

    private static string? DoseOf(string doseAndRate) =>
        Assert.Single(Map($$"""{"resourceType":"MedicationRequest","id":"m1","medicationCodeableConcept":{"text":"A錠"},"dosageInstruction":[{"doseAndRate":{{doseAndRate}}}]}""").ToRecord().Prescriptions)
            .Medication.DoseText;

    /// <summary>One doseAndRate: its 力価区分 code (1 製剤量, 2 原薬量), a dose per time and an amount per day, each optional.</summary>
    private static string Entry(string? strengthType, string? perTime, string? perDay)
    {
        var parts = new List<string>();
        if (strengthType is not null)
        {
            parts.Add("\"type\":{\"coding\":[{\"system\":\"" + StrengthType + "\",\"code\":\"" + strengthType + "\"}]}");
        }

        if (perTime is not null)
        {
            parts.Add("\"doseQuantity\":" + perTime);
        }

        if (perDay is not null)
        {
            parts.Add("\"rateRatio\":{\"numerator\":" + perDay + ",\"denominator\":{\"value\":1,\"unit\":\"日\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"d\"}}");
        }

        return "{" + string.Join(",", parts) + "}";
    }

    private static string Tablets(int n) => "{\"value\":" + n + ",\"unit\":\"錠\",\"system\":\"" + Merit9Unit + "\",\"code\":\"TAB\"}";

    private static string Milligrams(int n) => "{\"value\":" + n + ",\"unit\":\"mg\"}";

    [Fact]
    public void A_JP_Core_dose_with_the_amount_per_time_and_per_day_reads_as_both()
    {
        Assert.Equal("1回1錠（1日3錠）", DoseOf("[" + Entry("1", Tablets(1), Tablets(3)) + "]"));
    }

    [Fact]
    public void A_dose_per_time_only_and_a_dose_per_day_only_are_told_apart()
    {
        Assert.Equal("1回2錠", DoseOf("[" + Entry("1", Tablets(2), null) + "]"));
        Assert.Equal("1日7錠", DoseOf("[" + Entry("1", null, Tablets(7)) + "]"));
    }

    [Fact]
    public void The_preparation_amount_is_preferred_and_an_amount_of_active_ingredient_alone_says_so()
    {
        Assert.Equal("1回1錠", DoseOf("[" + Entry("2", Milligrams(250), null) + "," + Entry("1", Tablets(1), null) + "]"));
        Assert.Equal("1日750mg（原薬量）", DoseOf("[" + Entry("2", null, Milligrams(750)) + "]"));
    }

    [Fact]
    public void The_strength_type_is_found_by_JP_Cores_canonical_url_too_and_an_unknown_type_changes_nothing()
    {
        var canonical = """[{"type":{"coding":[{"system":"http://jpfhir.jp/fhir/core/CodeSystem/JP_MedicationIngredientStrengthStrengthType","code":"2"}]},"doseQuantity":{"value":5,"unit":"mg"}}]""";
        var ordered = """[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/dose-rate-type","code":"ordered"}]},"doseQuantity":{"value":1,"unit":"包"}}]""";

        Assert.Equal("1回5mg（原薬量）", DoseOf(canonical));
        Assert.Equal("1回1包", DoseOf(ordered));
        Assert.Equal("1回1錠（1日3錠）", DoseOf(Entry(null, Tablets(1), Tablets(3))));
    }

    [Fact]
    public void A_drug_by_a_reference_nobody_could_read_shows_as_unknown_and_is_counted()
    {
        var into = Map(
            """{"resourceType":"MedicationRequest","id":"m1","medicationReference":{"reference":"Medication/123"}}""",
            """{"resourceType":"MedicationRequest","id":"m2","medicationReference":{"reference":"Medication/456"},"route":{"text":"静脈内"}}""");

        Assert.Equal(["Medication/123", "Medication/456"], into.UnnamedReferences().Order(StringComparer.Ordinal));
        var record = into.ToRecord();

        Assert.All(record.Prescriptions.Select(p => p.Medication.Drug.Display).Concat(record.Injections.Select(i => i.Medication.Drug.Display)),
            name => Assert.Equal(RecordAccumulator.UnknownDrug, name));
        Assert.Equal(2, record.NotShown![RecordAccumulator.UnresolvedMedication]);
    }

    [Fact]
    public void A_drug_and_a_prescriber_read_afterwards_are_named_and_nothing_is_counted()
    {
        var into = Map("""{"resourceType":"MedicationRequest","id":"m1","medicationReference":{"reference":"Medication/123"},"requester":{"reference":"PractitionerRole/r1"}}""");
        Assert.Equal(["Medication/123", "PractitionerRole/r1"], into.UnnamedReferences().Order(StringComparer.Ordinal));

        // What the gateway's reads bring back, as a page of supporting resources.
        var read = Map(
            """{"resourceType":"Medication","id":"123","code":{"coding":[{"system":"urn:oid:1.2.392.200119.4.403.1","code":"103835401","display":"ムコダイン錠250mg"}]}}""",
            """{"resourceType":"PractitionerRole","id":"r1","practitioner":{"reference":"Practitioner/p1"}}""");
        var shared = new RecordAccumulator("1311234567", read.Names);
        shared.MergeFrom(into);

        // The role names a practitioner the load does not hold: read in a second round.
        Assert.Contains("Practitioner/p1", shared.UnnamedReferences());
        Assert.DoesNotContain("Medication/123", shared.UnnamedReferences());
        var order = Assert.Single(shared.ToRecord().Prescriptions);
        Assert.Equal("ムコダイン錠250mg", order.Medication.Drug.Display);
        Assert.Equal("103835401", order.Medication.Drug.Code);
        Assert.False(shared.ToRecord().NotShown!.ContainsKey(RecordAccumulator.UnresolvedMedication));
    }
}
