using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Text;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Applications;

/// <summary>The queue's query string as typed (every value a string, so a wrong one never fails binding).</summary>
public sealed record QueueQuery : ListParameters
{
    public string? Status { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Type { get; init; }
}

public enum QueueSort
{
    Submitted, // 申込日
    Updated,   // 最終更新
    Kana,      // フリガナ
    Status,    // 状況 (in workflow order)
}

/// <summary>A problem with one filter value: the resource key of its message and the value shown in it.</summary>
public sealed record QueueProblem(string MessageKey, string Value);

/// <summary>The filters that could be read; each wrong value is dropped and reported, never a 500.</summary>
public sealed record QueueFilter(
    ApplicationStatus? Status,
    DateOnly? From,
    DateOnly? To,
    FacilityType? Type,
    string? Text,
    ListQuery<QueueSort> List,
    IReadOnlyList<QueueProblem> Problems)
{
    public const int MaxTextLength = 100;

    public QueueSort Sort => List.Sort;

    public bool Descending => List.Descending;

    public int Page => List.Page;

    /// <summary>Dates newest first; names and statuses in their own order.</summary>
    public static bool DescendingFirst(QueueSort sort) => sort is QueueSort.Submitted or QueueSort.Updated;

    public static QueueFilter Parse(QueueQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var problems = new List<QueueProblem>();
        var status = ParseEnum<ApplicationStatus>(query.Status, "Council.Queue.Error.Status", problems);
        var type = ParseEnum<FacilityType>(query.Type, "Council.Queue.Error.Type", problems);
        var from = ParseDate(query.From, problems);
        var to = ParseDate(query.To, problems);
        if (from is { } f && to is { } t && f > t)
        {
            problems.Add(new("Council.Queue.Error.DateOrder", ""));
            from = null;
            to = null;
        }

        var text = JapaneseText.Clean(query.Q);
        if (text is { Length: > MaxTextLength })
        {
            problems.Add(new("Council.Queue.Error.TextTooLong", MaxTextLength.ToString(CultureInfo.InvariantCulture)));
            text = null;
        }

        var list = query.ToListQuery(QueueSort.Submitted, defaultDescending: true);
        if (list.SortRefused)
        {
            problems.Add(new("Council.Queue.Error.Sort", query.Sort!));
        }

        if (list.PageRefused)
        {
            problems.Add(new("Council.Queue.Error.Page", query.Page!));
        }

        return new QueueFilter(status, from, to, type, string.IsNullOrEmpty(text) ? null : text, list, problems);
    }

    private static T? ParseEnum<T>(string? value, string messageKey, List<QueueProblem> problems)
        where T : struct, Enum
    {
        if (!ListQuery.TryFilter<T>(value, out var choice))
        {
            problems.Add(new(messageKey, value!));
        }

        return choice;
    }

    private static DateOnly? ParseDate(string? value, List<QueueProblem> problems)
    {
        if (JapaneseDate.TryParse(value, DateBounds.Any, out var date, out var error))
        {
            return date;
        }

        if (error != DateInputError.Empty)
        {
            problems.Add(new(JapaneseDate.MessageKey(error), value!));
        }

        return null;
    }
}

public sealed record QueueRow(
    Guid Id,
    string ReceiptNumber,
    string FacilityName,
    string FacilityNameKana,
    FacilityType FacilityType,
    string? InstitutionCode,
    ApplicationStatus Status,
    DateTime SubmittedAtUtc,
    DateTime UpdatedAtUtc);

public sealed record QueueView(QueueQuery Query, QueueFilter Filter, IReadOnlyList<QueueRow> Rows, int Total, int Page, int PageCount, DateOnly Today)
{
    /// <summary>The queue's address with the current filters and the given changes (page, sort).</summary>
    public string Url(int? page = null) => Url(Filter.List.OnPage(page ?? Page));

    private string Url(ListQuery<QueueSort> list)
    {
        var values = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                values.Add(new(key, value));
            }
        }

        Add("status", Filter.Status?.ToString());
        Add("from", Filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", Filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("type", Filter.Type?.ToString());
        Add("q", Filter.Text);
        values.AddRange(list.Parameters());
        return "/council/applications" + Microsoft.AspNetCore.Http.QueryString.Create(values);
    }

    /// <summary>A column header's link: the same column again turns the order round.</summary>
    public string SortUrl(QueueSort sort) => Url(Filter.List.SortedBy(sort, QueueFilter.DescendingFirst(sort)));

    public string? AriaSort(QueueSort sort) => Filter.List.AriaSort(sort);

    public int FirstRow => Total == 0 ? 0 : ((Page - 1) * ApplicationQueueHandler.PageSize) + 1;

    public int LastRow => Math.Min(Page * ApplicationQueueHandler.PageSize, Total);

    /// <summary>Days the application has been in its current status (Japan dates).</summary>
    public int DaysWaiting(QueueRow row) => DaysSince(row.UpdatedAtUtc, Today);

    public static int DaysSince(DateTime utc, DateOnly today) => today.DayNumber - JapanTime.DateOf(utc).DayNumber;
}

