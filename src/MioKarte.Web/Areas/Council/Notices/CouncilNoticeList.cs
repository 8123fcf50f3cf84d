using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Notices;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Notices;

public sealed record CouncilNoticeRow(
    Guid Id, string Title, NoticeAudience Audience, NoticeImportance Importance, NoticeStatus Status,
    DateTime PublishFromUtc, DateTime? PublishUntilUtc, string UpdatedBy, DateTime UpdatedAtUtc);

public sealed record CouncilNoticeList(IReadOnlyList<CouncilNoticeRow> Rows, int Page, int PageCount, int Total)
{
    public const int PageSize = 20;

    /// <summary>The confirmation to show after a redirect (posted / saved / withdrawn), or null.</summary>
    public string? Done { get; init; }

    public static string? KnownDone(string? done) => done is "posted" or "saved" or "withdrawn" ? done : null;
}

/// <summary>お知らせ一覧 for the council: every notice with its status now (予約 / 掲載中 / 終了 / 取下げ), newest start first.</summary>
public sealed class CouncilNoticeListHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public async Task<CouncilNoticeList> HandleAsync(int page)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var shown = await db.Notices.AsNoTracking()
            .OrderByDescending(n => n.PublishFromUtc).ThenByDescending(n => n.CreatedAtUtc)
            .Select(n => new CouncilNoticeRow(
                n.Id, n.Title, n.Audience, n.Importance, Notice.StatusOf(n.IsWithdrawn, n.PublishFromUtc, n.PublishUntilUtc, now),
                n.PublishFromUtc, n.PublishUntilUtc, n.UpdatedBy, n.UpdatedAtUtc))
            .PageAsync(page, CouncilNoticeList.PageSize);
        return new CouncilNoticeList(shown.Rows, shown.Page, shown.PageCount, shown.Total);
    }
}
