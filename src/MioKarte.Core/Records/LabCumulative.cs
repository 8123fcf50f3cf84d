using System.Globalization;
using MioKarte.Core.Gateway;

namespace MioKarte.Core.Records;

/// <summary>
/// One lab item's row of the cumulative table: its values by specimen day, and its 前回値 — the last
/// result of the item before the row's oldest shown day (at any facility), when the table was built
/// with the patient's history.
/// </summary>
public sealed record LabRow(string ItemId, string Name, string? Unit, string? ReferenceRange, IReadOnlyDictionary<DateOnly, LabResult> ByDay, PreviousLabValue? Previous = null);

/// <summary>前回値: an earlier result of the same lab item, with its day and facility.</summary>
public sealed record PreviousLabValue(DateOnly Day, LabResult Result, string FacilityName);

/// <summary>A common panel (血算, 肝機能…) and its rows.</summary>
public sealed record LabPanel(string Name, IReadOnlyList<LabRow> Rows);

/// <summary>検査結果の累積表: items × specimen days (newest first, as lab sheets print them), grouped by common panels.</summary>
public sealed record LabCumulativeTable(IReadOnlyList<DateOnly> Days, IReadOnlyList<LabPanel> Panels)
{
    /// <summary>Whether any row has a 前回値 (the column is left out otherwise).</summary>
    public bool HasPrevious => Panels.Any(p => p.Rows.Any(r => r.Previous is not null));
}

/// <summary>A point of a trend chart.</summary>
public sealed record TrendPoint(DateOnly Day, decimal Value, AbnormalFlag Flag, string FacilityName);

/// <summary>Builds cumulative lab tables and trend series from lab-result items.</summary>
public static class LabCumulative
{
    // JLAC10 analyte codes (first five characters) of the panels clinicians expect, in display order.
    private static readonly (string Panel, string[] Analytes)[] Panels =
    [
        ("血算", ["2A010", "2A990", "2A020", "2A030", "2A040", "2A050", "2A060"]),
        ("肝機能", ["3B035", "3B045", "3B090", "3B050", "3B070", "3J010", "3J015", "3A010", "3B015"]),
        ("腎機能", ["3C015", "3C025", "8A065", "3C020"]),
        ("糖代謝", ["3D010", "3D046", "3D045"]),
        ("脂質", ["3F015", "3F050", "3F070", "3F077"]),
        ("電解質", ["3H010", "3H015", "3H020", "3H030"]),
        ("炎症", ["5C070"]),
    ];

    /// <summary>
    /// The table of <paramref name="labResultItems"/>, days newest first. With <paramref name="history"/>
    /// (the patient's whole record) each row also gets its 前回値.
    /// </summary>
    public static LabCumulativeTable Build(IEnumerable<RecordItem> labResultItems, PatientRecordIndex? history = null)
    {
        ArgumentNullException.ThrowIfNull(labResultItems);
        var results = labResultItems.Select(i => i.Record).OfType<LabResult>().Where(r => r.SpecimenDate is not null).ToList();
        var days = results.Select(r => r.SpecimenDate!.Value.SortKey).Distinct().OrderDescending().ToList();
        var panels = results
            .GroupBy(PatientRecordIndex.LabItemId, StringComparer.Ordinal)
            .Select(g =>
            {
                var latest = g.MaxBy(r => r.SpecimenDate!.Value)!;
                var byDay = new Dictionary<DateOnly, LabResult>();
                foreach (var r in g.OrderBy(r => r.SpecimenDate!.Value))
                {
                    byDay[r.SpecimenDate!.Value.SortKey] = r; // the last of a day is shown
                }

                var previous = history is null ? null : PreviousOf(history.LabResultsOf(g.Key), byDay.Keys.Min());
                return (Panel: PanelOf(latest), Order: OrderOf(latest), Row: new LabRow(g.Key, latest.Item.Display, latest.Unit, latest.ReferenceRange, byDay, previous));
            })
            .GroupBy(x => x.Panel)
            .OrderBy(g => Array.FindIndex(Panels, p => p.Panel == g.Key) is var i && i < 0 ? int.MaxValue : i)
            .Select(g => new LabPanel(g.Key, g.OrderBy(x => x.Order).ThenBy(x => x.Row.Name, StringComparer.Ordinal).Select(x => x.Row).ToList()))
            .ToList();
        return new LabCumulativeTable(days, panels);
    }

