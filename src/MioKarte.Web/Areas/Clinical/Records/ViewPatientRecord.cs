using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Records;

namespace MioKarte.Web.Areas.Clinical.Records;

/// <summary>What the detail pane shows.</summary>
public abstract record RecordDetail
{
    private RecordDetail()
    {
    }

    /// <summary>The items of one cell (a list; lab results as a cumulative table).</summary>
    public sealed record Cell(TableCell Value, LabCumulativeTable? Labs) : RecordDetail;

    /// <summary>One item; a lab result with the other results of its day and its 前回値.</summary>
    public sealed record Item(RecordItem Value, LabCumulativeTable? SameDayLabs, PreviousLabValue? Previous = null) : RecordDetail;

    /// <summary>One lab item's trend over the chosen period (<see cref="TrendPeriod"/>; From–To the days it covers).</summary>
    public sealed record Trend(
        string LabItemId, string Name, string? Unit, string? ReferenceRange, TrendPeriod Period, DateOnly From, DateOnly To,
        IReadOnlyList<TrendPoint> Points, TrendChart Chart, LabCumulativeTable Table) : RecordDetail;

    /// <summary>One vital sign's trend over all time (血圧, 体温, 体重…).</summary>
    public sealed record Vitals(VitalTrend Value) : RecordDetail;
}

public sealed record PatientRecordPage(
    PatientRecordContext Context,
    RecordTableState State,
    RecordTable Table,
    RecordDetail? Detail,
    int NewCount);

