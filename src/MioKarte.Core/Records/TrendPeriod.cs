namespace MioKarte.Core.Records;

/// <summary>The span a lab trend shows (表示期間): 3か月, 1年, 5年 or 全期間.</summary>
public enum TrendPeriod
{
    ThreeMonths,
    OneYear,
    FiveYears,
    All,
}

/// <summary>The trend periods as they travel in the query string (<c>tp=3m|1y|5y|all</c>) and the days each covers.</summary>
public static class TrendPeriods
{
    /// <summary>What a trend opens with: a year is what a clinician compares at a visit; the others are one click away.</summary>
    public const TrendPeriod Default = TrendPeriod.OneYear;

    public static IReadOnlyList<TrendPeriod> All { get; } = [TrendPeriod.ThreeMonths, TrendPeriod.OneYear, TrendPeriod.FiveYears, TrendPeriod.All];

    public static string ToQuery(TrendPeriod period) => period switch
    {
        TrendPeriod.ThreeMonths => "3m",
        TrendPeriod.OneYear => "1y",
        TrendPeriod.FiveYears => "5y",
        TrendPeriod.All => "all",
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };

    /// <summary>The period a query value names; anything else is the default.</summary>
    public static TrendPeriod Parse(string? value) => value switch
    {
        "3m" => TrendPeriod.ThreeMonths,
        "1y" => TrendPeriod.OneYear,
        "5y" => TrendPeriod.FiveYears,
        "all" => TrendPeriod.All,
        _ => Default,
    };

    /// <summary>
    /// The days the period covers, ending on the item's latest result (not today: an item last
    /// measured half a year ago would otherwise show an empty 3か月); null for 全期間.
    /// </summary>
    public static (DateOnly From, DateOnly To)? Window(TrendPeriod period, DateOnly latest) => period switch
    {
        TrendPeriod.ThreeMonths => (latest.AddMonths(-3).AddDays(1), latest),
        TrendPeriod.OneYear => (latest.AddYears(-1).AddDays(1), latest),
        TrendPeriod.FiveYears => (latest.AddYears(-5).AddDays(1), latest),
        TrendPeriod.All => null,
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };
}
