using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Records;
using MioKarte.Core.Text;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.FacilityAdmin.AccessLog;

/// <summary>
/// The access-log filters as the query string carries them (the facility's and the council's
/// screens, and their CSV links). Dates are Japan days <c>yyyy-MM-dd</c>, both ends included.
/// </summary>
public sealed class AccessLogQuery
{
    public string? From { get; set; }

    public string? To { get; set; }

    /// <summary>利用者ID.</summary>
    public string? User { get; set; }

    /// <summary>自院の患者ID (<c>FacilityPatient.LocalPatientId</c>).</summary>
    public string? Patient { get; set; }

    public string? Action { get; set; }

    public bool Emergency { get; set; }

    /// <summary>施設コード (council only).</summary>
    public string? Facility { get; set; }

    /// <summary>The rows of one 非常時アクセス grant (the council's emergency list links here).</summary>
    public Guid? Grant { get; set; }

    /// <summary>The page as typed (<see cref="ListQuery.Page"/>): anything but a positive number shows page 1.</summary>
    public string? Page { get; set; }

    /// <summary>The filter, and the resource keys of the filters that could not be read (they are left out).</summary>
    public (AccessLogFilter Filter, IReadOnlyList<string> ErrorKeys) ToFilter(bool council)
    {
        var errors = new List<string>();
        var from = Day(From, "AccessLog.Error.From", errors);
        var to = Day(To, "AccessLog.Error.To", errors);
        if (from is { } f && to is { } t && f > t)
        {
            errors.Add("AccessLog.Error.Period");
            from = null;
            to = null;
        }

        if (!ListQuery.TryFilter<AccessAction>(Action, out var action))
        {
            errors.Add("AccessLog.Error.Action");
        }

        return (new AccessLogFilter(from, to, Blank(User), Blank(Patient), action, Emergency, council ? Blank(Facility) : null, Grant), errors);
    }

    /// <summary>The query string of these filters (without the page), for the pager and the CSV link.</summary>
    public string ToQueryString(bool council)
    {
        var query = new QueryBuilder();
        Add(query, "from", From);
        Add(query, "to", To);
        Add(query, "user", User);
        Add(query, "patient", Patient);
        Add(query, "action", Action);
        if (Emergency)
        {
            query.Add("emergency", "true");
        }

        if (council)
        {
            Add(query, "facility", Facility);
        }

        if (Grant is { } grant)
        {
            query.Add("grant", grant.ToString("D"));
        }

        return query.ToQueryString().Value?.TrimStart('?') ?? "";
    }

    private static void Add(QueryBuilder query, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            query.Add(name, value.Trim());
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly? Day(string? value, string errorKey, List<string> errors)
    {
        if (JapaneseDate.TryParse(value, DateBounds.Any, out var day, out var error))
        {
            return day;
        }

        if (error != DateInputError.Empty)
        {
            errors.Add(errorKey);
        }

        return null;
    }
}

/// <summary>One page of the access log with its filters; <see cref="Users"/> fills the facility's user list.</summary>
public sealed record AccessLogPage(
    AccessLogQuery Query,
    bool Council,
    PageOfRows<AccessLogRow> Rows,
    IReadOnlyList<string> ErrorKeys,
    IReadOnlyList<(string UserName, string DisplayName)> Users,
    IReadOnlyDictionary<Guid, EmergencyGrantFacts> Grants,
    IReadOnlyDictionary<Guid, string> LinkHospitals)
{
    /// <summary>The prefix of the record table's target: the patient links it showed, by id.</summary>
    public const string LinksTargetPrefix = "links:";

    /// <summary>
    /// The hospitals of a record-table row (its stored target lists the patient links it showed,
    /// which mean nothing to a reader), or null for any other row, whose target is shown as stored.
    /// </summary>
    public IReadOnlyList<string>? HospitalsOf(AccessLogRow row) =>
        LinkIdsOf(row.Target) is { } ids ? [.. ids.Select(id => LinkHospitals.GetValueOrDefault(id, "—")).Distinct()] : null;

    /// <summary>
    /// A row's target as a reader says it, never as stored: 「検査結果 2026/10/01〜」 for a cell of the
    /// table (category and the period's first day), 「検査結果」 for one record, 「検査結果の推移」 for a
    /// lab item's trend, 「サマリ印刷 2026/09/08〜2026/12/07（処方・注射）」 for a printed summary, 「画像・文書」
    /// for a picture or document opened on its own; any other target as stored.
    /// </summary>
    public static string? TargetText(AccessLogRow row, Func<string, string> text)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(text);
        if (row.Target is not { } target || target.Split('/') is not [var first, .. var rest])
        {
            return row.Target;
        }

        string Category(string name) =>
            Enum.TryParse<RecordCategory>(name, out var c) && Enum.IsDefined(c) && !char.IsAsciiDigit(name[0]) ? text("Record.Category." + c) : name;

        switch (first, rest)
        {
            case ("LabItem", [_]):
                return text("AccessLog.Target.LabTrend");
            case ("Content", [_]):
                return text("AccessLog.Target.Content");
            case ("Summary", [var period, var categories]) when period.Split('-') is [var from, var to] && Day(from) is { } fromDay && Day(to) is { } toDay:
                var names = categories.Length == 0
                    ? text("AccessLog.Target.AllCategories")
                    : string.Join("・", categories.Split('+').Select(Category));
                return string.Format(CultureInfo.CurrentCulture, text("AccessLog.Target.Summary"), JapanTime.FormatDate(fromDay), JapanTime.FormatDate(toDay), names);
            case (_, [var rest1]) when Enum.TryParse<RecordCategory>(first, out var category) && Enum.IsDefined(category) && !char.IsAsciiDigit(first[0]):
                return Day(rest1) is { } start ? $"{text("Record.Category." + category)} {JapanTime.FormatDate(start)}〜" : text("Record.Category." + category);
            default:
                return row.Target;
        }
    }

