using System.Globalization;

namespace MioKarte.DataCenter.Fhir;

/// <summary>
/// FHIR date/dateTime values as ranges. A value without a time zone is read in Japan time (+09:00),
/// because every facility on the network records local clinical times.
/// </summary>
public static class FhirDates
{
    public static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    /// <summary>The half-open range [start, end) a FHIR date or dateTime denotes.</summary>
    public static bool TryParseRange(string? value, out DateTimeOffset start, out DateTimeOffset end)
    {
        start = end = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var styles = DateTimeStyles.None;
        var c = CultureInfo.InvariantCulture;
        if (value.Length == 4 && DateTime.TryParseExact(value, "yyyy", c, styles, out var year))
        {
            start = new DateTimeOffset(year, JapanOffset);
            end = start.AddYears(1);
            return true;
        }

        if (value.Length == 7 && DateTime.TryParseExact(value, "yyyy-MM", c, styles, out var month))
        {
            start = new DateTimeOffset(month, JapanOffset);
            end = start.AddMonths(1);
            return true;
        }

        if (value.Length == 10 && DateTime.TryParseExact(value, "yyyy-MM-dd", c, styles, out var day))
        {
            start = new DateTimeOffset(day, JapanOffset);
            end = start.AddDays(1);
            return true;
        }

        if (value.Length > 10 && value[10] == 'T')
        {
            var hasZone = value.EndsWith('Z') || value.LastIndexOfAny(['+', '-']) > 10;
            if (hasZone && DateTimeOffset.TryParse(value, c, DateTimeStyles.AssumeUniversal, out var withZone))
            {
                start = withZone;
                end = withZone.AddSeconds(1);
                return true;
            }

            if (!hasZone && DateTime.TryParse(value, c, DateTimeStyles.None, out var local))
            {
                start = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), JapanOffset);
                end = start.AddSeconds(1);
                return true;
            }
        }

        return false;
    }

    public static long? StartMilliseconds(string? value) =>
        TryParseRange(value, out var start, out _) ? start.ToUnixTimeMilliseconds() : null;
}