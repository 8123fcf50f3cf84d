using System.Globalization;
using MioKarte.Core.Gateway;
using MioKarte.Core.Hosting;
using MioKarte.Core.Records;

namespace MioKarte.Web.Areas.Clinical.Records;

/// <summary>How the record screens write dates, periods, categories and numbers.</summary>
public static class RecordText
{
    private static readonly string[] Weekdays = ["日", "月", "火", "水", "木", "金", "土"];

    /// <summary>"2026/10/05 09:30", "2026/10", "2026", or null.</summary>
    public static string? Date(PartialDate? date) => date is not { } d ? null : (d.Month, d.Day) switch
    {
        (null, _) => d.Year.ToString("D4", CultureInfo.InvariantCulture),
        (int m, null) => $"{d.Year:D4}/{m:D2}",
        (int m, int day) => d.Time is { } t ? $"{d.Year:D4}/{m:D2}/{day:D2} {t:HH\\:mm}" : $"{d.Year:D4}/{m:D2}/{day:D2}",
    };

    public static string Day(DateOnly day) => JapanTime.FormatDate(day);

    /// <summary>A day that may be unknown (a patient seen only under an emergency grant): "—" then.</summary>
    public static string Day(DateOnly? day) => day is { } known ? Day(known) : "—";

    /// <summary>A birth date with its 和暦 year, "1948/05/03（昭和23年）"; "—" when unknown.</summary>
    public static string BirthDay(DateOnly? day) => day is { } known ? JapanTime.FormatDateWithWareki(known) : "—";

    /// <summary>A birth date as the data center sent it: with its 和暦 year when the whole day is known.</summary>
    public static string BirthDay(PartialDate? date) => date switch
    {
        { Month: int m, Day: int d } full => BirthDay(new DateOnly(full.Year, m, d)),
        { } partial => Date(partial)!,
        null => "—",
    };

    /// <summary>
    /// "78歳" on <paramref name="today"/>; for a patient who died on a known day the age at death
    /// ("（享年 78歳）"); nothing when the birth date, or the day of a death, is unknown.
    /// </summary>
    public static string Age(DateOnly? birth, PatientDeath? death, DateOnly today) => (birth, death) switch
    {
        (null, _) => "",
        ({ } b, { Date: { Day: not null } died }) => $"（享年 {PatientSummary.Age(b, died.SortKey)}歳）",
        (_, not null) => "",
        ({ } b, null) => $"{PatientSummary.Age(b, today)}歳",
    };

    /// <summary>A column heading: "10/05(月)", "10/05～", "2026/10".</summary>
    public static string Column(TablePeriod period, TableZoom zoom)
    {
        ArgumentNullException.ThrowIfNull(period);
        return zoom switch
        {
            TableZoom.Day => period.Start.ToString("M/d", CultureInfo.InvariantCulture) + "(" + Weekdays[(int)period.Start.DayOfWeek] + ")",
            TableZoom.Week => period.Start.ToString("M/d", CultureInfo.InvariantCulture) + "～",
            TableZoom.Month => period.Start.ToString("yyyy/M", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The year shown above the first column of each year.</summary>
    public static string Year(TablePeriod period) => period?.Start.Year.ToString(CultureInfo.InvariantCulture) + "年";

    /// <summary>The CSS modifier of a category (colour, with the label always written too).</summary>
    public static string Css(RecordCategory category) => category switch
    {
        RecordCategory.Prescription => "rx",
        RecordCategory.Injection => "inj",
        RecordCategory.LabOrder => "labo",
        RecordCategory.LabResult => "lab",
        RecordCategory.ImagingOrder => "imgo",
        RecordCategory.Image => "img",
        RecordCategory.RadiologyReport => "rep",
        RecordCategory.ReferralLetter => "ref",
        RecordCategory.Diagnosis => "dx",
        RecordCategory.Allergy => "alg",
        RecordCategory.VitalSign => "vit",
        RecordCategory.DischargeSummary => "dis",
        RecordCategory.ClinicalDocument => "doc",
        RecordCategory.LabReport => "labr",
    };

    /// <summary>A number at the precision the source gave ("41.8", "1.50"): never rounded, never padded.</summary>
    public static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static string Iso(DateOnly day) => day.ToString(RecordTableState.DateFormat, CultureInfo.InvariantCulture);
}
