using System.Globalization;
using MioKarte.Core.Gateway;

namespace MioKarte.Core.Records;

/// <summary>
/// The one display rule for measured values on every record screen and in the summary PDF
/// (docs/patient-record.md, 値の表示桁数). Hospitals send values at the precision they measured, but
/// generated and converted data (Synthea, unit conversions) sends machine floats such as
/// 130.29193668168674 mmHg, which a clinician cannot read and which overflow the summary.
/// Vital signs are shown at their clinical precision; lab values keep the source's precision up to
/// three decimals, else three significant digits (never rounding the integer part). Rounding is
/// half away from zero (四捨五入); digits are never added, so 36 ℃ stays 36. The raw value stays in
/// the details (送信値) whenever the display differs from it.
/// </summary>
public static class ClinicalNumber
{
    /// <summary>Decimals a lab value keeps as sent; more are rounded to <see cref="SignificantDigits"/>.</summary>
    private const int MaxSourceDecimals = 3;

    private const int SignificantDigits = 3;

    /// <summary>A lab value (or any value of unknown kind): as sent up to 3 decimals, else 3 significant digits.</summary>
    public static string Lab(decimal value) => Text(RoundLab(value));

    /// <summary>A vital sign's value at its clinical precision (血圧・脈拍・呼吸数・SpO2 integers, 体温・身長・体重・BMI 1 decimal).</summary>
    public static string Vital(VitalKind kind, decimal value) => Text(RoundVital(kind, value));

    /// <summary>
    /// True when rounding changed the number, so the details also show the one sent; trailing zeros
    /// dropped (37.80 → 37.8) lose nothing and do not count.
    /// </summary>
    public static bool IsRoundedLab(decimal value) => RoundLab(value) != value;

    public static bool IsRoundedVital(VitalKind kind, decimal value) => RoundVital(kind, value) != value;

    /// <summary>The value exactly as the source sent it (for 送信値).</summary>
    public static string Raw(decimal value) => Text(value);

    private static decimal RoundLab(decimal value)
    {
        if (value.Scale <= MaxSourceDecimals)
        {
            return value;
        }

        var magnitude = value == 0 ? 0 : (int)Math.Floor(Math.Log10((double)Math.Abs(value)));
        var decimals = Math.Max(0, SignificantDigits - 1 - magnitude);
        return Math.Round(value, Math.Min(decimals, value.Scale), MidpointRounding.AwayFromZero);
    }

    private static decimal RoundVital(VitalKind kind, decimal value)
    {
        int? decimals = kind switch
        {
            VitalKind.BloodPressure or VitalKind.HeartRate or VitalKind.RespiratoryRate or VitalKind.OxygenSaturation or VitalKind.PainSeverity => 0,
            VitalKind.BodyTemperature or VitalKind.BodyHeight or VitalKind.BodyWeight or VitalKind.Bmi => 1,
            _ => null,
        };
        return decimals is { } d ? Math.Round(value, Math.Min(d, value.Scale), MidpointRounding.AwayFromZero) : RoundLab(value);
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
