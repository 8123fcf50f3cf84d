using System.Globalization;
using MioKarte.Core.Gateway;
using MioKarte.Core.Records;
using static MioKarte.UnitTests.Records.RecordTableBuilderTests;

namespace MioKarte.UnitTests.Records;

/// <summary>The lab views a clinician reads: the cumulative table with 前回値, the trend's periods and date ticks, the report's headings.</summary>
public sealed class LabViewTests
{
    private static PatientRecordIndex AstOver(params (PartialDate Date, decimal Value, string Facility)[] results) =>
        Index(
            new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", Record(labs: results.Where(r => r.Facility == Hachioji).Select(r => Lab(Hachioji, r.Date, value: r.Value)))),
            new FacilityPatientRecord(Tamagawa, "多摩川記念病院", Record(labs: results.Where(r => r.Facility == Tamagawa).Select(r => Lab(Tamagawa, r.Date, value: r.Value)))));

    [Fact]
    public void The_cumulative_table_is_newest_first_and_each_row_has_its_previous_value_from_before_its_oldest_shown_day_at_any_facility()
    {
        var index = AstOver(
            (Day(2026, 6, 1), 22, Hachioji),
            (Day(2026, 9, 1, 9), 25, Tamagawa),
            (Day(2026, 9, 1, 15), 41, Tamagawa), // the later of the day is the 前回値
            (Day(2026, 10, 6), 52, Hachioji),
            (Day(2026, 10, 13), 28, Hachioji));
        var october = index.Items.Where(i => i.Date!.Value.Month == 10).ToList();

        var table = LabCumulative.Build(october, index);

        Assert.Equal([new DateOnly(2026, 10, 13), new DateOnly(2026, 10, 6)], table.Days);
        var row = table.Panels.Single().Rows.Single();
        Assert.True(table.HasPrevious);
        Assert.Equal(new DateOnly(2026, 9, 1), row.Previous!.Day);
        Assert.Equal(41m, row.Previous.Result.Value.Number);
        Assert.Equal(AbnormalFlag.High, row.Previous.Result.Flag);
        Assert.Equal("多摩川記念病院", row.Previous.FacilityName);

        // Without the history there is no 前回値; with nothing earlier there is none either.
        Assert.False(LabCumulative.Build(october).HasPrevious);
        Assert.False(LabCumulative.Build(index.Items, index).HasPrevious);
        Assert.Null(LabCumulative.PreviousOf(index.Items, new DateOnly(2026, 6, 1)));
        Assert.Equal(22m, LabCumulative.PreviousOf(index.Items, new DateOnly(2026, 9, 1))!.Result.Value.Number);
    }

    [Theory]
    [InlineData("3m", TrendPeriod.ThreeMonths, "2026-08-14")]
    [InlineData("1y", TrendPeriod.OneYear, "2025-11-14")]
    [InlineData("5y", TrendPeriod.FiveYears, "2021-11-14")]
    public void A_period_ends_on_the_item_s_latest_result_and_goes_back_its_length(string query, TrendPeriod period, string from)
    {
        var latest = new DateOnly(2026, 11, 13);

        Assert.Equal(period, TrendPeriods.Parse(query));
        Assert.Equal(query, TrendPeriods.ToQuery(period));
        Assert.Equal((DateOnly.Parse(from, CultureInfo.InvariantCulture), latest), TrendPeriods.Window(period, latest));
    }

    [Fact]
    public void All_time_has_no_window_and_an_unknown_period_is_the_one_year_default()
    {
        Assert.Null(TrendPeriods.Window(TrendPeriod.All, new DateOnly(2026, 11, 13)));
        Assert.Equal(TrendPeriod.All, TrendPeriods.Parse("all"));
        Assert.Equal(TrendPeriod.OneYear, TrendPeriods.Parse(null));
        Assert.Equal(TrendPeriod.OneYear, TrendPeriods.Parse("7d"));
    }

    [Fact]
    public void Date_ticks_fall_on_calendar_boundaries_with_the_step_the_period_needs()
    {
        var to = new DateOnly(2026, 11, 13);

        var threeMonths = TrendChart.DateTicks(to.AddMonths(-3).AddDays(1), to, 440);
        Assert.All(threeMonths, t => Assert.Equal(DayOfWeek.Monday, t.Day.DayOfWeek));
        Assert.Equal(14, threeMonths[1].Day.DayNumber - threeMonths[0].Day.DayNumber); // two weeks apart
        Assert.Equal(["8/17", "8/31", "9/14", "9/28", "10/12", "10/26", "11/9"], threeMonths.Select(t => t.Label));
        Assert.Equal(["2026", null, null, null, null, null, null], threeMonths.Select(t => t.Year));

        var year = TrendChart.DateTicks(to.AddYears(-1).AddDays(1), to, 440);
        Assert.Equal(["1月", "3月", "5月", "7月", "9月", "11月"], year.Select(t => t.Label));
        Assert.Equal(["2026", null, null, null, null, null], year.Select(t => t.Year));

        var fiveYears = TrendChart.DateTicks(to.AddYears(-5).AddDays(1), to, 440);
        Assert.Equal(["2022", "2023", "2024", "2025", "2026"], fiveYears.Select(t => t.Label));

        var twelveYears = TrendChart.DateTicks(new DateOnly(2014, 5, 2), to, 440);
        Assert.Equal(["2016", "2018", "2020", "2022", "2024", "2026"], twelveYears.Select(t => t.Label));

        // A narrow chart gets fewer labels, never more than fit.
        Assert.True(TrendChart.DateTicks(to.AddYears(-1).AddDays(1), to, 200).Count <= 4);
        // A year turning in a month axis is written under its January.
        var acrossYears = TrendChart.DateTicks(new DateOnly(2025, 10, 20), new DateOnly(2026, 3, 1), 440);
        Assert.Equal("2026", acrossYears.Single(t => t.Label == "1月").Year);
    }

