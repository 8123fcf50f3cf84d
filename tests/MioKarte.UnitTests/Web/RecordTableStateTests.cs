using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using MioKarte.Core.Gateway;
using MioKarte.Core.Records;
using MioKarte.UnitTests.Records;
using MioKarte.Web.Areas.Clinical.Records;

namespace MioKarte.UnitTests.Web;

/// <summary>The record table's state read from and written to the query string, without a host or HTML.</summary>
public sealed class RecordTableStateTests
{
    private const string Path = "/patients/3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    private static readonly DateOnly Today = new(2026, 11, 24);

    private static RecordTableState Parse(string query) =>
        RecordTableState.Parse(Path, new QueryCollection(QueryHelpers.ParseQuery(query)), Today);

    /// <summary>The state a link leads to: its query string parsed the way a request would be.</summary>
    private static RecordTableState Follow(string link)
    {
        Assert.StartsWith(Path, link, StringComparison.Ordinal);
        return Parse(link[Path.Length..]);
    }

    private static void AssertSame(RecordTableState expected, RecordTableState actual)
    {
        Assert.Equal(expected.RecordPath, actual.RecordPath);
        Assert.Equal(expected.Query.Zoom, actual.Query.Zoom);
        Assert.Equal(expected.Query.From, actual.Query.From);
        Assert.Equal(expected.Query.To, actual.Query.To);
        Assert.Equal(expected.Query.Categories, actual.Query.Categories);
        Assert.Equal(expected.Query.Facilities, actual.Query.Facilities);
        Assert.Equal(expected.IsDefaultPeriod, actual.IsDefaultPeriod);
        Assert.Equal(expected.Selection, actual.Selection);
        Assert.Equal(expected.TrendPeriod, actual.TrendPeriod);
    }

    [Fact]
    public void No_query_is_the_latest_three_months_by_week_with_everything_shown()
    {
        var state = Parse("");

        Assert.Equal(TableZoom.Week, state.Query.Zoom);
        Assert.Equal(new DateOnly(2026, 8, 25), state.Query.From);
        Assert.Equal(Today, state.Query.To);
        Assert.True(state.IsDefaultPeriod);
        Assert.Empty(state.Query.Categories);
        Assert.Empty(state.Query.Facilities);
        Assert.Null(state.Selection);
        Assert.Equal(TrendPeriods.Default, state.TrendPeriod);
        Assert.Equal(Path, state.Link());
    }

    [Fact]
    public void Every_part_of_the_query_is_read()
    {
        var state = Parse("?zoom=month&from=2026-01-01&to=2026-06-30&cat=LabResult&cat=Prescription&fac=1311234567&sel=t-abc&tp=5y");

        Assert.Equal(TableZoom.Month, state.Query.Zoom);
        Assert.Equal(new DateOnly(2026, 1, 1), state.Query.From);
        Assert.Equal(new DateOnly(2026, 6, 30), state.Query.To);
        Assert.False(state.IsDefaultPeriod);
        Assert.Equal([RecordCategory.LabResult, RecordCategory.Prescription], state.Query.Categories);
        Assert.Equal(["1311234567"], state.Query.Facilities);
        Assert.Equal("t-abc", state.Selection);
        Assert.Equal(TrendPeriod.FiveYears, state.TrendPeriod);
        Assert.Equal(181, state.PeriodDays);
    }

    [Theory]
    [InlineData("?from=令和8年1月1日&to=R8.6.30")] // 和暦, as a form would take it
    [InlineData("?from=2026/1/1&to=２０２６／６／３０")]
    public void A_period_reads_like_one_typed_into_a_form(string query)
    {
        var state = Parse(query);

        Assert.Equal(new DateOnly(2026, 1, 1), state.Query.From);
        Assert.Equal(new DateOnly(2026, 6, 30), state.Query.To);
    }

