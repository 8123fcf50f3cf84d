using MioKarte.Core.Gateway;
using MioKarte.Core.Records;

namespace MioKarte.UnitTests.Records;

public sealed class RecordTableBuilderTests
{
    internal const string Hachioji = "1311234567";
    internal const string Tamagawa = "1312345670";

    private static readonly Guid HachiojiLink = Guid.NewGuid();
    private static readonly Guid TamagawaLink = Guid.NewGuid();

    private static int nextId;

    internal static PartialDate Day(int y, int m, int d, int? hour = null) => new(y, m, d, hour is { } h ? new TimeOnly(h, 0) : null);

    private static PrescriptionOrder Rx(string facility, PartialDate? date, string drug = "アムロジピン錠5mg") =>
        new(new SourceRef(facility, "MedicationRequest", "mr" + Interlocked.Increment(ref nextId)), date,
            new MedicationLine(new CodedItem("610463147", null, drug), 1, "錠", "1日1回朝食後", 28, null, null, "内服"), "医師", "内科", "active");

    internal static LabResult Lab(string facility, PartialDate? date, string code = "3B035000002327201", string name = "AST", decimal value = 20) =>
        new(new SourceRef(facility, "Observation", "o" + Interlocked.Increment(ref nextId)), date, new CodedItem(code, "urn:oid:1.2.392.200119.4.504", name), true,
            new LabValue(value, null, null), "U/L", "13-30", value > 30 ? AbnormalFlag.High : AbnormalFlag.None);

    internal static SharedPatientRecord Record(IEnumerable<PrescriptionOrder>? rx = null, IEnumerable<LabResult>? labs = null) =>
        new(null, (rx ?? []).ToList(), [], [], (labs ?? []).ToList(), [], [], [], []);

    internal static PatientRecordIndex Index(params FacilityPatientRecord[] records) =>
        PatientRecordIndex.Build(new GatewayResult<FacilityPatientRecord>(records, [], []), (code, _) => code == Hachioji ? HachiojiLink : TamagawaLink);

    private static TableQuery Query(TableZoom zoom, DateOnly from, DateOnly to, params RecordCategory[] categories) => new(zoom, from, to, categories, []);

    [Fact]
    public void The_default_shows_the_latest_three_months_by_week()
    {
        var query = TableQuery.Default(new DateOnly(2026, 11, 24));

        Assert.Equal(TableZoom.Week, query.Zoom);
        Assert.Equal(new DateOnly(2026, 8, 25), query.From);
        Assert.Equal(new DateOnly(2026, 11, 24), query.To);
    }

    [Fact]
    public void Weeks_run_from_Monday_to_Sunday_and_months_from_the_first()
    {
        Assert.Equal(new DateOnly(2026, 11, 23), RecordTableBuilder.PeriodStart(new DateOnly(2026, 11, 29), TableZoom.Week)); // Sunday → its Monday
        Assert.Equal(new DateOnly(2026, 11, 23), RecordTableBuilder.PeriodStart(new DateOnly(2026, 11, 23), TableZoom.Week));
        Assert.Equal(new DateOnly(2026, 11, 1), RecordTableBuilder.PeriodStart(new DateOnly(2026, 11, 30), TableZoom.Month));
        Assert.Equal(new DateOnly(2024, 2, 29), RecordTableBuilder.PeriodEnd(new DateOnly(2024, 2, 1), TableZoom.Month));
    }

