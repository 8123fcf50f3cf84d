using System.Text.Encodings.Web;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Opinions;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Opinions;

public sealed record CouncilOpinionRow(
    Guid Id, OpinionCategory Category, string Subject, OpinionStatus Status, string SenderName, string? SenderFacilityName, DateTime SentAtUtc);

/// <summary>The queue's filters as the address carries them: status (open, all or one status) and category (empty for all).</summary>
public sealed record OpinionQueueFilter(string Status, OpinionCategory? Category)
{
    public const string Open = "open";
    public const string All = "all";

    public static OpinionQueueFilter From(string? status, string? category) => new(
        status == All ? All : ListQuery.Filter<OpinionStatus>(status)?.ToString() ?? Open,
        ListQuery.Filter<OpinionCategory>(category));

    /// <summary>The filters for the pager's links, URL-encoded.</summary>
    public string Query => $"status={UrlEncoder.Default.Encode(Status)}" + (Category is { } c ? $"&category={c}" : "");
}

public sealed record CouncilOpinionQueue(IReadOnlyList<CouncilOpinionRow> Rows, OpinionQueueFilter Filter, int Page, int PageCount, int Total, int OpenCount)
{
    public const int PageSize = 20;
}

/// <summary>
/// ご意見・ご要望の受付一覧 for the council: open ones first (受付, 対応中, 回答済 before 完了),
/// newest first within each; filtered by status and category, 20 to a page.
/// </summary>
public sealed class CouncilOpinionQueueHandler(MioKarteDbContext db) : IUseCaseHandler
{
    public async Task<CouncilOpinionQueue> HandleAsync(OpinionQueueFilter filter, int page)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Opinions.AsNoTracking();
        if (filter.Status == OpinionQueueFilter.Open)
        {
            query = query.Where(o => o.Status != OpinionStatus.Closed);
        }
        else if (FormInput.ParseName<OpinionStatus>(filter.Status) is { } status)
        {
            query = query.Where(o => o.Status == status);
        }

        if (filter.Category is { } category)
        {
            query = query.Where(o => o.Category == category);
        }

        var shown = await query
            .OrderBy(o => o.Status == OpinionStatus.Closed ? 1 : 0)
            .ThenByDescending(o => o.SentAtUtc)
            .Select(o => new CouncilOpinionRow(o.Id, o.Category, o.Subject, o.Status, o.SenderName, o.SenderFacilityName, o.SentAtUtc))
            .PageAsync(page, CouncilOpinionQueue.PageSize);
        var openCount = await db.Opinions.CountAsync(o => o.Status != OpinionStatus.Closed);
        return new CouncilOpinionQueue(shown.Rows, filter, shown.Page, shown.PageCount, shown.Total, openCount);
    }
}