    /// <summary>
    /// 前回値: the last result among <paramref name="itemResults"/> (one lab item's results, in any
    /// order) whose specimen day is before <paramref name="before"/>; the latest of that day when
    /// several were taken.
    /// </summary>
    public static PreviousLabValue? PreviousOf(IEnumerable<RecordItem> itemResults, DateOnly before)
    {
        ArgumentNullException.ThrowIfNull(itemResults);
        (RecordItem Item, LabResult Result)? best = null;
        foreach (var item in itemResults)
        {
            if (item.Record is LabResult { SpecimenDate: { } date } result && date.SortKey < before
                && (best is not { } b || date.CompareTo(b.Result.SpecimenDate!.Value) >= 0))
            {
                best = (item, result);
            }
        }

        return best is { } found ? new PreviousLabValue(found.Result.SpecimenDate!.Value.SortKey, found.Result, found.Item.FacilityName) : null;
    }

    /// <summary>The numeric values of one item over time, one per day (the last of a day).</summary>
    public static IReadOnlyList<TrendPoint> Trend(IEnumerable<RecordItem> itemResults)
    {
        ArgumentNullException.ThrowIfNull(itemResults);
        return itemResults
            .Where(i => i.Record is LabResult { SpecimenDate: not null, Value.Number: not null })
            .Select(i => (Item: i, Result: (LabResult)i.Record))
            .GroupBy(x => x.Result.SpecimenDate!.Value.SortKey)
            .Select(g => g.MaxBy(x => x.Result.SpecimenDate!.Value))
            .Select(x => new TrendPoint(x.Result.SpecimenDate!.Value.SortKey, x.Result.Value.Number!.Value, x.Result.Flag, x.Item.FacilityName))
            .OrderBy(p => p.Day)
            .ToList();
    }

    /// <summary>"H", "L", "*" or nothing, as lab sheets mark values.</summary>
    public static string Mark(AbnormalFlag flag) => flag switch
    {
        AbnormalFlag.None => "",
        AbnormalFlag.High => "H",
        AbnormalFlag.Low => "L",
        AbnormalFlag.Abnormal => "*",
    };

    /// <summary>
    /// The value as printed: comparator, number (at the precision sent, trailing zeros kept, machine
    /// floats rounded by <see cref="ClinicalNumber.Lab"/>), or text.
    /// </summary>
    public static string Format(LabValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Number is { } n ? value.Comparator + ClinicalNumber.Lab(n) : value.Text ?? "";
    }

    /// <summary>The number exactly as sent (送信値), or null when <see cref="Format"/> shows it unrounded.</summary>
    public static string? RawValue(LabValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Number is { } n && ClinicalNumber.IsRoundedLab(n) ? value.Comparator + ClinicalNumber.Raw(n) : null;
    }

    private static string PanelOf(LabResult result)
    {
        var code = result.IsJlac10 && result.Item.Code is { Length: >= 5 } c ? c[..5] : null;
        if (code is not null)
        {
            foreach (var (panel, analytes) in Panels)
            {
                if (analytes.Contains(code))
                {
                    return panel;
                }
            }

            return code[0] switch
            {
                '2' => "血液学検査",
                '3' => "生化学検査",
                '5' => "免疫学検査",
                _ => "その他",
            };
        }

        return "その他";
    }

    private static int OrderOf(LabResult result)
    {
        var code = result.IsJlac10 && result.Item.Code is { Length: >= 5 } c ? c[..5] : null;
        foreach (var (_, analytes) in Panels)
        {
            var index = code is null ? -1 : Array.IndexOf(analytes, code);
            if (index >= 0)
            {
                return index;
            }
        }

        return int.MaxValue;
    }
}