    [Fact]
    public void Only_a_start_gives_three_months_from_it_but_never_past_today()
    {
        Assert.Equal(new DateOnly(2026, 3, 31), Parse("?from=2026-01-01").Query.To);
        Assert.Equal(Today, Parse("?from=2026-10-01").Query.To);
    }

    [Fact]
    public void Only_an_end_gives_the_three_months_up_to_it()
    {
        var state = Parse("?to=2026-06-30");

        Assert.Equal(new DateOnly(2026, 3, 31), state.Query.From);
        Assert.False(state.IsDefaultPeriod);
    }

    [Fact]
    public void A_reversed_period_is_turned_round()
    {
        var state = Parse("?from=2026-06-30&to=2026-01-01");

        Assert.Equal(new DateOnly(2026, 1, 1), state.Query.From);
        Assert.Equal(new DateOnly(2026, 6, 30), state.Query.To);
    }

    [Theory]
    [InlineData("?zoom=century")]
    [InlineData("?zoom=99")] // a number that names no zoom
    [InlineData("?from=2026-02-30&to=yesterday")]
    [InlineData("?cat=Nothing&cat=99")]
    [InlineData("?fac=13-11&fac=" + "123456789012345678901")] // not letters and digits; longer than 20
    [InlineData("?sel=")]
    [InlineData("?tp=10y")]
    public void What_cannot_be_read_falls_back_to_the_default(string query) =>
        AssertSame(Parse(""), Parse(query));

    [Fact]
    public void A_selection_longer_than_any_id_is_dropped() =>
        Assert.Null(Parse("?sel=" + new string('a', 65)).Selection);

