using Microsoft.EntityFrameworkCore;

namespace MioKarte.Web.Infrastructure;

/// <summary>One page of a list (the council's lists, the access log): its rows, the page shown (clamped to the pages there are) and the totals.</summary>
public sealed record PageOfRows<T>(IReadOnlyList<T> Rows, int Page, int PageCount, int Total);

/// <summary>The one paging rule of the portal's lists.</summary>
public static class Paging
{
    /// <summary>
    /// Counts <paramref name="ordered"/>, clamps <paramref name="requestedPage"/> to 1…last (a stale
    /// or edited link shows the nearest page, never an empty one) and reads that page's rows.
    /// </summary>
    public static async Task<PageOfRows<T>> PageAsync<T>(
        this IQueryable<T> ordered, int requestedPage, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        var total = await ordered.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        var page = Math.Clamp(requestedPage, 1, pageCount);
        var rows = await ordered.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PageOfRows<T>(rows, page, pageCount, total);
    }
}

/// <summary>前のページ / 次のページ links of a paged list (<c>_Pager</c>); <paramref name="Link"/> gives a page's URL with the list's filters.</summary>
public sealed record Pager(int Page, int PageCount, Func<int, string> Link);
