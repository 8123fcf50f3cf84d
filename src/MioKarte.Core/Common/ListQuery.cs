using System.Globalization;

namespace MioKarte.Core.Common;

/// <summary>
/// The one URL convention of the portal's lists: <c>?sort=name</c> ascending, <c>?sort=-name</c>
/// descending (the key in lower case), <c>?page=2</c>. One parameter carries the order, so a link
/// can never say a direction without a key; page 1 and the list's default order are left out of
/// links. Whatever cannot be read (an unknown key, a number, an old <c>dir=</c> parameter, a page
/// that is no positive number) falls back to the default and is flagged, never a 500.
/// </summary>
public static class ListQuery
{
    public const string SortParameter = "sort";

    public const string PageParameter = "page";

    /// <summary>No list has more pages; a larger number is a typo, not a page.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>The page asked for: 1 when blank; null when it is no page (refused: not digits, 0, too large).</summary>
    public static int? Page(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return 1;
        }

        return text.All(char.IsAsciiDigit) && text.Length <= 7
            && int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) is var page and >= 1 and <= MaxPage
            ? page
            : null;
    }

    /// <summary>A refused page reads as page 1 (the lists clamp a page beyond the last to the last).</summary>
    public static int PageOrFirst(string? value) => Page(value) ?? 1;

    /// <summary>
    /// A filter's value (status, kind, type…): one of <typeparamref name="T"/>'s names in any case, never
    /// its numbers or a comma list ("3", "Received,Approved"); null when blank. False when something
    /// was given that is none: the list drops that filter and may say so.
    /// </summary>
    public static bool TryFilter<T>(string? value, out T? choice)
        where T : struct, Enum
    {
        choice = string.IsNullOrWhiteSpace(value) ? null : FormInput.ParseName<T>(value.Trim(), ignoreCase: true);
        return choice is not null || string.IsNullOrWhiteSpace(value);
    }

    /// <summary>The filter's value, or null when blank or none of the names (for lists that drop it silently).</summary>
    public static T? Filter<T>(string? value)
        where T : struct, Enum =>
        TryFilter<T>(value, out var choice) ? choice : null;

    /// <summary>
    /// Reads <c>sort</c> and <c>page</c> against the allowed keys (the names of <typeparamref name="TSort"/>,
    /// in any case; never its numbers), else the list's default order.
    /// </summary>
    public static ListQuery<TSort> Parse<TSort>(string? sort, string? page, TSort defaultSort, bool defaultDescending)
        where TSort : struct, Enum
    {
        var defaults = new ListQuery<TSort>(defaultSort, defaultDescending, 1, defaultSort, defaultDescending);
        var text = sort?.Trim();
        var order = defaults;
        var sortRefused = false;
        if (!string.IsNullOrEmpty(text))
        {
            var descending = text.StartsWith('-');
            if (FormInput.ParseName<TSort>(descending ? text[1..] : text, ignoreCase: true) is { } key)
            {
                order = defaults with { Sort = key, Descending = descending };
            }
            else
            {
                sortRefused = true;
            }
        }

        var read = Page(page);
        return order with { Page = read ?? 1, SortRefused = sortRefused, PageRefused = read is null };
    }
}

/// <summary>
/// The <c>sort</c>, <c>page</c> and free text <c>q</c> of a list's address as they arrive (strings, so a
/// wrong value never fails binding); each list's query type adds its own filters to these.
/// </summary>
public record ListParameters
{
    /// <summary>The words searched, for the lists that search (each list says what they match).</summary>
    public string? Q { get; init; }

    /// <summary>"name" ascending, "-name" descending (<see cref="ListQuery"/>).</summary>
    public string? Sort { get; init; }

    public string? Page { get; init; }

    /// <summary>These read against the list's keys (<see cref="ListQuery.Parse{TSort}"/>).</summary>
    public ListQuery<TSort> ToListQuery<TSort>(TSort defaultSort, bool defaultDescending)
        where TSort : struct, Enum =>
        ListQuery.Parse(Sort, Page, defaultSort, defaultDescending);
}

/// <summary>
/// A list's page and order, read by <see cref="ListQuery.Parse{TSort}"/>: <see cref="Sort"/> is one of
/// the allowed keys, <see cref="Page"/> at least 1; <see cref="SortRefused"/> / <see cref="PageRefused"/>
/// say a value in the address could not be read and the default was used instead.
/// </summary>
public sealed record ListQuery<TSort>(TSort Sort, bool Descending, int Page, TSort DefaultSort, bool DefaultDescending)
    where TSort : struct, Enum
{
    public bool SortRefused { get; init; }

    public bool PageRefused { get; init; }

    public bool IsDefaultOrder => EqualityComparer<TSort>.Default.Equals(Sort, DefaultSort) && Descending == DefaultDescending;

    /// <summary>The <c>sort</c> value of this order: "name" or "-name".</summary>
    public string SortValue => (Descending ? "-" : "") + Sort.ToString().ToLowerInvariant();

    /// <summary>The same list on another page.</summary>
    public ListQuery<TSort> OnPage(int page) => this with { Page = Math.Max(1, page) };

    /// <summary>
    /// A column header's order: the column already sorted turns round; another starts in its own
    /// first direction (dates newest first, say) on page 1.
    /// </summary>
    public ListQuery<TSort> SortedBy(TSort key, bool descendingFirst) =>
        this with { Sort = key, Descending = EqualityComparer<TSort>.Default.Equals(key, Sort) ? !Descending : descendingFirst, Page = 1 };

    /// <summary>aria-sort of a column header: "ascending" / "descending" for the sorted column, else null.</summary>
    public string? AriaSort(TSort key) =>
        EqualityComparer<TSort>.Default.Equals(key, Sort) ? (Descending ? "descending" : "ascending") : null;

    /// <summary>The <c>sort</c> and <c>page</c> parameters of a link, leaving out the default order and page 1.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Parameters()
    {
        if (!IsDefaultOrder)
        {
            yield return new(ListQuery.SortParameter, SortValue);
        }

        if (Page > 1)
        {
            yield return new(ListQuery.PageParameter, Page.ToString(CultureInfo.InvariantCulture));
        }
    }
}
