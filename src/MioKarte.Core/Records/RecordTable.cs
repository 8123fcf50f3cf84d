namespace MioKarte.Core.Records;

/// <summary>One column of the table: the Japan calendar days [Start, End].</summary>
public sealed record TablePeriod(DateOnly Start, DateOnly End)
{
    public bool Contains(DateOnly day) => day >= Start && day <= End;
}

/// <summary>What the table shows: zoom, period (Japan dates, inclusive), categories and facilities (empty = all).</summary>
public sealed record TableQuery(
    TableZoom Zoom,
    DateOnly From,
    DateOnly To,
    IReadOnlyCollection<RecordCategory> Categories,
    IReadOnlyCollection<string> Facilities)
{
    /// <summary>At most this many columns; a longer period is cut at its start.</summary>
    public const int MaxColumns = 400;

    public bool Shows(RecordCategory category) => Categories.Count == 0 || Categories.Contains(category);

    public bool Shows(string facilityCode) => Facilities.Count == 0 || Facilities.Contains(facilityCode);

    /// <summary>The default view: the latest three months (Japan time) by week, everything.</summary>
    public static TableQuery Default(DateOnly today) => new(TableZoom.Week, today.AddMonths(-3).AddDays(1), today, [], []);
}

/// <summary>How many of one facility's items a cell holds.</summary>
public sealed record CellFacility(string Code, string Name, int Count);

/// <summary>One cell: what happened in one category during one period.</summary>
public sealed record TableCell(RecordCategory Category, TablePeriod Period, IReadOnlyList<RecordItem> Items, int NewCount, bool HasApproximateDates)
{
    public int Count => Items.Count;

    /// <summary>A short label: the first item's label, and how many more.</summary>
    public string Label => Items.Count == 0 ? "" : Items.Select(i => i.Label).Distinct(StringComparer.Ordinal).Count() is var distinct && distinct > 1
        ? $"{Items[0].Label} 他{distinct - 1}種"
        : Items[0].Label;

    public IReadOnlyList<CellFacility> Facilities => Items
        .GroupBy(i => i.FacilityCode, StringComparer.Ordinal)
        .Select(g => new CellFacility(g.Key, g.First().FacilityName, g.Count()))
        .ToList();
}

public sealed record TableRow(RecordCategory Category, IReadOnlyList<TableCell?> Cells, int Total);

/// <summary>The 一連の表 for one query: columns, one row per category shown, undated items apart.</summary>
public sealed record RecordTable(
    TableQuery Query,
    IReadOnlyList<TablePeriod> Columns,
    IReadOnlyList<TableRow> Rows,
    IReadOnlyList<RecordItem> Undated,
    DateOnly? FirstRecord,
    DateOnly? LastRecord,
    bool Truncated)
{
    public TableCell? CellAt(RecordCategory category, DateOnly periodStart) =>
        Rows.FirstOrDefault(r => r.Category == category)?.Cells.FirstOrDefault(c => c?.Period.Start == periodStart);
}

/// <summary>
/// Records → the cells of the 一連の表. Pure: dates are the Japan calendar dates the records carry
/// (the gateway moves other zones to Japan time), weeks run Monday to Sunday, several facilities'
/// items merge into one cell that names each facility. A partial date ("2020-05") goes into the column
/// where it begins and marks the cell as approximate when the column is finer than the date.
/// </summary>
public static class RecordTableBuilder
{
    public static RecordTable Build(IReadOnlyList<RecordItem> items, TableQuery query, DateTime? markNewSinceUtc)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(query);
        var (columns, truncated) = Columns(query);
        var categories = Enum.GetValues<RecordCategory>().Where(query.Shows).ToArray();
        var byColumn = new List<RecordItem>?[Enum.GetValues<RecordCategory>().Length][];
        foreach (var category in categories)
        {
            byColumn[(int)category] = new List<RecordItem>?[columns.Count];
        }

        // One pass over the items: filters, first and last record, undated ones, the column of each.
        DateOnly? first = null, last = null;
        var undated = new List<RecordItem>();
        var from = columns.Count > 0 ? columns[0].Start : DateOnly.MaxValue;
        var to = columns.Count > 0 ? columns[^1].End : DateOnly.MinValue;
        foreach (var item in items)
        {
            if (!query.Shows(item.Category) || !query.Shows(item.FacilityCode))
            {
                continue;
            }

            if (item.Date is not { } date)
            {
                undated.Add(item);
                continue;
            }

            var day = date.SortKey;
            first = first is { } f && f <= day ? f : day;
            last = last is { } l && l >= day ? l : day;
            if (day >= from && day <= to)
            {
                (byColumn[(int)item.Category][ColumnIndex(columns, day)] ??= []).Add(item);
            }
        }

        var rows = new List<TableRow>();
        if (columns.Count > 0)
        {
            foreach (var category in categories)
            {
                var lists = byColumn[(int)category];
                var cells = new TableCell?[columns.Count];
                var total = 0;
                for (var c = 0; c < columns.Count; c++)
                {
                    if (lists[c] is { } list)
                    {
                        total += list.Count;
                        cells[c] = new TableCell(
                            category, columns[c], list, list.Count(i => i.IsNewSince(markNewSinceUtc)), list.Any(i => IsApproximate(i.Date!.Value, query.Zoom)));
                    }
                }

                rows.Add(new TableRow(category, cells, total));
            }
        }

        return new RecordTable(query, columns, rows, undated, first, last, truncated);
    }

    /// <summary>The first day of the column that holds <paramref name="day"/>.</summary>
    public static DateOnly PeriodStart(DateOnly day, TableZoom zoom) => zoom switch
    {
        TableZoom.Day => day,
        TableZoom.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        TableZoom.Month => new DateOnly(day.Year, day.Month, 1),
    };

    public static DateOnly PeriodEnd(DateOnly start, TableZoom zoom) => zoom switch
    {
        TableZoom.Day => start,
        TableZoom.Week => start.AddDays(6),
        TableZoom.Month => start.AddMonths(1).AddDays(-1),
    };

    /// <summary>Whether a date is coarser than the columns (a month-only date in a week column).</summary>
    public static bool IsApproximate(Gateway.PartialDate date, TableZoom zoom) => zoom switch
    {
        TableZoom.Day or TableZoom.Week => date.Day is null,
        TableZoom.Month => date.Month is null,
    };

    private static (List<TablePeriod> Columns, bool Truncated) Columns(TableQuery query)
    {
        var columns = new List<TablePeriod>();
        if (query.To < query.From)
        {
            return (columns, false);
        }

        var start = PeriodStart(query.From, query.Zoom);
        while (start <= query.To)
        {
            columns.Add(new TablePeriod(start, PeriodEnd(start, query.Zoom)));
            start = PeriodEnd(start, query.Zoom).AddDays(1);
        }

        var truncated = columns.Count > TableQuery.MaxColumns;
        return (truncated ? columns[^TableQuery.MaxColumns..] : columns, truncated);
    }

    private static int ColumnIndex(List<TablePeriod> columns, DateOnly day)
    {
        int low = 0, high = columns.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (columns[mid].Start <= day)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }
}