/// <summary>
/// 一連の表: builds the table for the state in the query string, marks what is new since this user's
/// last sitting, opens the selected detail (an id that is not in this patient's record is not
/// found), and writes the access-log rows — the table, and the detail if one is open.
/// </summary>
public sealed class ViewPatientRecordHandler(MioKarteDbContext db, AccessLogWriter accessLog, TimeProvider time) : IUseCaseHandler
{
    public async Task<PatientRecordPage?> HandleAsync(PatientRecordContext context, RecordTableState state, bool detailOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        var detail = Resolve(context.Index, state, out var valid);
        if (!valid)
        {
            return null;
        }

        var markNewSince = await OpenVisitAsync(context, cancellationToken);
        var table = RecordTableBuilder.Build(context.Index.Items, state.Query, markNewSince);
        if (state.OnLatestRecord(table) is { } latest)
        {
            state = latest;
            table = RecordTableBuilder.Build(context.Index.Items, state.Query, markNewSince);
        }
        if (detail is RecordDetail.Cell cell)
        {
            // The cell as the table built it (with its 新着 count), not as the selection alone would.
            detail = table.CellAt(cell.Value.Category, cell.Value.Period.Start) is { } built ? cell with { Value = built } : null;
        }

        // One save: the table's row (unless only the detail pane is asked for), the detail's row, and
        // the visit when it moved on (at most once a minute; else the rows join the group commit).
        var records = new List<AccessRecord>(2);
        if (!detailOnly)
        {
            records.Add(context.Accessed(
                AccessAction.PatientRecord, context.Links.Count == 1 ? context.Links[0].Id : null,
                "links:" + string.Join(',', context.Links.Select(l => l.Id.ToString("N")))));
        }

        if (detail is not null)
        {
            records.Add(DetailRecord(context, detail));
        }

        if (records.Count > 0)
        {
            await accessLog.AppendAsync(context.Actor, records, cancellationToken);
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        var newCount = context.Index.Items.Count(i => i.IsNewSince(markNewSince));
        return new PatientRecordPage(context, state, table, detail, newCount);
    }

    /// <summary>
    /// Notes this sitting (saved with the access-log rows) and answers since when items count as new.
    /// Nothing is new under an emergency grant: there is no earlier sitting with a consented link.
    /// </summary>
    private async Task<DateTime?> OpenVisitAsync(PatientRecordContext context, CancellationToken cancellationToken)
    {
        if (context.Emergency is not null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var visit = await FindVisit(db, context.Actor.UserId, context.Patient.Id, cancellationToken);
        if (visit is null)
        {
            visit = PatientRecordVisit.First(context.Actor.UserId, context.Patient.Id, now);
            db.PatientRecordVisits.Add(visit);
        }
        else
        {
            visit.Open(now);
        }

        return visit.MarkNewSinceUtc;
    }

    /// <summary>Compiled once: every view of the table asks it (docs/performance.md).</summary>
    private static readonly Func<MioKarteDbContext, string, Guid, CancellationToken, Task<PatientRecordVisit?>> FindVisit = EF.CompileAsyncQuery(
        (MioKarteDbContext db, string userId, Guid patientId, CancellationToken _) => db.PatientRecordVisits.SingleOrDefault(v => v.UserId == userId && v.FacilityPatientId == patientId));

    private static AccessRecord DetailRecord(PatientRecordContext context, RecordDetail detail) => detail switch
    {
        RecordDetail.Cell c => context.Accessed(AccessAction.RecordDetail, SingleLink(c.Value.Items), $"{c.Value.Category}/{c.Value.Period.Start:yyyyMMdd}"),
        RecordDetail.Item i => context.Accessed(AccessAction.RecordDetail, i.Value.PatientLinkId, $"{i.Value.Category}/{i.Value.Id}"),
        RecordDetail.Trend t => context.Accessed(AccessAction.LabTrend, null, "LabItem/" + t.LabItemId),
        RecordDetail.Vitals v => context.Accessed(AccessAction.RecordDetail, SingleLink(v.Value.Values), "VitalSign/" + v.Value.TrendId),
        _ => throw new ArgumentOutOfRangeException(nameof(detail)),
    };

    private static Guid? SingleLink(IEnumerable<RecordItem> items) =>
        items.Select(i => i.PatientLinkId).Distinct().ToList() is [var only] ? only : null;

    /// <summary>The detail the selection names; <paramref name="valid"/> is false when it names something not in this record.</summary>
    public static RecordDetail? Resolve(PatientRecordIndex index, RecordTableState state, out bool valid)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(state);
        valid = true;
        var selection = state.Selection;
        if (selection is null)
        {
            return null;
        }

        if (selection.StartsWith("i-", StringComparison.Ordinal) && index.Find(selection[2..]) is { } item)
        {
            var sameDay = item.Category == RecordCategory.LabResult && item.Date is { } d
                ? LabCumulative.Build(index.Items.Where(i => i.Category == RecordCategory.LabResult && i.FacilityCode == item.FacilityCode && i.Date?.SortKey == d.SortKey), index)
                : null;
            var previous = item.Record is Core.Gateway.LabResult { SpecimenDate: { } day } result
                ? LabCumulative.PreviousOf(index.LabResultsOf(PatientRecordIndex.LabItemId(result)), day.SortKey)
                : null;
            return new RecordDetail.Item(item, sameDay, previous);
        }

        if (selection.StartsWith("t-", StringComparison.Ordinal) && RecordIds.IsWellFormed(selection[2..]))
        {
            var all = index.LabResultsOf(selection[2..]);
            var dated = all.Where(i => i.Date is not null).ToList();
            if (all.Count > 0)
            {
                var latest = (Core.Gateway.LabResult)all[^1].Record;
                var first = dated.Count > 0 ? dated[0].Date!.Value.SortKey : DateOnly.FromDayNumber(0);
                var last = dated.Count > 0 ? dated[^1].Date!.Value.SortKey : first;
                var (from, to) = TrendPeriods.Window(state.TrendPeriod, last) ?? (first, last);
                var shown = dated.Where(i => i.Date!.Value.SortKey >= from && i.Date.Value.SortKey <= to).ToList();
                var points = LabCumulative.Trend(shown);
                return new RecordDetail.Trend(selection[2..], latest.Item.Display, latest.Unit, latest.ReferenceRange, state.TrendPeriod, from, to, points,
                    TrendChart.Layout(points, latest.ReferenceRange, from, to), LabCumulative.Build(shown, index));
            }
        }

        if (selection.StartsWith("v-", StringComparison.Ordinal) && RecordIds.IsWellFormed(selection[2..])
            && VitalTrend.Build(selection[2..], index.VitalSignsOf(selection[2..])) is { } vitals)
        {
            return new RecordDetail.Vitals(vitals);
        }

        if (RecordTableState.ParseCell(selection) is { } cell)
        {
            var start = RecordTableBuilder.PeriodStart(cell.Start, state.Query.Zoom);
            var end = RecordTableBuilder.PeriodEnd(start, state.Query.Zoom);
            var items = index.Items
                .Where(i => i.Category == cell.Category && state.Query.Shows(i.FacilityCode) && i.Date is { } d && d.SortKey >= start && d.SortKey <= end)
                .ToList();
            if (items.Count > 0)
            {
                var value = new TableCell(cell.Category, new TablePeriod(start, end), items, 0, false);
                return new RecordDetail.Cell(value, cell.Category == RecordCategory.LabResult ? LabCumulative.Build(items, index) : null);
            }
        }

        valid = false;
        return null;
    }
}