    [Fact]
    public void Each_category_is_a_row_and_each_period_a_column_counting_what_happened()
    {
        var index = Index(new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", Record(
            rx: [Rx(Hachioji, Day(2026, 10, 5, 9)), Rx(Hachioji, Day(2026, 10, 7), "メトホルミン塩酸塩錠250mg")],
            labs: [Lab(Hachioji, Day(2026, 10, 19))])));

        var table = RecordTableBuilder.Build(index.Items, Query(TableZoom.Week, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), null);

        Assert.Equal(Enum.GetValues<RecordCategory>(), table.Rows.Select(r => r.Category));
        Assert.Equal(new DateOnly(2026, 9, 28), table.Columns[0].Start); // the week holding 1 October
        var rx = table.CellAt(RecordCategory.Prescription, new DateOnly(2026, 10, 5))!;
        Assert.Equal(2, rx.Count);
        Assert.Equal("アムロジピン錠5mg 他1種", rx.Label);
        Assert.Equal("八王子みなみ総合病院", Assert.Single(rx.Facilities).Name);
        Assert.Equal(1, table.CellAt(RecordCategory.LabResult, new DateOnly(2026, 10, 19))!.Count);
        Assert.Null(table.CellAt(RecordCategory.LabResult, new DateOnly(2026, 10, 5)));
    }

    [Fact]
    public void Several_facilities_merge_into_one_cell_that_names_each()
    {
        var index = Index(
            new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", Record(rx: [Rx(Hachioji, Day(2026, 10, 5)), Rx(Hachioji, Day(2026, 10, 6))])),
            new FacilityPatientRecord(Tamagawa, "多摩川記念病院", Record(rx: [Rx(Tamagawa, Day(2026, 10, 8))])));

        var table = RecordTableBuilder.Build(index.Items, Query(TableZoom.Month, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), null);

        var cell = table.CellAt(RecordCategory.Prescription, new DateOnly(2026, 10, 1))!;
        Assert.Equal(3, cell.Count);
        Assert.Equal([("八王子みなみ総合病院", 2), ("多摩川記念病院", 1)], cell.Facilities.Select(f => (f.Name, f.Count)));
        Assert.Equal([HachiojiLink, HachiojiLink, TamagawaLink], cell.Items.Select(i => i.PatientLinkId));
    }

    [Fact]
    public void A_facility_filter_leaves_the_other_facility_out()
    {
        var index = Index(
            new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", Record(rx: [Rx(Hachioji, Day(2026, 10, 5))])),
            new FacilityPatientRecord(Tamagawa, "多摩川記念病院", Record(rx: [Rx(Tamagawa, Day(2026, 10, 8))])));

        var table = RecordTableBuilder.Build(index.Items, new TableQuery(TableZoom.Month, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), [], [Tamagawa]), null);

        Assert.Equal("多摩川記念病院", Assert.Single(table.CellAt(RecordCategory.Prescription, new DateOnly(2026, 10, 1))!.Facilities).Name);
    }

    [Fact]
    public void A_category_filter_shows_only_those_rows()
    {
        var index = Index(new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", Record(rx: [Rx(Hachioji, Day(2026, 10, 5))], labs: [Lab(Hachioji, Day(2026, 10, 5))])));

        var table = RecordTableBuilder.Build(index.Items, Query(TableZoom.Day, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), RecordCategory.LabResult), null);

        Assert.Equal([RecordCategory.LabResult], table.Rows.Select(r => r.Category));
        Assert.Equal(31, table.Columns.Count);
    }

    [Fact]
    public void A_partial_date_goes_where_it_begins_and_marks_the_cell_approximate_when_the_column_is_finer()
    {
        var index = Index(new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", Record(rx: [Rx(Hachioji, new PartialDate(2026, 10, null)), Rx(Hachioji, new PartialDate(2025, null, null))])));

        var byWeek = RecordTableBuilder.Build(index.Items, Query(TableZoom.Week, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), null);
        var byMonth = RecordTableBuilder.Build(index.Items, Query(TableZoom.Month, new DateOnly(2025, 1, 1), new DateOnly(2026, 10, 31)), null);

        Assert.True(byWeek.CellAt(RecordCategory.Prescription, new DateOnly(2026, 9, 28))!.HasApproximateDates);
        Assert.False(byMonth.CellAt(RecordCategory.Prescription, new DateOnly(2026, 10, 1))!.HasApproximateDates);
        Assert.True(byMonth.CellAt(RecordCategory.Prescription, new DateOnly(2025, 1, 1))!.HasApproximateDates); // a year only
        Assert.Equal(new DateOnly(2025, 1, 1), byMonth.FirstRecord);
    }

    [Fact]
    public void Undated_records_are_kept_apart_and_never_lost()
    {
        var index = Index(new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", Record(rx: [Rx(Hachioji, null), Rx(Hachioji, Day(2026, 10, 5))])));

        var table = RecordTableBuilder.Build(index.Items, Query(TableZoom.Week, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), null);

        Assert.Single(table.Undated);
        Assert.Null(index.Items[^1].Date); // undated sort last
    }

    [Fact]
    public void Not_shown_counts_and_partly_read_marks_are_kept_per_facility_and_added_up_by_type()
    {
        var index = Index(
            new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", Record(rx: [Rx(Hachioji, Day(2026, 10, 5))]) with
            {
                NotShown = new Dictionary<string, int> { ["Condition"] = 3, ["Immunization"] = 12 },
                PartlyRead = ["Observation"],
            }),
            new FacilityPatientRecord(Tamagawa, "多摩川記念病院", Record() with { NotShown = new Dictionary<string, int> { ["Immunization"] = 1, ["Encounter"] = 0 } }));

        Assert.Equal(16, index.NotShownTotal);
        Assert.Equal([new("Immunization", 13), new("Condition", 3)], index.NotShownByType);
        Assert.Equal(["八王子みなみ総合病院", "多摩川記念病院"], index.NotShown.Select(n => n.FacilityName));
        Assert.Equal([new("Immunization", 12), new("Condition", 3)], index.NotShown[0].ByType); // most numerous first
        var partly = Assert.Single(index.PartlyRead);
        Assert.Equal((Hachioji, "八王子みなみ総合病院"), (partly.FacilityCode, partly.FacilityName));
        Assert.Equal(["Observation"], partly.Searches);
    }

    [Fact]
    public void An_undated_lab_result_from_the_gateway_is_listed_apart_not_lost()
    {
        var index = Index(new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", Record(labs: [Lab(Hachioji, null), Lab(Hachioji, Day(2026, 10, 5))])));

        var table = RecordTableBuilder.Build(index.Items, Query(TableZoom.Week, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), null);

        var undated = Assert.Single(table.Undated);
        Assert.Equal(RecordCategory.LabResult, undated.Category);
    }

    [Fact]
    public void A_date_time_written_in_UTC_late_in_the_evening_is_the_next_Japan_day()
    {
        // 2026-10-04T16:30Z is 2026-10-05 01:30 in Japan: the record belongs to Monday 5 October, not the week before.
        var date = FhirJson.Date("2026-10-04T16:30:00Z");

        Assert.Equal(new PartialDate(2026, 10, 5, new TimeOnly(1, 30)), date);
        Assert.Equal(new PartialDate(2026, 10, 4, new TimeOnly(23, 59)), FhirJson.Date("2026-10-04T23:59:00+09:00"));
        Assert.Equal(new PartialDate(2026, 12, 31, new TimeOnly(23, 0)), FhirJson.Date("2027-01-01T00:00:00+10:00"));
        Assert.Equal(new PartialDate(2026, 10, 4, new TimeOnly(10, 0)), FhirJson.Date("2026-10-04T10:00:00"));
    }

    [Fact]
    public void Items_dated_after_the_last_sitting_in_Japan_time_are_new()
    {
        // The last sitting ended at 2026-10-04T15:30Z = 5 October 00:30 in Japan.
        var since = new DateTime(2026, 10, 4, 15, 30, 0, DateTimeKind.Utc);
        var index = Index(new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", Record(rx:
        [
            Rx(Hachioji, Day(2026, 10, 4, 23)),         // 4 October 23:00 Japan: before
            Rx(Hachioji, Day(2026, 10, 5, 0)),          // 00:00: before 00:30
            Rx(Hachioji, Day(2026, 10, 5, 9)),          // after
            Rx(Hachioji, Day(2026, 10, 5)),             // same day, no time: could be new
            Rx(Hachioji, new PartialDate(2026, 10, null)), // a month that began before: not marked
        ])));

        // Sorted along the time axis: the month, 4 Oct 23:00, 5 Oct (no time), 5 Oct 00:00, 5 Oct 09:00.
        Assert.Equal([false, false, true, false, true], index.Items.Select(i => i.IsNewSince(since)));
        Assert.All(index.Items, i => Assert.False(i.IsNewSince(null)));
        var table = RecordTableBuilder.Build(index.Items, Query(TableZoom.Month, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), since);
        Assert.Equal(2, table.CellAt(RecordCategory.Prescription, new DateOnly(2026, 10, 1))!.NewCount);
    }

    [Fact]
    public void A_very_long_period_by_day_is_cut_to_the_latest_columns()
    {
        var table = RecordTableBuilder.Build([], Query(TableZoom.Day, new DateOnly(2016, 1, 1), new DateOnly(2026, 10, 31)), null);

        Assert.True(table.Truncated);
        Assert.Equal(TableQuery.MaxColumns, table.Columns.Count);
        Assert.Equal(new DateOnly(2026, 10, 31), table.Columns[^1].Start);
    }

    [Fact]
    public void Ids_are_opaque_and_only_found_in_the_record_they_were_built_from()
    {
        var mine = Index(new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", Record(rx: [Rx(Hachioji, Day(2026, 10, 5))])));
        var other = Index(new FacilityPatientRecord(Tamagawa, "多摩川記念病院", Record(rx: [Rx(Tamagawa, Day(2026, 10, 5))])));

        var id = mine.Items[0].Id;
        Assert.True(RecordIds.IsWellFormed(id));
        Assert.DoesNotContain("mr", id, StringComparison.Ordinal);
        Assert.NotNull(mine.Find(id));
        Assert.Null(other.Find(id));
    }

    [Fact]
    public void Lab_results_of_one_JLAC10_item_from_two_facilities_form_one_trend_and_one_cumulative_row()
    {
        var index = Index(
            new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", Record(labs: [Lab(Hachioji, Day(2026, 9, 1), value: 25), Lab(Hachioji, Day(2026, 9, 1, 15), "3C015000002327101", "Cr", 0.9m)])),
            new FacilityPatientRecord(Tamagawa, "多摩川記念病院", Record(labs: [Lab(Tamagawa, Day(2026, 10, 1), value: 52)])));

        var ast = PatientRecordIndex.LabItemId((LabResult)index.Items.First(i => i.Label == "AST").Record);
        var trend = LabCumulative.Trend(index.LabResultsOf(ast));
        var table = LabCumulative.Build(index.Items);

        Assert.Equal([25m, 52m], trend.Select(p => p.Value));
        Assert.Equal(AbnormalFlag.High, trend[1].Flag);
        Assert.Equal("多摩川記念病院", trend[1].FacilityName);
        Assert.Equal([new DateOnly(2026, 10, 1), new DateOnly(2026, 9, 1)], table.Days); // newest first
        Assert.Equal(["肝機能", "腎機能"], table.Panels.Select(p => p.Name));
        Assert.Equal(2, table.Panels[0].Rows.Single().ByDay.Count);
    }

    [Fact]
    public void The_trend_chart_is_plain_SVG_with_the_reference_band_and_encoded_text()
    {
        var points = new[]
        {
            new TrendPoint(new DateOnly(2026, 9, 1), 25, AbnormalFlag.None, "病院<A>"),
            new TrendPoint(new DateOnly(2026, 10, 1), 52, AbnormalFlag.High, "病院B"),
        };

        var svg = TrendChart.Layout(points, "13-30").ToSvg("AST の推移");

        using var parsed = System.Xml.XmlReader.Create(new StringReader(svg));
        while (parsed.Read())
        {
        }

        Assert.Contains("<rect class=\"trend__band\"", svg, StringComparison.Ordinal);
        Assert.Contains("fill=\"#b3261e\"", svg, StringComparison.Ordinal); // the high value in red, and marked H in its title
        Assert.Contains("52 H", svg, StringComparison.Ordinal);
        Assert.Contains("病院&lt;A&gt;", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("style", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("script", svg, StringComparison.Ordinal);
        Assert.Equal((13m, 30m), TrendChart.ParseRange("13～30"));
        Assert.Equal((null, null), TrendChart.ParseRange("陰性"));
    }

    [Fact]
    public void A_JPEG_picture_of_a_study_is_shown_with_its_study_and_its_report()
    {
        var study = new ImageResult(new SourceRef(Hachioji, "ImagingStudy", "s1"), Day(2026, 10, 5), "CT", "腹部", "腹部単純CT",
            [new ContentReference("ImagingStudy/s1/1.2.3", "application/dicom")]);
        var jpeg = new ImageResult(new SourceRef(Hachioji, "Media", "m1"), Day(2026, 10, 5), "CT", null, "1枚目",
            [new ContentReference("Media/m1", "image/jpeg")], "ImagingStudy/s1");
        var report = new RadiologyReport(new SourceRef(Hachioji, "DiagnosticReport", "r1"), Day(2026, 10, 6), "腹部CT 読影", "所見", "診断", ["ImagingStudy/s1"]);
        var record = new SharedPatientRecord(null, [], [], [], [], [], [study, jpeg], [report], []);

        var index = Index(new FacilityPatientRecord(Hachioji, "八王子みなみ総合病院", record));

        var image = Assert.Single(index.Items, i => i.Category == RecordCategory.Image);
        var pictures = ((ImageStudy)image.Record).Pictures;
        Assert.Equal("Media/m1", Assert.Single(pictures).Reference.Id); // DICOM is not a picture a browser can show
        Assert.Equal(image.Id, index.FindContent(pictures[0].Id)!.ItemId);
        var withImages = (ReportWithImages)index.Items.Single(i => i.Category == RecordCategory.RadiologyReport).Record;
        Assert.Equal(image.Id, Assert.Single(withImages.Studies).Id);
    }

    [Fact]
    public void A_sitting_keeps_its_new_marks_while_paging_and_the_next_sitting_marks_what_came_since()
    {
        var start = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var visit = PatientRecordVisit.First("user", Guid.NewGuid(), start);
        Assert.Null(visit.MarkNewSinceUtc);

        visit.Open(start.AddMinutes(10));
        Assert.Null(visit.MarkNewSinceUtc);

        visit.Open(start.AddDays(2));
        Assert.Equal(start.AddMinutes(10), visit.MarkNewSinceUtc);
        visit.Open(start.AddDays(2).AddMinutes(5));
        Assert.Equal(start.AddMinutes(10), visit.MarkNewSinceUtc);
    }

    [Fact]
    public void Views_within_a_minute_of_the_last_noted_opening_change_nothing_so_they_have_nothing_to_save()
    {
        var start = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var visit = PatientRecordVisit.First("user", Guid.NewGuid(), start);

        visit.Open(start.AddSeconds(59));
        Assert.Equal(start, visit.LastOpenedAtUtc);

        visit.Open(start.AddSeconds(61));
        Assert.Equal(start.AddSeconds(61), visit.LastOpenedAtUtc);
        Assert.Null(visit.MarkNewSinceUtc);
    }
}