    [Fact]
    public void The_chart_spans_the_period_and_no_label_runs_off_the_drawing_or_into_its_neighbour()
    {
        var points = new[]
        {
            new TrendPoint(new DateOnly(2026, 9, 1), 12345.5m, AbnormalFlag.High, "病院A"),
            new TrendPoint(new DateOnly(2026, 11, 13), 9870.25m, AbnormalFlag.None, "病院A"),
        };
        var (from, to) = TrendPeriods.Window(TrendPeriod.OneYear, new DateOnly(2026, 11, 13))!.Value;

        var chart = TrendChart.Layout(points, null, from, to);

        // The widest value label ("12500.00"-like) fits left of the plot.
        var widest = chart.YTicks.Max(t => t.Label.Length);
        Assert.True(chart.Left >= 6 + (widest * TrendChart.FontSize * 0.6), $"left margin {chart.Left} for {widest} characters");
        // The first point sits where 2026/09/01 is in a year ending 2026/11/13, the last at the right end.
        Assert.Equal(chart.Width - TrendChart.Right, chart.Points[^1].X, 0.5f);
        Assert.True(chart.Points[0].X > chart.Left + ((chart.Width - chart.Left - TrendChart.Right) * 0.75f));
        // Date labels are at least their width apart and inside the drawing.
        var xs = chart.XTicks.Select(t => t.X).ToList();
        Assert.All(xs.Zip(xs.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 4 * TrendChart.FontSize * 0.62f));
        Assert.All(xs, x => Assert.InRange(x, chart.Left, chart.Width - TrendChart.Right));
        var svg = chart.ToSvg("AST");
        Assert.Contains(">2026</text>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_at_the_right_edge_is_set_flush_right_instead_of_being_cut_off()
    {
        var to = new DateOnly(2026, 12, 28); // a Monday: the last week tick is the chart's right end
        var points = new[] { new TrendPoint(to.AddDays(-20), 1, AbnormalFlag.None, "A"), new TrendPoint(to, 2, AbnormalFlag.None, "A") };

        var svg = TrendChart.Layout(points, null).ToSvg("x");

        Assert.Contains("text-anchor=\"end\" font-size=\"13\" fill=\"#4a5665\">12/28</text>", svg, StringComparison.Ordinal);
    }

    private static RadiologyReport Report(string? findings, string? diagnosis) =>
        new(new SourceRef(Hachioji, "DiagnosticReport", "r1"), Day(2026, 10, 6), "胸部CT", findings, diagnosis, []);

    [Fact]
    public void A_report_sent_as_one_text_with_bracketed_headings_is_shown_under_its_own_headings()
    {
        var sections = RadiologyReportText.Sections(Report(null, "【検査】胸部単純CT\n【所見】右肺上葉に8mm大の結節。\n縦隔リンパ節腫大なし。\n【診断】右肺結節。経過観察を。"));

        Assert.Equal(["検査", "所見", "診断"], sections.Select(s => s.Heading));
        Assert.Equal(["胸部単純CT", "右肺上葉に8mm大の結節。\n縦隔リンパ節腫大なし。", "右肺結節。経過観察を。"], sections.Select(s => s.Text));
    }

    [Fact]
    public void Headings_written_with_a_colon_at_the_start_of_a_line_are_read_and_separate_fields_are_kept_as_sent()
    {
        var colon = RadiologyReportText.Sections(Report("所見：肝に低吸収域なし。\n結論: 異常なし。", null));
        Assert.Equal([("所見", "肝に低吸収域なし。"), ("診断", "異常なし。")], colon.Select(s => (s.Heading, s.Text)));

        var separate = RadiologyReportText.Sections(Report("右腎に5mm大の嚢胞。所見の詳細は画像参照。", "右腎嚢胞。"));
        Assert.Equal([("所見", "右腎に5mm大の嚢胞。所見の詳細は画像参照。"), ("診断", "右腎嚢胞。")], separate.Select(s => (s.Heading, s.Text)));

        var none = RadiologyReportText.Sections(Report(null, null));
        Assert.Equal([("所見", (string?)null), ("診断", null)], none.Select(s => (s.Heading, s.Text)));
    }
}
