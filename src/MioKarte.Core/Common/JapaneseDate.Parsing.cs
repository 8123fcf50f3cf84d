using System.Globalization;
using System.Text.RegularExpressions;
using MioKarte.Core.Text;

namespace MioKarte.Core.Common;

/// <summary>Why a typed date was not taken (<see cref="JapaneseDate.TryParse"/>).</summary>
public enum DateInputError
{
    None,

    /// <summary>Nothing typed (blank or spaces only).</summary>
    Empty,

    /// <summary>Not a date in any of the accepted shapes.</summary>
    Unreadable,

    /// <summary>Read, but there is no such day: 2月30日, 13月.</summary>
    NoSuchDay,

    /// <summary>A 和暦 date outside its era: 平成31年5月1日 (that day is 令和元年), 令和元年4月30日.</summary>
    NotInEra,

    /// <summary>A real day outside the field's <see cref="DateBounds"/>.</summary>
    OutOfRange,
}

/// <summary>
/// The days a date field accepts, both ends included: the one range rule of every typed date.
/// The earliest day any field takes is <see cref="Earliest"/> (明治元年, the first year the
/// parser can read in 和暦); the latest is <see cref="Latest"/> (a typo such as 20266 never passes).
/// A field narrows these (a birth date: up to today; 利用開始希望日: a week to a year ahead).
/// </summary>
public readonly record struct DateBounds(DateOnly From, DateOnly To)
{
    public static readonly DateOnly Earliest = new(1868, 1, 1);

    public static readonly DateOnly Latest = new(2199, 12, 31);

    /// <summary>Any day from <see cref="Earliest"/> to <see cref="Latest"/>: search filters, periods.</summary>
    public static DateBounds Any => new(Earliest, Latest);

    /// <summary>A day that has come: birth dates, consent dates (from <see cref="Earliest"/> to <paramref name="today"/>).</summary>
    public static DateBounds UpTo(DateOnly today) => new(Earliest, today);

    public bool Contains(DateOnly date) => date >= From && date <= To;
}

/// <summary>
/// The one parser of dates people type (forms) or bookmark (query strings): 西暦 and 和暦, full-width
/// digits too (NFKC first), spaces ignored.
/// <list type="bullet">
/// <item>西暦: 2024-01-05 (what <c>&lt;input type="date"&gt;</c> sends), 2024/1/5, 2024.1.5, 2024年1月5日, 20240105.</item>
/// <item>和暦: 令和6年1月5日, 令和元年5月1日, R6.1.5, R6/1/5, H31-4-30; 明治 (M), 大正 (T), 昭和 (S), 平成 (H), 令和 (R),
/// each only between its first and its last day (平成31年5月1日 is refused: that day is 令和元年).</item>
/// </list>
/// </summary>
public static partial class JapaneseDate
{
    /// <summary>The eras the parser reads, by their first day. 明治 from 1868-01-01: its first year was counted from New Year when the era was proclaimed.</summary>
    private static readonly (string Name, char Letter, DateOnly FirstDay)[] Eras =
    [
        ("明治", 'M', new DateOnly(1868, 1, 1)),
        ("大正", 'T', new DateOnly(1912, 7, 30)),
        ("昭和", 'S', new DateOnly(1926, 12, 25)),
        ("平成", 'H', new DateOnly(1989, 1, 8)),
        ("令和", 'R', new DateOnly(2019, 5, 1)),
    ];

    /// <summary>
    /// Reads <paramref name="text"/> as a day within <paramref name="bounds"/>. On failure
    /// <paramref name="error"/> says why (<see cref="MessageKey"/> gives its message) and
    /// <paramref name="date"/> is default.
    /// </summary>
    public static bool TryParse(string? text, DateBounds bounds, out DateOnly date, out DateInputError error)
    {
        date = default;
        error = Read(text, out var read);
        if (error == DateInputError.None && !bounds.Contains(read))
        {
            error = DateInputError.OutOfRange;
        }

        if (error != DateInputError.None)
        {
            return false;
        }

        date = read;
        return true;
    }

    /// <summary>
    /// A Japan wall-clock time as typed: a date <see cref="TryParse"/> reads, then "T" or a space, then
    /// H:mm or H:mm:ss (2026-12-01T09:00 from <c>&lt;input type="datetime-local"&gt;</c>, 令和8年12月1日 9:00).
    /// A time that is no time of day is <see cref="DateInputError.Unreadable"/>.
    /// </summary>
    public static bool TryParseDateTime(string? text, DateBounds bounds, out DateTime local, out DateInputError error)
    {
        local = default;
        var cleaned = JapaneseText.Clean(text);
        if (string.IsNullOrEmpty(cleaned))
        {
            error = DateInputError.Empty;
            return false;
        }

        var split = cleaned.IndexOf('T', StringComparison.Ordinal) is var t and > 0 ? t : cleaned.LastIndexOf(' ');
        if (split <= 0 || Time().Match(cleaned[(split + 1)..]) is not { Success: true } time)
        {
            error = DateInputError.Unreadable;
            return false;
        }

        var (hour, minute) = (Number(time.Groups["hour"].Value), Number(time.Groups["minute"].Value));
        var second = time.Groups["second"].Success ? Number(time.Groups["second"].Value) : 0;
        if (hour > 23 || minute > 59 || second > 59)
        {
            error = DateInputError.Unreadable;
            return false;
        }

        if (!TryParse(cleaned[..split], bounds, out var date, out error))
        {
            return false;
        }

        local = date.ToDateTime(new TimeOnly(hour, minute, second));
        return true;
    }