    private static DateOnly? Day(string yyyyMMdd) =>
        yyyyMMdd.Length == 8 ? JapaneseDate.ParseOrNull(yyyyMMdd, DateBounds.Any) : null;

    /// <summary>The link ids of a record-table target, or null when the target is not one.</summary>
    public static IReadOnlyList<Guid>? LinkIdsOf(string? target) =>
        target is not null && target.StartsWith(LinksTargetPrefix, StringComparison.Ordinal)
            ? [.. target[LinksTargetPrefix.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(part => Guid.TryParseExact(part, "N", out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)]
            : null;

    /// <summary>The facts of the 非常時アクセス grant a row names (reason, hospital, patient, user, period), or null.</summary>
    public EmergencyGrantFacts? GrantOf(AccessLogRow row) =>
        row.GrantId is { } id && Grants.TryGetValue(id, out var facts) ? facts : null;

    public string BasePath => Council ? "/council/access-log" : "/facility/access-log";

    public string QueryString => Query.ToQueryString(Council);
}

/// <summary>
/// 閲覧記録の確認: one page of the access log, newest first. <c>facility</c> limits it to the
/// facility's own people (the 管理責任者's screen); null shows every facility (the council).
/// </summary>
public sealed class AccessLogPageHandler(MioKarteDbContext db) : IUseCaseHandler
{
    public const int PageSize = 50;

    public async Task<AccessLogPage> HandleAsync(AccessLogQuery query, IActingFacility? facility, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var council = facility is null;
        var (filter, errors) = query.ToFilter(council);
        var rows = await AccessLogSearch.Rows(db, filter, facility).PageAsync(ListQuery.PageOrFirst(query.Page), PageSize, cancellationToken);
        var users = facility is not null
            ? (await db.Users.AsNoTracking().ForFacility(facility).OrderBy(u => u.DisplayNameKana).ThenBy(u => u.UserName)
                .Select(u => new { UserName = u.UserName ?? "", u.DisplayName }).ToListAsync(cancellationToken))
                .Select(u => (u.UserName, u.DisplayName)).ToList()
            : [];
        var grants = await EmergencyGrantFactsQuery.ForRowsAsync(db, rows.Rows, facility, cancellationToken);
        var linkIds = rows.Rows.SelectMany(r => AccessLogPage.LinkIdsOf(r.Target) ?? []).Distinct().ToList();
        var hospitals = linkIds.Count == 0
            ? new Dictionary<Guid, string>()
            : await (from l in db.PatientLinks.AsNoTracking().ForFacilityUnlessCouncil(facility)
                     join f in db.Facilities.AsNoTracking() on l.DisclosingFacilityId equals f.Id
                     where linkIds.Contains(l.Id)
                     select new { l.Id, f.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken);
        return new AccessLogPage(query, council, rows, errors, users, grants, hospitals);
    }
}

/// <summary>
/// 閲覧記録のCSV出力: every row of the filter (not only the page shown), newest first, streamed for
/// Excel (UTF-8 with BOM, CRLF, quoted, formula cells guarded — <see cref="CsvWriter"/>). Japanese
/// headers whatever the page's language, like the mails. The export is itself a row of the log
/// (<see cref="AccessAction.AccessLogExport"/>), written before the file, so it is in the file.
/// </summary>
public sealed class AccessLogExportHandler(MioKarteDbContext db, AccessLogWriter writer, MailText text, TimeProvider time) : IUseCaseHandler
{
    private static readonly string[] Columns =
    [
        "Sequence", "At", "FacilityCode", "FacilityName", "UserName", "DisplayName", "Terminal", "LocalPatientId", "Action", "Target", "Emergency", "RequestId",
        "DisclosingFacility", "DisclosingPatientId", "EmergencyReason", "EmergencyUser", "EmergencyStarted", "EmergencyEnds",
    ];

    /// <summary>Rows are written in batches of this many, each with one query for the grants they name.</summary>
    private const int BatchSize = 500;

    /// <summary>The file's Japanese name and its ASCII fallback.</summary>
    public (string FileName, string AsciiFileName) FileNames()
    {
        var today = JapanTime.Today(time).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return ($"{text["AccessLog.CsvFileName"]}_{today}.csv", $"access-log_{today}.csv");
    }

    public async Task WriteAsync(Stream output, AccessLogQuery query, IActingFacility? facility, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(query);
        var (filter, _) = query.ToFilter(council: facility is null);
        await writer.AppendAsync(actor, new AccessRecord(AccessAction.AccessLogExport, Target: Describe(filter)), cancellationToken);

        await using var csv = await CsvWriter.StartAsync(output, cancellationToken);
        await csv.WriteRowAsync(Columns.Select(c => (string?)text["AccessLog.Column." + c]), cancellationToken);
        var batch = new List<AccessLogRow>(BatchSize);
        await foreach (var row in AccessLogSearch.Rows(db, filter, facility).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            batch.Add(row);
            if (batch.Count == BatchSize)
            {
                await WriteBatchAsync(csv, batch, facility, cancellationToken);
                batch.Clear();
            }
        }

        await WriteBatchAsync(csv, batch, facility, cancellationToken);
    }

    private async Task WriteBatchAsync(CsvWriter csv, List<AccessLogRow> rows, IActingFacility? facility, CancellationToken cancellationToken)
    {
        var grants = await EmergencyGrantFactsQuery.ForRowsAsync(db, rows, facility, cancellationToken);
        foreach (var row in rows)
        {
            var grant = row.GrantId is { } id && grants.TryGetValue(id, out var facts) ? facts : null;
            await csv.WriteRowAsync(
            [
                row.Sequence.ToString(CultureInfo.InvariantCulture),
                JapanTime.ToLocal(row.AtUtc).ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture),
                row.FacilityCode,
                row.FacilityName,
                row.UserName,
                row.DisplayName,
                row.TerminalName,
                row.LocalPatientId,
                text["AccessAction." + row.Action],
                row.Target,
                row.IsEmergency ? text["AccessLog.EmergencyMark"] : "",
                row.RequestId,
                grant?.DisclosingFacilityName ?? row.LinkedFacilityName,
                grant?.DisclosingPatientId,
                grant?.Reason,
                grant?.DisplayName,
                grant is null ? null : JapanTime.ToLocal(grant.StartedAtUtc).ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture),
                grant is null ? null : JapanTime.ToLocal(grant.ExpiresAtUtc).ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture),
            ], cancellationToken);
        }
    }

    /// <summary>The export's filter as the log row's target: codes and ids only (no names).</summary>
    private static string Describe(AccessLogFilter filter)
    {
        var parts = new List<string> { "csv" };
        if (filter.From is { } from)
        {
            parts.Add("from=" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (filter.To is { } to)
        {
            parts.Add("to=" + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (filter.UserName is { } user)
        {
            parts.Add("user=" + user);
        }

        if (filter.LocalPatientId is { } patient)
        {
            parts.Add("patient=" + patient);
        }

        if (filter.Action is { } action)
        {
            parts.Add("action=" + action);
        }

        if (filter.EmergencyOnly)
        {
            parts.Add("emergency");
        }

        if (filter.FacilityCode is { } facility)
        {
            parts.Add("facility=" + facility);
        }

        if (filter.GrantId is { } grant)
        {
            parts.Add("grant=" + grant.ToString("D"));
        }

        return string.Join(';', parts);
    }
}
