using Hl7.Fhir.Model;

using MioKarte.DataCenter;
using MioKarte.DataCenter.Demo;
using MioKarte.DataCenter.Fhir;

using JpCore = MioKarte.Core.Gateway.JpCore;

namespace MioKarte.UnitTests.DataCenter;

public sealed class DemoDataGeneratorTests
{
    private static readonly Lazy<DemoDataSet> Full = new(DemoDataGenerator.Full);

    [Fact]
    public void The_same_seed_gives_byte_for_byte_the_same_data()
    {
        var first = new DemoDataGenerator(seed: 7, patientCount: 3, includeHeavyPatient: false).Generate();
        var second = new DemoDataGenerator(seed: 7, patientCount: 3, includeHeavyPatient: false).Generate();

        Assert.Equal(
            first.Bundles.Select(b => FirelyJson.Serialize(b.Bundle)),
            second.Bundles.Select(b => FirelyJson.Serialize(b.Bundle)));
    }

    [Fact]
    public void Another_seed_gives_other_data()
    {
        var first = new DemoDataGenerator(seed: 7, patientCount: 3, includeHeavyPatient: false).Generate();
        var other = new DemoDataGenerator(seed: 8, patientCount: 3, includeHeavyPatient: false).Generate();

        Assert.NotEqual(
            string.Concat(first.Bundles.Select(b => FirelyJson.Serialize(b.Bundle))),
            string.Concat(other.Bundles.Select(b => FirelyJson.Serialize(b.Bundle))));
    }

    [Fact]
    public void The_heavy_patient_has_ten_years_of_twenty_thousand_results_two_thousand_orders_and_three_hundred_images()
    {
        var data = Full.Value;
        static bool Heavy(ResourceReference? subject) => subject?.Reference?.StartsWith("Patient/heavy-", StringComparison.Ordinal) == true;

        var results = data.Count<Observation>(o => Heavy(o.Subject));
        var orders = data.Count<MedicationRequest>(m => Heavy(m.Subject));
        var images = data.Count<Media>(m => Heavy(m.Subject));
        var dates = data.Bundles.SelectMany(b => b.Bundle.Entry).Select(e => e.Resource).OfType<Observation>()
            .Where(o => Heavy(o.Subject)).Select(o => ((FhirDateTime)o.Effective!).Value!).Order(StringComparer.Ordinal).ToList();

        Assert.InRange(results, 20_000, int.MaxValue);
        Assert.InRange(orders, 2_000, int.MaxValue);
        Assert.InRange(images, 300, int.MaxValue);
        Assert.True(string.CompareOrdinal(dates[0], "2016-12-31") < 0, dates[0]);
        Assert.All(data.Bundles, b => Assert.Contains(b.Bundle.Entry, e => e.Resource is Patient p && p.Id!.Contains("heavy", StringComparison.Ordinal)));
    }

    [Fact]
    public void One_heavy_patient_record_alone_holds_twenty_thousand_results()
    {
        var perPatient = Full.Value.Bundles.SelectMany(b => b.Bundle.Entry).Select(e => e.Resource).OfType<Observation>()
            .GroupBy(o => o.Subject!.Reference).Max(g => g.Count());

        Assert.InRange(perPatient, 20_000, int.MaxValue);
    }

    [Fact]
    public void About_thirty_patients_carry_kanji_and_kana_names_and_their_hospital_s_JP_Core_patient_id()
    {
        var patients = Full.Value.Bundles.SelectMany(b => b.Bundle.Entry.Select(e => (b.Facility, Resource: e.Resource))).Where(x => x.Resource is Patient).ToList();
        var people = patients.Select(p => p.Resource!.Id!.Split('-')[0]).Distinct().Count();

        Assert.InRange(people, 28, 32);
        Assert.All(patients, p =>
        {
            var patient = (Patient)p.Resource!;
            Assert.Equal(JpCore.PatientIdSystem(p.Facility.Code), patient.Identifier[0].System);
            Assert.Equal(2, patient.Name.Count);
            Assert.Matches("^[ァ-ヶー]+$", patient.Name[1].Family);
        });
    }

    [Fact]
    public void Generating_the_whole_network_takes_seconds_not_minutes()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _ = new DemoDataGenerator(seed: 99).Generate();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), clock.Elapsed.ToString());
    }

    [Fact]
    public void Demo_images_render_as_jpeg_at_up_to_2048_pixels()
    {
        var jpeg = DemoImages.RenderJpeg("xray|2048|2048|42");

        Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg[..2]);
        Assert.Equal(jpeg, DemoImages.RenderJpeg("xray|2048|2048|42"));
    }

    [Fact]
    public void Demo_facility_codes_are_ten_digit_medical_institution_numbers()
    {
        Assert.All(DemoFacilities.All, f => Assert.True(FacilityCodes.IsValid(f.Code), f.Code));
        Assert.Equal("urn:oid:1.2.392.100495.20.3.51.11311234567", JpCore.PatientIdSystem("1311234567"));
    }
}
