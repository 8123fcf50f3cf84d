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

    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, Zone));

    /// <summary>"2026/11/23 09:00", as Japanese screens and mails write it.</summary>
    public static string Format(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, Zone).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);
}