    [Fact]
    public void Repeated_categories_and_facilities_count_once()
    {
        var state = Parse("?cat=LabResult&cat=LabResult&fac=1311234567&fac=1311234567");

        Assert.Equal([RecordCategory.LabResult], state.Query.Categories);
        Assert.Equal(["1311234567"], state.Query.Facilities);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?zoom=day")]
    [InlineData("?zoom=month&from=2020-02-01&to=2020-02-29")]
    [InlineData("?cat=LabResult&cat=Image&fac=1311234567&fac=1312345670")]
    [InlineData("?sel=i-abc")]
    [InlineData("?from=2026-01-01&to=2026-03-31&sel=t-abc&tp=all")]
    public void A_link_leads_back_to_the_same_state(string query)
    {
        var state = Parse(query);

        AssertSame(state, Follow(state.Link()));
    }

    [Fact]
    public void A_link_keeps_the_default_period_open_ended_until_a_period_is_chosen()
    {
        var state = Parse("?cat=LabResult");

        Assert.Equal(Path + "?cat=LabResult", state.Link());
        Assert.Equal(Path + "?from=2026-08-25&to=2026-11-24&cat=LabResult", state.Link(keepDefaultPeriod: false));
        Assert.Equal(Path + "?zoom=month&cat=LabResult&sel=i-x", state.Link(zoom: TableZoom.Month, selection: "i-x"));
    }

    [Fact]
    public void A_trend_span_travels_only_with_a_lab_trend_and_only_when_not_the_default()
    {
        var state = Parse("?sel=t-abc&tp=5y");

        // A vital sign's trend shows every value: it has no span to carry.
        Assert.Equal(Path + "?sel=v-abc", Parse("?sel=v-abc&tp=5y").Link());

        Assert.Equal(Path + "?sel=t-abc&tp=5y", state.Link());
        Assert.Equal(Path + "?sel=t-abc", state.Link(trendPeriod: TrendPeriods.Default));
        Assert.Equal(Path + "?sel=i-abc", state.Link(selection: "i-abc"));
        Assert.Equal(Path, state.Link(clearSelection: true));
    }

    [Fact]
    public void Shifting_moves_the_whole_window_and_closes_the_detail()
    {
        var state = Parse("?from=2026-01-01&to=2026-01-31&sel=i-abc");

        var earlier = Follow(state.Shift(-1));
        var later = Follow(state.Shift(1));

        Assert.Equal((new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 31)), (earlier.Query.From, earlier.Query.To));
        Assert.Equal((new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 3)), (later.Query.From, later.Query.To));
        Assert.Null(later.Selection);
        Assert.Equal(Path + "?from=2020-05-01&to=2020-05-31", state.StartingAt(new DateOnly(2020, 5, 1)));
        Assert.Equal(Path, state.Latest());
    }

    [Fact]
    public void Latest_keeps_the_zoom_and_filters_but_not_the_period()
    {
        var state = Parse("?zoom=month&from=2020-01-01&to=2020-12-31&cat=LabResult&fac=1311234567&sel=i-abc");

        Assert.Equal(Path + "?zoom=month&cat=LabResult&fac=1311234567", state.Latest());
    }

    [Fact]
    public void An_empty_default_window_opens_on_the_three_months_ending_at_the_latest_record()
    {
        var index = RecordTableBuilderTests.Index(new FacilityPatientRecord(
            RecordTableBuilderTests.Hachioji, "八王子みなみ総合病院",
            RecordTableBuilderTests.Record(labs: [RecordTableBuilderTests.Lab(RecordTableBuilderTests.Hachioji, RecordTableBuilderTests.Day(2021, 5, 10))])));
        var state = Parse("?cat=LabResult");

        var moved = state.OnLatestRecord(RecordTableBuilder.Build(index.Items, state.Query, null));

        Assert.NotNull(moved);
        Assert.Equal(new DateOnly(2021, 5, 10), moved.OpenedOnLatestRecord);
        Assert.Equal((new DateOnly(2021, 2, 11), new DateOnly(2021, 5, 10)), (moved.Query.From, moved.Query.To));
        Assert.Equal([RecordCategory.LabResult], moved.Query.Categories);
        // A state opened on the latest record is not moved again.
        Assert.Null(moved.OnLatestRecord(RecordTableBuilder.Build(index.Items, moved.Query, null)));
    }

    [Theory]
    [InlineData("?from=2026-01-01&to=2026-03-31")] // a period the clinician chose is kept, empty or not
    [InlineData("")]
    public void A_chosen_period_or_a_window_with_records_is_kept(string query)
    {
        var index = RecordTableBuilderTests.Index(new FacilityPatientRecord(
            RecordTableBuilderTests.Hachioji, "八王子みなみ総合病院",
            RecordTableBuilderTests.Record(labs: [RecordTableBuilderTests.Lab(RecordTableBuilderTests.Hachioji, RecordTableBuilderTests.Day(2026, 10, 1))])));
        var state = Parse(query);

        Assert.Null(state.OnLatestRecord(RecordTableBuilder.Build(index.Items, state.Query, null)));
    }

    [Fact]
    public void A_record_without_anything_is_not_moved()
    {
        var state = Parse("");

        Assert.Null(state.OnLatestRecord(RecordTableBuilder.Build(RecordTableBuilderTests.Index().Items, state.Query, null)));
    }

    [Fact]
    public void A_cell_selection_reads_back_what_was_written()
    {
        var selection = RecordTableState.CellSelection(RecordCategory.LabResult, new DateOnly(2026, 10, 5));

        Assert.Equal("c-LabResult-20261005", selection);
        Assert.Equal((RecordCategory.LabResult, new DateOnly(2026, 10, 5)), RecordTableState.ParseCell(selection));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("i-abc")]
    [InlineData("c-LabResult")]
    [InlineData("c-Nothing-20261005")]
    [InlineData("c-99-20261005")]
    [InlineData("c-LabResult-20260230")] // no such day
    [InlineData("c-LabResult-2026105")]
    [InlineData("c-LabResult-20261005-x")]
    public void Anything_else_is_no_cell(string? selection) =>
        Assert.Null(RecordTableState.ParseCell(selection));
}
