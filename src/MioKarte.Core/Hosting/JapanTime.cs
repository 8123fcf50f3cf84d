using System.Globalization;
using MioKarte.Core.Common;

namespace MioKarte.Core.Hosting;

/// <summary>
/// Instants are stored in UTC; people in this network read dates and times in Japan time, whatever
/// the server's own zone. One place converts.
/// </summary>
public static class JapanTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOf(time.GetUtcNow().UtcDateTime);
    }

    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>The Japan wall-clock time of a UTC instant.</summary>
    public static DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);

    /// <summary>The UTC instant of a Japan wall-clock time (as typed into a form).</summary>
    public static DateTime ToUtc(DateTime japanLocal) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(japanLocal, DateTimeKind.Unspecified), Zone);

    /// <summary>The UTC instant at which a Japan calendar day begins (for "from this day" filters).</summary>
    public static DateTime StartOfDayUtc(DateOnly japanDate) => ToUtc(japanDate.ToDateTime(TimeOnly.MinValue));

    // Dates read one way on every screen and mail: yyyy/MM/dd, and yyyy/MM/dd HH:mm for an instant,
    // in Japan time whatever the server's zone or the page's language. Views call these, never ToString.

    /// <summary>An instant, "2026/11/23 09:00", as Japanese screens and mails write it (= <see cref="FormatInstant"/>).</summary>
    public static string Format(DateTime utc) => FormatInstant(utc);

    /// <summary>An instant in Japan time: "2026/11/23 09:00".</summary>
    public static string FormatInstant(DateTime utc) =>
        ToLocal(utc).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A calendar day: "2026/11/23".</summary>
    public static string FormatDate(DateOnly date) => date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture);

    /// <summary>The Japan calendar day of an instant: "2026/11/23" (a registration date, a validity's end).</summary>
    public static string FormatDateOf(DateTime utc) => FormatDate(DateOf(utc));

    /// <summary>
    /// A day with its 和暦 year, as a Japanese form would print it (a birth date, a desired start):
    /// "1948/05/03（昭和23年）", "2019/05/01（令和元年）"; before the Meiji era only the date.
    /// </summary>
    public static string FormatDateWithWareki(DateOnly date) =>
        JapaneseDate.ToWarekiYear(date) is { } year ? $"{FormatDate(date)}（{year}）" : FormatDate(date);
}