/// <summary>
/// 申込一覧: filters, sort and paging done by the database (both providers), projected into rows.
/// The free text matches the facility name, its kana, the receipt number and the 医療機関コード,
/// whether typed in full-width, half-width, hiragana or with spaces.
/// </summary>
public sealed class ApplicationQueueHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public const int PageSize = 25;

    private const string IdeographicSpace = "\u3000";

    public async Task<QueueView> HandleAsync(QueueQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = QueueFilter.Parse(query);
        var shown = await Sorted(Filtered(filter), filter)
            .Select(a => new QueueRow(
                a.Id, a.ReceiptNumber, a.Data.FacilityName, a.Data.FacilityNameKana, a.Data.FacilityType,
                a.Data.InstitutionCode, a.Status, a.SubmittedAtUtc, a.UpdatedAtUtc))
            .PageAsync(filter.Page, PageSize);
        if (shown.Page < filter.Page)
        {
            filter = filter with { Problems = [.. filter.Problems, new("Council.Queue.Error.PageBeyond", filter.Page.ToString(CultureInfo.InvariantCulture))] };
        }

        return new QueueView(query, filter, shown.Rows, shown.Total, shown.Page, shown.PageCount, JapanTime.Today(time));
    }

    private IQueryable<ParticipationApplication> Filtered(QueueFilter filter)
    {
        var applications = db.ParticipationApplications.AsNoTracking();
        if (filter.Status is { } status)
        {
            applications = applications.Where(a => a.Status == status);
        }

        if (filter.Type is { } type)
        {
            applications = applications.Where(a => a.Data.FacilityType == type);
        }

        if (filter.From is { } from)
        {
            var fromUtc = JapanTime.StartOfDayUtc(from);
            applications = applications.Where(a => a.SubmittedAtUtc >= fromUtc);
        }

        if (filter.To is { } to)
        {
            var beforeUtc = JapanTime.StartOfDayUtc(to.AddDays(1));
            applications = applications.Where(a => a.SubmittedAtUtc < beforeUtc);
        }

        return filter.Text is { } text ? applications.Where(TextMatches(text)) : applications;
    }

    /// <summary>
    /// Spaces are ignored on both sides (names are stored with a full-width space between words);
    /// hiragana finds katakana; a receipt number is found in any case; digits find the code.
    /// </summary>
    private static Expression<Func<ParticipationApplication, bool>> TextMatches(string text)
    {
        var name = NoSpaces(JapaneseText.Name(text)!);
        var kana = NoSpaces(JapaneseText.Kana(text)!);
        var receipt = NoSpaces(text).ToUpperInvariant();
        var digits = JapaneseText.Digits(text)!;
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            return a => a.Data.FacilityName.Replace(IdeographicSpace, "").Contains(name)
                        || a.Data.FacilityNameKana.Replace(IdeographicSpace, "").Contains(kana)
                        || a.ReceiptNumber.Contains(receipt)
                        || (a.Data.InstitutionCode != null && a.Data.InstitutionCode.Contains(digits));
        }

        return a => a.Data.FacilityName.Replace(IdeographicSpace, "").Contains(name)
                    || a.Data.FacilityNameKana.Replace(IdeographicSpace, "").Contains(kana)
                    || a.ReceiptNumber.Contains(receipt);
    }

    private static string NoSpaces(string value) =>
        value.Replace(IdeographicSpace, "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);

    private static IQueryable<ParticipationApplication> Sorted(IQueryable<ParticipationApplication> applications, QueueFilter filter)
    {
        var ordered = filter.Sort switch
        {
            QueueSort.Submitted => filter.Descending ? applications.OrderByDescending(a => a.SubmittedAtUtc) : applications.OrderBy(a => a.SubmittedAtUtc),
            QueueSort.Updated => filter.Descending ? applications.OrderByDescending(a => a.UpdatedAtUtc) : applications.OrderBy(a => a.UpdatedAtUtc),
            QueueSort.Kana => filter.Descending ? applications.OrderByDescending(a => a.Data.FacilityNameKana) : applications.OrderBy(a => a.Data.FacilityNameKana),
            QueueSort.Status => filter.Descending ? applications.OrderByDescending(WorkflowOrder) : applications.OrderBy(WorkflowOrder),
        };

        // The receipt number is unique: pages never overlap or skip a row.
        return filter.Descending ? ordered.ThenByDescending(a => a.ReceiptNumber) : ordered.ThenBy(a => a.ReceiptNumber);
    }

    /// <summary>Statuses in the order of the workflow, not of their names (stored as text).</summary>
    private static readonly Expression<Func<ParticipationApplication, int>> WorkflowOrder = a =>
        a.Status == ApplicationStatus.Received ? 0
        : a.Status == ApplicationStatus.AwaitingDocuments ? 1
        : a.Status == ApplicationStatus.UnderReview ? 2
        : a.Status == ApplicationStatus.Returned ? 3
        : a.Status == ApplicationStatus.Approved ? 4
        : a.Status == ApplicationStatus.Registered ? 5
        : 6;
}
