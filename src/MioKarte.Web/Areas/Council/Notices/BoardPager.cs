using System.Globalization;

namespace MioKarte.Web.Areas.Council.Notices;

/// <summary>前へ / 次へ links of a paged list; <paramref name="Query"/> holds the list's filters (already encoded, may be empty).</summary>
public sealed record BoardPager(string Path, int Page, int PageCount, string Query)
{
    public string Link(int page) =>
        $"{Path}?{(Query.Length == 0 ? "" : Query + "&")}page={page.ToString(CultureInfo.InvariantCulture)}";
}
