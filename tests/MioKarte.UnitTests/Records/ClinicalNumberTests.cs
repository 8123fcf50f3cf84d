using MioKarte.Core.Gateway;
using MioKarte.Core.Records;

namespace MioKarte.UnitTests.Records;

/// <summary>The one display rule for measured values (docs/patient-record.md, 値の表示桁数).</summary>
public sealed class ClinicalNumberTests
{
    [Theory]
    [InlineData("41.8315", "41.8")]
    [InlineData("70.44757792383842", "70.4")]
    [InlineData("130.29193668168674", "130")]
    [InlineData("12345.6789", "12346")] // the integer part is never rounded away
    [InlineData("0.012345678", "0.0123")]
    [InlineData("0.00049999", "0.000500")]
    [InlineData("-3.14159", "-3.14")]
    [InlineData("1.50", "1.50")] // the precision the source gave, trailing zero kept
    [InlineData("0.125", "0.125")]
    [InlineData("5.0", "5.0")]
    [InlineData("236", "236")]
    public void Lab_values_keep_up_to_three_decimals_else_three_significant_digits(string sent, string shown)
    {
        var value = decimal.Parse(sent, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(shown, ClinicalNumber.Lab(value));
        Assert.Equal(sent != shown && decimal.Parse(shown, System.Globalization.CultureInfo.InvariantCulture) != value, ClinicalNumber.IsRoundedLab(value));
    }

    [Theory]
    [InlineData(VitalKind.BloodPressure, "130.5", "131")]
    [InlineData(VitalKind.HeartRate, "71.4", "71")]
    [InlineData(VitalKind.OxygenSaturation, "97.5", "98")]
    [InlineData(VitalKind.RespiratoryRate, "16", "16")]
    [InlineData(VitalKind.BodyTemperature, "36.85", "36.9")]
    [InlineData(VitalKind.BodyTemperature, "36", "36")] // no digits are added
    [InlineData(VitalKind.BodyHeight, "172.96738", "173.0")]
    [InlineData(VitalKind.Bmi, "27.371", "27.4")]
    [InlineData(VitalKind.PainSeverity, "2", "2")]
    [InlineData(VitalKind.Other, "1.23456", "1.23")]
    public void Vital_signs_are_shown_at_their_clinical_precision(VitalKind kind, string sent, string shown) =>
        Assert.Equal(shown, ClinicalNumber.Vital(kind, decimal.Parse(sent, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_rounded_lab_value_keeps_what_was_sent_for_the_details_and_the_comparator()
    {
        var value = new LabValue(70.44757792383842m, "<", null);
        Assert.Equal("<70.4", LabCumulative.Format(value));
        Assert.Equal("<70.44757792383842", LabCumulative.RawValue(value));
        Assert.Null(LabCumulative.RawValue(new LabValue(1.5m, null, null)));
    }
}
