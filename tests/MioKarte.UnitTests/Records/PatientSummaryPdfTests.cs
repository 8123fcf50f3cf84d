using MioKarte.Core.DataCenter;
using MioKarte.Core.Records;
using MioKarte.UnitTests.Pdf;

namespace MioKarte.UnitTests.Records;

public sealed class PatientSummaryPdfTests
{
    private static readonly SummaryPatient Patient = new("試験 花子", "シケン ハナコ", "L0042", new DateOnly(1948, 7, 15), "女", "南多摩クリニック");

    private static List<RecordItem> Items(int prescriptions)
    {
        var items = new List<RecordItem>();
        for (var i = 0; i < prescriptions; i++)
        {
            var date = new PartialDate(2026, 10, 1 + (i % 28), new TimeOnly(10, 0));
            var order = new PrescriptionOrder(new SourceRef("1311234567", "MedicationRequest", "rx" + i), date,
                new MedicationLine(new CodedItem(null, null, "アムロジピン錠5mg"), 1, "錠", "1日1回朝食後", 28, null, null, "内服"), null, null, null);
            items.Add(new RecordItem("id" + i, RecordCategory.Prescription, "1311234567", "八王子みなみ総合病院", null, date, "アムロジピン錠5mg", order));
        }

        var lab = new LabResult(new SourceRef("1311234567", "Observation", "o1"), new PartialDate(2026, 10, 20), new CodedItem("3B035000002327201", null, "AST"), true,
            new LabValue(52, null, null), "U/L", "13-30", AbnormalFlag.High);
        items.Add(new RecordItem("lab", RecordCategory.LabResult, "1311234567", "八王子みなみ総合病院", null, lab.SpecimenDate, "AST", lab));
        return items;
    }

    [Fact]
    public void The_summary_names_the_patient_the_period_and_each_chosen_category_s_records()
    {
        var pdf = PatientSummaryPdf.Build(Patient, Items(3), new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31),
            [RecordCategory.Prescription, RecordCategory.LabResult], c => c.ToString(), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), "閲覧 利用者");

        var text = Poppler.CollapseWhiteSpace(Poppler.ExtractText(pdf));
        Assert.Contains("患者サマリ", text, StringComparison.Ordinal);
        Assert.Contains("2026/10/01 ～ 2026/10/31", text, StringComparison.Ordinal);
        Assert.Contains("試験 花子", text, StringComparison.Ordinal);
        Assert.Contains("自院の患者ID L0042", text, StringComparison.Ordinal);
        Assert.Contains("Prescription（3件）", text, StringComparison.Ordinal);
        Assert.Contains("アムロジピン錠5mg 1錠 1日1回朝食後 28日分", text, StringComparison.Ordinal);
        Assert.Contains("AST 52 U/L H（基準 13-30）", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Injection", text, StringComparison.Ordinal);
        Assert.Contains("2026/11/23 09:00", text, StringComparison.Ordinal); // printed at, in Japan time
        Poppler.RenderFirstPage(pdf, Path.Combine(PdfArtifacts.Directory, "patient-summary.png"));
    }

    [Fact]
    public void Under_emergency_access_the_id_is_named_as_the_referring_facility_s()
    {
        var pdf = PatientSummaryPdf.Build(Patient with { PatientId = "46443925", PatientIdLabel = "紹介元の患者ID" }, Items(1),
            new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), [], c => c.ToString(), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), "閲覧 医師");

        var text = Poppler.CollapseWhiteSpace(Poppler.ExtractText(pdf));
        Assert.Contains("紹介元の患者ID 46443925", text, StringComparison.Ordinal);
        Assert.DoesNotContain("自院の患者ID", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_summary_continues_on_further_pages()
    {
        var pdf = PatientSummaryPdf.Build(Patient, Items(120), new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), [], c => c.ToString(),
            new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), "閲覧 利用者");

        Assert.True(Poppler.PageCount(pdf) >= 3);
        Assert.Contains("Prescription（続き）", Poppler.ExtractText(pdf), StringComparison.Ordinal);
    }
}
