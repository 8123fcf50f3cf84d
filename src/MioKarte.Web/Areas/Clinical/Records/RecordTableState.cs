using System.Globalization;
using System.Text;
using MioKarte.Core.Common;
using MioKarte.Core.Records;

namespace MioKarte.Web.Areas.Clinical.Records;

/// <summary>
/// The table's state as it travels in the query string (zoom, period, categories, facilities, the
/// open detail, the span of an open trend), so every view works as a plain link without script and
/// can be bookmarked. Only opaque ids and dates, never anything about the patient.
/// </summary>
public sealed record RecordTableState(string RecordPath, TableQuery Query, bool IsDefaultPeriod, string? Selection, TrendPeriod TrendPeriod = TrendPeriods.Default)
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <param name="recordPath">The record's address (<see cref="RecordPaths"/>): a patient's, or an emergency grant's.</param>
    public static RecordTableState Parse(string recordPath, IQueryCollection query, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(query);
        var zoom = Enum.TryParse<TableZoom>(query["zoom"], ignoreCase: true, out var z) && Enum.IsDefined(z) ? z : TableZoom.Week;
        var defaults = TableQuery.Default(today);
        var from = ParseDate(query["from"]);
        var to = ParseDate(query["to"]);
        var isDefault = from is null && to is null;
        var end = to ?? (from is { } f ? Min(f.AddMonths(3).AddDays(-1), today) : today);
        var start = from ?? end.AddMonths(-3).AddDays(1);
        if (start > end)
        {
            (start, end) = (end, start);
        }

        var categories = query["cat"].Select(c => Enum.TryParse<RecordCategory>(c, out var v) && Enum.IsDefined(v) ? (RecordCategory?)v : null)
            .OfType<RecordCategory>().Distinct().ToList();
        var facilities = query["fac"].Where(f => f is { Length: > 0 and <= 20 } && f.All(char.IsAsciiLetterOrDigit)).Distinct().OfType<string>().ToList();
        var selection = query["sel"].ToString() is { Length: > 0 and <= 64 } s ? s : null;
        return new RecordTableState(
            recordPath, defaults with { Zoom = zoom, From = start, To = end, Categories = categories, Facilities = facilities }, isDefault, selection, TrendPeriods.Parse(query["tp"]));
    }

    public int PeriodDays => Query.To.DayNumber - Query.From.DayNumber + 1;

    /// <summary>
    /// The latest record's day when the default window (no period chosen: the latest 3 months) held
    /// no record and the table opened on the 3 months ending at that record instead (said in a notice).
    /// </summary>
    public DateOnly? OpenedOnLatestRecord { get; init; }

    /// <summary>
    /// For a default window in which <paramref name="table"/> shows no record although older ones
    /// exist (a patient whose records all end years ago), the state of the 3 months ending at the
    /// latest record; null otherwise. An empty table would tell the clinician nothing but a date.
    /// </summary>
    public RecordTableState? OnLatestRecord(RecordTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return IsDefaultPeriod && OpenedOnLatestRecord is null && table.Rows.All(r => r.Total == 0) && table.LastRecord is { } latest && latest < Query.From
            ? this with { Query = Query with { From = latest.AddMonths(-3).AddDays(1), To = latest }, OpenedOnLatestRecord = latest }
            : null;
    }

    /// <summary>The page's address with this state, changed as asked.</summary>
    public string Link(
        TableZoom? zoom = null, DateOnly? from = null, DateOnly? to = null, string? selection = null, bool clearSelection = false, bool keepDefaultPeriod = true,
        TrendPeriod? trendPeriod = null)
    {
        var parts = new List<string>();
        var z = zoom ?? Query.Zoom;
        if (z != TableZoom.Week)
        {
            parts.Add("zoom=" + z.ToString().ToLowerInvariant());
        }

        if (from is not null || to is not null || !(IsDefaultPeriod && keepDefaultPeriod))
        {
            parts.Add("from=" + (from ?? Query.From).ToString(DateFormat, CultureInfo.InvariantCulture));
            parts.Add("to=" + (to ?? Query.To).ToString(DateFormat, CultureInfo.InvariantCulture));
        }

        parts.AddRange(Query.Categories.Select(c => "cat=" + c));
        parts.AddRange(Query.Facilities.Select(f => "fac=" + Uri.EscapeDataString(f)));
        var sel = clearSelection ? null : selection ?? Selection;
        if (sel is not null)
        {
            parts.Add("sel=" + Uri.EscapeDataString(sel));
            if (sel.StartsWith("t-", StringComparison.Ordinal) && (trendPeriod ?? TrendPeriod) is var period && period != TrendPeriods.Default)
            {
                parts.Add("tp=" + TrendPeriods.ToQuery(period));
            }
        }

        return RecordPath + (parts.Count == 0 ? "" : "?" + string.Join('&', parts));
    }

    /// <summary>The same period one window earlier or later.</summary>
    public string Shift(int windows) =>
        Link(from: Query.From.AddDays(windows * PeriodDays), to: Query.To.AddDays(windows * PeriodDays), clearSelection: true);

    /// <summary>The window that starts with the first record.</summary>
    public string StartingAt(DateOnly first) => Link(from: first, to: first.AddDays(PeriodDays - 1), clearSelection: true);

    public string Latest() => DefaultLink();

    public static string CellSelection(RecordCategory category, DateOnly periodStart) =>
        $"c-{category}-{periodStart.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    public static string ItemSelection(string itemId) => "i-" + itemId;

    public static string TrendSelection(string labItemId) => "t-" + labItemId;

    /// <summary>A vital sign's trend (<see cref="VitalText.TrendId"/>).</summary>
    public static string VitalTrendSelection(string trendId) => "v-" + trendId;

    /// <summary>Reads a cell selection back ("c-LabResult-20261005").</summary>
    public static (RecordCategory Category, DateOnly Start)? ParseCell(string? selection)
    {
        var parts = selection?.Split('-');
        return parts is ["c", var category, var day]
            && Enum.TryParse<RecordCategory>(category, out var c) && Enum.IsDefined(c)
            && day.Length == 8 && JapaneseDate.ParseOrNull(day, DateBounds.Any) is { } d
            ? (c, d)
            : null;
    }

    private string DefaultLink()
    {
        var builder = new StringBuilder(RecordPath);
        var parts = new List<string>();
        if (Query.Zoom != TableZoom.Week)
        {
            parts.Add("zoom=" + Query.Zoom.ToString().ToLowerInvariant());
        }

        parts.AddRange(Query.Categories.Select(c => "cat=" + c));
        parts.AddRange(Query.Facilities.Select(f => "fac=" + Uri.EscapeDataString(f)));
        return parts.Count == 0 ? builder.ToString() : builder.Append('?').Append(string.Join('&', parts)).ToString();
    }

    // A period typed into the address bar reads like one typed into a form (和暦 too); what cannot be read is the default period.
    private static DateOnly? ParseDate(string? value) => JapaneseDate.ParseOrNull(value, DateBounds.Any);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