    /// <summary>The date, or null when it is blank or not taken (for filters that drop what they cannot read).</summary>
    public static DateOnly? ParseOrNull(string? text, DateBounds bounds) =>
        TryParse(text, bounds, out var date, out _) ? date : null;

    /// <summary>The shared resource key of the message for <paramref name="error"/> (<c>Date.Error.*</c>); its argument {0} is what was typed.</summary>
    public static string MessageKey(DateInputError error) => "Date.Error." + error;

    /// <summary>
    /// The message key of a field's refused date: the shared one when the day itself is wrong (no
    /// such day, outside its era: the field's own words could not say which), else the field's own,
    /// which names the shapes and the days that field takes. Its argument {0} is what was typed.
    /// </summary>
    public static string MessageKey(DateInputError error, string fieldMessageKey) =>
        error is DateInputError.NoSuchDay or DateInputError.NotInEra ? MessageKey(error) : fieldMessageKey;

    private static DateInputError Read(string? text, out DateOnly date)
    {
        date = default;
        var cleaned = JapaneseText.Clean(text)?.Replace(" ", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(cleaned))
        {
            return DateInputError.Empty;
        }

        if (Seireki().Match(cleaned) is { Success: true } seireki)
        {
            return Day(Number(seireki.Groups["year"].Value), seireki.Groups["month"].Value, seireki.Groups["day"].Value, out date);
        }

        if (Compact().Match(cleaned) is { Success: true } compact)
        {
            return Day(Number(compact.Groups["year"].Value), compact.Groups["month"].Value, compact.Groups["day"].Value, out date);
        }

        if (Wareki().Match(cleaned) is not { Success: true } wareki)
        {
            return DateInputError.Unreadable;
        }

        var eraText = wareki.Groups["era"].Value;
        var era = Array.FindIndex(Eras, e => e.Name == eraText || (eraText.Length == 1 && char.ToUpperInvariant(eraText[0]) == e.Letter));
        var yearOfEra = wareki.Groups["year"].Value is "元" ? 1 : Number(wareki.Groups["year"].Value);
        if (yearOfEra < 1)
        {
            return DateInputError.NotInEra;
        }

        var result = Day(Eras[era].FirstDay.Year + yearOfEra - 1, wareki.Groups["month"].Value, wareki.Groups["day"].Value, out var day);
        if (result != DateInputError.None)
        {
            return result;
        }

        if (day < Eras[era].FirstDay || (era + 1 < Eras.Length && day >= Eras[era + 1].FirstDay))
        {
            return DateInputError.NotInEra;
        }

        date = day;
        return DateInputError.None;
    }

    private static DateInputError Day(int year, string month, string day, out DateOnly date)
    {
        date = default;
        var (m, d) = (Number(month), Number(day));
        if (year is < 1 or > 9999 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(year, m))
        {
            return DateInputError.NoSuchDay;
        }

        date = new DateOnly(year, m, d);
        return DateInputError.None;
    }

    private static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    // One separator kind per date (2024-1-5, 2024/1/5, 2024.1.5) or the kanji 年月日; mixed ones are not a date someone meant.
    [GeneratedRegex(@"^(?<year>[0-9]{4})(?:(?<s>[-/.])(?<month>[0-9]{1,2})\k<s>(?<day>[0-9]{1,2})|年(?<month>[0-9]{1,2})月(?<day>[0-9]{1,2})日)$", RegexOptions.CultureInvariant)]
    private static partial Regex Seireki();

    [GeneratedRegex(@"^(?<hour>[0-9]{1,2}):(?<minute>[0-9]{2})(?::(?<second>[0-9]{2}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Time();

    [GeneratedRegex(@"^(?<year>[0-9]{4})(?<month>[0-9]{2})(?<day>[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Compact();

    [GeneratedRegex(@"^(?<era>明治|大正|昭和|平成|令和|[MTSHRmtshr])(?<year>元|[0-9]{1,2})(?:(?<s>[-/.])(?<month>[0-9]{1,2})\k<s>(?<day>[0-9]{1,2})|年(?<month>[0-9]{1,2})月(?<day>[0-9]{1,2})日)$", RegexOptions.CultureInvariant)]
    private static partial Regex Wareki();
}
