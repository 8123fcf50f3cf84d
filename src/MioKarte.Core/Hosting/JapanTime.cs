using System.Globalization;

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

    /// <summary>"2026/11/23 09:00", as Japanese screens and mails write it.</summary>
    public static string Format(DateTime utc) =>
        ToLocal(utc).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);
}
