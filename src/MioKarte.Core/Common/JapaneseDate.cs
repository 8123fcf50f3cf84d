using System.Globalization;

namespace MioKarte.Core.Common;

/// <summary>Dates as Japanese forms print them: 和暦, with 西暦 in brackets.</summary>
public static partial class JapaneseDate
{
    private static readonly JapaneseCalendar Calendar = new();

    // Era names by JapaneseCalendar's era number. Hard-coded because the ICU data on a server may
    // be older than an era (Reiwa began 2019-05-01); an era added later falls back to the culture.
    private static readonly string[] KnownEras = ["", "明治", "大正", "昭和", "平成", "令和"];

    /// <summary>令和8年11月23日; the first year of an era is 元年 (令和元年5月1日).</summary>
    public static string ToWareki(DateOnly date)
    {
        var dateTime = date.ToDateTime(TimeOnly.MinValue);
        var era = Calendar.GetEra(dateTime);
        var year = Calendar.GetYear(dateTime);
        var yearText = year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{EraName(era)}{yearText}年{date.Month}月{date.Day}日");
    }

    /// <summary>
    /// The 和暦 year alone: 昭和23年, 令和元年 (the first year of an era is 元年); null before the
    /// Japanese calendar's first supported day (1868/09/08, 明治元年).
    /// </summary>
    public static string? ToWarekiYear(DateOnly date)
    {
        var dateTime = date.ToDateTime(TimeOnly.MinValue);
        if (dateTime < Calendar.MinSupportedDateTime)
        {
            return null;
        }

        var year = Calendar.GetYear(dateTime);
        return EraName(Calendar.GetEra(dateTime)) + (year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture)) + "年";
    }

    /// <summary>2026年11月23日.</summary>
    public static string ToSeireki(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    /// <summary>令和8年11月23日（2026年11月23日）.</summary>
    public static string ToWarekiWithSeireki(DateOnly date) => $"{ToWareki(date)}（{ToSeireki(date)}）";

    private static string EraName(int era)
    {
        if (era > 0 && era < KnownEras.Length)
        {
            return KnownEras[era];
        }

        var format = (DateTimeFormatInfo)CultureInfo.GetCultureInfo("ja-JP").DateTimeFormat.Clone();
        format.Calendar = Calendar;
        return format.GetEraName(era);
    }
}
