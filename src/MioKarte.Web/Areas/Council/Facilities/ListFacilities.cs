using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Text;

namespace MioKarte.Web.Areas.Council.Facilities;

/// <summary>The register's query string as it arrives (sorted by <see cref="FacilitySort"/>): every value optional, unknown values ignored.</summary>
public sealed record FacilityListQuery : ListParameters
{
    public string? Role { get; init; }
    public string? Status { get; init; }
    public string? Type { get; init; }
}

public enum FacilitySort
{
    Code,
    Name,
    Status,
    Registered,
}

/// <summary>The register's query, understood: typed filters, the words searched, the order and the page.</summary>
public sealed record FacilityFilter(
    FacilityRole? Role, FacilityStatus? Status, FacilityType? Type, string? Text, ListQuery<FacilitySort> List)
{
    public const int MaxTextLength = 100;
    public const int MaxTerms = 5;

    public FacilitySort Sort => List.Sort;

    public bool Descending => List.Descending;

    public int Page => List.Page;

    public static FacilityFilter From(FacilityListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = JapaneseText.Clean(query.Q);
        return new FacilityFilter(
            ListQuery.Filter<FacilityRole>(query.Role),
            ListQuery.Filter<FacilityStatus>(query.Status),
            ListQuery.Filter<FacilityType>(query.Type),
            string.IsNullOrEmpty(text) ? null : text[..Math.Min(text.Length, MaxTextLength)],
            // The register shows no message for a wrong sort or page: it falls back to 施設コード順, page 1.
            query.ToListQuery(FacilitySort.Code, defaultDescending: false));
    }

    /// <summary>The words of the free text: each must match the name, the kana, the 施設コード or the 医療機関コード.</summary>
    public IReadOnlyList<string> Terms => Text is null ? [] : [.. Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(MaxTerms)];

    public IQueryable<Facility> Apply(IQueryable<Facility> facilities, bool byStatus = true)
    {
        ArgumentNullException.ThrowIfNull(facilities);
        if (Role is { } role)
        {
            facilities = facilities.Where(f => f.Role == role);
        }

        if (byStatus && Status is { } status)
        {
            facilities = facilities.Where(f => f.Status == status);
        }

        if (Type is { } type)
        {
            facilities = facilities.Where(f => f.Type == type);
        }

        foreach (var term in Terms)
        {
            // ひらがな finds カタカナ kana, v00042 finds V00042, 全角 digits were made ASCII by Clean.
            var kana = JapaneseText.Kana(term)!;
            var code = term.ToUpperInvariant();
            facilities = facilities.Where(f =>
                f.Name.Contains(term) || f.NameKana.Contains(kana) || f.Code.Contains(code) ||
                (f.InstitutionCode != null && f.InstitutionCode.Contains(term)));
        }

        return facilities;
    }

    public IOrderedQueryable<Facility> Order(IQueryable<Facility> facilities)
    {
        ArgumentNullException.ThrowIfNull(facilities);
        var ordered = (Sort, Descending) switch
        {
            (FacilitySort.Name, false) => facilities.OrderBy(f => f.NameKana),
            (FacilitySort.Name, true) => facilities.OrderByDescending(f => f.NameKana),
            // Status names sort as Active, Suspended, Withdrawn: the lifecycle's own order.
            (FacilitySort.Status, false) => facilities.OrderBy(f => f.Status),
            (FacilitySort.Status, true) => facilities.OrderByDescending(f => f.Status),
            (FacilitySort.Registered, false) => facilities.OrderBy(f => f.RegisteredAtUtc),
            (FacilitySort.Registered, true) => facilities.OrderByDescending(f => f.RegisteredAtUtc),
            (FacilitySort.Code, false) => facilities.OrderBy(f => f.Code),
            (FacilitySort.Code, true) => facilities.OrderByDescending(f => f.Code),
        };
        return ordered.ThenBy(f => f.Code);
    }

    /// <summary>
    /// The query string of this filter with some values changed, for the links of the page (status
    /// counts, sort headers, pager, CSV). Page 1 and the default order are left out.
    /// </summary>
    public QueryString ToQueryString(ListQuery<FacilitySort>? list = null, int? page = null, FacilityStatus? status = null, bool anyStatus = false)
    {
        var chosenList = list ?? List;
        chosenList = chosenList.OnPage(page ?? chosenList.Page);
        var chosenStatus = anyStatus ? null : status ?? Status;
        var values = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                values.Add(new(key, value));
            }
        }

        Add("role", Role?.ToString());
        Add("status", chosenStatus?.ToString());
        Add("type", Type?.ToString());
        Add("q", Text);
        values.AddRange(chosenList.Parameters());
        return QueryString.Create(values);
    }
}

/// <summary>One facility as the register and its CSV show it.</summary>
public sealed record FacilityRow(
    Guid Id,
    string Code,
    string Name,
    string NameKana,
    FacilityRole Role,
    FacilityType Type,
    string? InstitutionCode,
    string PostalCode,
    string Address,
    string Phone,
    FacilityStatus Status,
    string? StatusReason,
    int Users,
    int UserAllowance,
    int TerminalAllowance,
    DateTime RegisteredAtUtc,
    DateTime StatusChangedAtUtc,
    string StatusChangedBy);

public sealed record FacilityListPage(
    FacilityFilter Filter,
    IReadOnlyList<FacilityRow> Rows,
    int Total,
    int PageCount,
    IReadOnlyDictionary<FacilityStatus, int> CountsByStatus)
{
    public int CountOf(FacilityStatus status) => CountsByStatus.GetValueOrDefault(status);

    public int CountOfAll => CountsByStatus.Values.Sum();
}

/// <summary>
/// 施設台帳: the facilities with the chosen filters, a page at a time, and the number in each
/// status (under the same filters but any status) for the tabs at the top.
/// </summary>
public sealed class FacilityListHandler(MioKarteDbContext db) : IUseCaseHandler
{
    public const int PageSize = 20;

    public async Task<FacilityListPage> HandleAsync(FacilityListQuery query)
    {
        var filter = FacilityFilter.From(query);
        var counts = await filter.Apply(db.Facilities.AsNoTracking(), byStatus: false)
            .GroupBy(f => f.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(c => c.Status, c => c.Count);
        var total = filter.Status is { } status ? counts.GetValueOrDefault(status) : counts.Values.Sum();
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        filter = filter with { List = filter.List.OnPage(Math.Min(filter.Page, pageCount)) };
        var rows = await Rows(db, filter).Skip((filter.Page - 1) * PageSize).Take(PageSize).ToListAsync();
        return new FacilityListPage(filter, rows, total, pageCount, counts);
    }

    /// <summary>Every facility of the filter, in its order, projected to rows (the list's page and the CSV).</summary>
    public static IQueryable<FacilityRow> Rows(MioKarteDbContext db, FacilityFilter filter)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        return filter.Order(filter.Apply(db.Facilities.AsNoTracking())).Select(f => new FacilityRow(
            f.Id, f.Code, f.Name, f.NameKana, f.Role, f.Type, f.InstitutionCode, f.PostalCode, f.Address, f.Phone,
            f.Status, f.StatusReason, db.Users.Count(u => u.FacilityId == f.Id), f.UserAllowance, f.TerminalAllowance,
            f.RegisteredAtUtc, f.StatusChangedAtUtc, f.StatusChangedBy));
    }
}
