using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using MioKarte.Core.Gateway;
using MioKarte.Core.Records;
using MioKarte.Web.Areas.Clinical.Records;
using static MioKarte.UnitTests.Records.RecordTableBuilderTests;

namespace MioKarte.UnitTests.Web;

/// <summary>
/// Which detail a selection in the query string opens (<see cref="ViewPatientRecordHandler.Resolve"/>):
/// an item, a lab trend, a vital trend, a cell — or nothing the record holds, which the page answers with 404.
/// </summary>
public sealed class DetailResolutionTests
{
    private static readonly LabResult OldAst = Lab(Hachioji, Day(2025, 6, 1), value: 18);
    private static readonly LabResult EarlierAst = Lab(Hachioji, Day(2026, 10, 5), value: 25);
    private static readonly LabResult LatestAst = Lab(Hachioji, Day(2026, 10, 19, 9), value: 41);
    private static readonly LabResult SameDayAlt = Lab(Hachioji, Day(2026, 10, 19, 9), code: "3B045000002327201", name: "ALT", value: 35);

    private static readonly VitalSign[] Weights =
    [
        new(new SourceRef(Hachioji, "Observation", "bw1"), Day(2026, 9, 1), VitalKind.BodyWeight, new CodedItem("29463-7", "http://loinc.org", "体重"), 61.5m, null, "kg", null),
        new(new SourceRef(Hachioji, "Observation", "bw2"), Day(2026, 10, 1), VitalKind.BodyWeight, new CodedItem("29463-7", "http://loinc.org", "体重"), 60.2m, null, "kg", null),
    ];

    private static readonly PatientRecordIndex Record = Index(new FacilityPatientRecord(
        Hachioji, "八王子みなみ総合病院",
        new SharedPatientRecord(null, [], [], [], [OldAst, EarlierAst, LatestAst, SameDayAlt], [], [], [], [], VitalSigns: Weights)));

    private static RecordDetail? Resolve(string query, out bool valid) =>
        ViewPatientRecordHandler.Resolve(
            Record, RecordTableState.Parse("/patients/x", new QueryCollection(QueryHelpers.ParseQuery(query)), new DateOnly(2026, 11, 24)), out valid);

    private static string ItemIdOf(LabResult result) => Record.Items.Single(i => ReferenceEquals(i.Record, result)).Id;

    [Fact]
    public void No_selection_is_no_detail_and_no_error()
    {
        Assert.Null(Resolve("", out var valid));
        Assert.True(valid);
    }

    [Fact]
    public void An_item_opens_with_the_other_results_of_its_day_and_its_previous_value()
    {
        var detail = Assert.IsType<RecordDetail.Item>(Resolve("?sel=" + RecordTableState.ItemSelection(ItemIdOf(LatestAst)), out var valid));

        Assert.True(valid);
        Assert.Same(LatestAst, detail.Value.Record);
        Assert.NotNull(detail.SameDayLabs);
        Assert.Equal(["ALT", "AST"], detail.SameDayLabs.Panels.SelectMany(p => p.Rows).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.NotNull(detail.Previous);
    }

    [Fact]
    public void A_lab_trend_covers_the_year_up_to_its_latest_result_unless_another_span_is_asked()
    {
        var trendId = PatientRecordIndex.LabItemId(LatestAst);

        var year = Assert.IsType<RecordDetail.Trend>(Resolve("?sel=" + RecordTableState.TrendSelection(trendId), out var valid));
        var all = Assert.IsType<RecordDetail.Trend>(Resolve("?tp=all&sel=" + RecordTableState.TrendSelection(trendId), out _));

        Assert.True(valid);
        Assert.Equal("AST", year.Name);
        Assert.Equal((new DateOnly(2025, 10, 20), new DateOnly(2026, 10, 19)), (year.From, year.To));
        Assert.Equal([new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 19)], year.Points.Select(p => p.Day));
        Assert.Equal(TrendPeriod.All, all.Period);
        Assert.Equal(new DateOnly(2025, 6, 1), all.From);
        Assert.Equal(3, all.Points.Count);
    }

    [Fact]
    public void A_vital_trend_shows_every_value_newest_first()
    {
        var trendId = VitalText.TrendId(Weights[0]);

        var detail = Assert.IsType<RecordDetail.Vitals>(Resolve("?sel=" + RecordTableState.VitalTrendSelection(trendId), out var valid));

        Assert.True(valid);
        Assert.Equal(trendId, detail.Value.TrendId);
        Assert.Equal(["bw2", "bw1"], detail.Value.Values.Select(v => ((VitalSign)v.Record).Source.ResourceId));
    }

    [Theory]
    [InlineData(TableZoom.Week, 1)] // the week of 5 October holds one result
    [InlineData(TableZoom.Month, 3)] // October holds three
    public void A_cell_opens_the_items_of_its_period_at_the_zoom_of_the_table(TableZoom zoom, int count)
    {
        var selection = RecordTableState.CellSelection(RecordCategory.LabResult, new DateOnly(2026, 10, 5));

        var detail = Assert.IsType<RecordDetail.Cell>(Resolve($"?zoom={zoom}&sel={selection}", out var valid));

        Assert.True(valid);
        Assert.Equal(count, detail.Value.Items.Count);
        Assert.NotNull(detail.Labs);
    }

    [Theory]
    [InlineData("i-no-such-item")]
    [InlineData("t-AAAAAAAAAAAAAAAAAAAAAA")] // the shape of an id, but no such lab item
    [InlineData("t-../etc")]
    [InlineData("v-AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("c-LabResult-20260101")] // a cell with nothing in it
    [InlineData("c-Prescription-20261005")]
    [InlineData("x-anything")]
    public void A_selection_the_record_does_not_hold_is_invalid(string selection)
    {
        Assert.Null(Resolve("?sel=" + Uri.EscapeDataString(selection), out var valid));
        Assert.False(valid);
    }

    [Fact]
    public void A_cell_of_a_facility_filtered_out_is_invalid()
    {
        var selection = RecordTableState.CellSelection(RecordCategory.LabResult, new DateOnly(2026, 10, 5));

        Assert.Null(Resolve($"?fac={Tamagawa}&sel={selection}", out var valid));
        Assert.False(valid);
    }

    [Fact]
    public void Another_lab_items_id_is_not_mistaken_for_a_vital_trend()
    {
        Assert.Null(Resolve("?sel=" + RecordTableState.VitalTrendSelection(PatientRecordIndex.LabItemId(LatestAst)), out var valid));
        Assert.False(valid);
    }
}
