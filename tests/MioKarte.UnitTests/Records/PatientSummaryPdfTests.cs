using MioKarte.Core.Gateway;
using MioKarte.Core.Records;
using MioKarte.UnitTests.Pdf;

namespace MioKarte.UnitTests.Records;

public sealed class PatientSummaryPdfTests
{
    private static readonly PatientSummary Empty = new(null, [], [], [], [], [], []);

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
        var pdf = PatientSummaryPdf.Build(Patient, Empty, Items(3), new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31),
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
        var pdf = PatientSummaryPdf.Build(Patient with { PatientId = "46443925", PatientIdLabel = "紹介元の患者ID" }, Empty, Items(1),
            new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), [], c => c.ToString(), new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), "閲覧 医師");

        var text = Poppler.CollapseWhiteSpace(Poppler.ExtractText(pdf));
        Assert.Contains("紹介元の患者ID 46443925", text, StringComparison.Ordinal);
        Assert.DoesNotContain("自院の患者ID", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_summary_continues_on_further_pages()
    {
        var many = Enumerable.Range(0, 120).Select(i => Items(1)[0] with { Id = "d" + i, Label = "薬剤" + i }).ToList();
        var pdf = PatientSummaryPdf.Build(Patient, Empty, many, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), [], c => c.ToString(),
            new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), "閲覧 利用者");

        var pages = Poppler.PageCount(pdf);
        Assert.True(pages >= 3);
        var text = Poppler.ExtractText(pdf);
        Assert.Contains("Prescription（120件）（続き）", text, StringComparison.Ordinal);
        // A page handed on alone still says whose it is, who printed it, 取扱注意, and which page of how many.
        var perPage = text.Split('\f', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pages, perPage.Length);
        // A continuation starts a new page; it is never drawn over the page it continues.
        Assert.DoesNotContain("（続き）", perPage[0], StringComparison.Ordinal);
        Assert.Contains("（続き）", perPage[1], StringComparison.Ordinal);
        for (var i = 0; i < pages; i++)
        {
            var page = Poppler.CollapseWhiteSpace(perPage[i]);
            Assert.Contains("試験 花子", page, StringComparison.Ordinal);
            Assert.Contains("L0042", page, StringComparison.Ordinal);
            Assert.Contains("取扱注意", page, StringComparison.Ordinal);
            // pdftotext drops the narrow spaces around the slash.
            Assert.Contains($"{i + 1}/{pages}", page.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_unit_with_a_superscript_the_font_lacks_prints_readably_instead_of_as_a_box()
    {
        var lab = new LabResult(new SourceRef("1311234567", "Observation", "plt"), new PartialDate(2026, 10, 20), new CodedItem(null, null, "血小板数"), true,
            new LabValue(21.5m, null, null), "10⁴/μL", "15.8-34.8", AbnormalFlag.None);
        var item = new RecordItem("plt", RecordCategory.LabResult, "1311234567", "八王子みなみ総合病院", null, lab.SpecimenDate, "血小板数", lab);

        var pdf = PatientSummaryPdf.Build(Patient, Empty, [item], new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), [], c => c.ToString(),
            new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), "閲覧 利用者");

        var text = Poppler.CollapseWhiteSpace(Poppler.ExtractText(pdf));
        Assert.Contains("血小板数 21.5 10^4/μL", text, StringComparison.Ordinal);
        Assert.DoesNotContain("⁴", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_year_of_a_busy_patient_is_a_few_grouped_pages_with_each_drug_once_and_the_summary_first()
    {
        // A year: three drugs at every weekly visit, sixteen lab items every visit, blood pressure every visit.
        var items = new List<RecordItem>();
        string[] drugs = ["アムロジピン錠5mg", "メトホルミン塩酸塩錠250mg", "ロスバスタチン錠2.5mg"];
        for (var week = 0; week < 52; week++)
        {
            var date = new PartialDate(2026, 1, 1).SortKey.AddDays(week * 7);
            var day = new PartialDate(date.Year, date.Month, date.Day);
            foreach (var drug in drugs)
            {
                var order = new PrescriptionOrder(new SourceRef("1311234567", "MedicationRequest", $"rx{week}{drug}"), day,
                    new MedicationLine(new CodedItem(null, null, drug), 1, "錠", "1日1回朝食後", 7, null, null, "内服"), null, null, "completed");
                items.Add(new RecordItem($"rx{week}{drug}", RecordCategory.Prescription, "1311234567", "八王子みなみ総合病院", null, day, drug, order));
            }

            for (var lab = 0; lab < 16; lab++)
            {
                var result = new LabResult(new SourceRef("1311234567", "Observation", $"o{week}-{lab}"), day, new CodedItem($"3B{lab:000}000002327201", null, "項目" + lab), true,
                    new LabValue(20 + week, null, null), "U/L", "13-30", week > 40 ? AbnormalFlag.High : AbnormalFlag.None);
                items.Add(new RecordItem($"o{week}-{lab}", RecordCategory.LabResult, "1311234567", "八王子みなみ総合病院", null, day, "項目" + lab, result));
            }

            var bp = new VitalSign(new SourceRef("1311234567", "Observation", $"bp{week}"), day, VitalKind.BloodPressure, new CodedItem("85354-9", null, "血圧"), 130, 80, "mmHg", null);
            items.Add(new RecordItem($"bp{week}", RecordCategory.VitalSign, "1311234567", "八王子みなみ総合病院", null, day, "血圧", bp));
        }

        var allergy = new AllergyRecord(new SourceRef("1311234567", "AllergyIntolerance", "a1"), new CodedItem(null, null, "ペニシリン"), AllergyKind.Medication,
            new PartialDate(2020, 1, 1), ClinicalStatus.Active, true, false, ["蕁麻疹"]);
        items.Add(new RecordItem("a1", RecordCategory.Allergy, "1311234567", "八王子みなみ総合病院", null, allergy.Recorded, "ペニシリン", allergy));
        var index = PatientRecordIndex.Build(new GatewayResult<FacilityPatientRecord>([], [], []), (_, _) => null);
        var summary = new PatientSummary(new PatientDeath(new PartialDate(2026, 12, 1)), [items[^1]], [], [], [.. items.Where(i => i.Record is PrescriptionOrder).TakeLast(3)], [], []);
        Assert.Empty(index.Items);

        var pdf = PatientSummaryPdf.Build(Patient with { Death = summary.Death }, summary, items, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), [],
            c => c.ToString(), new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc), "閲覧 医師");

        var text = Poppler.CollapseWhiteSpace(Poppler.ExtractText(pdf));
        Assert.InRange(Poppler.PageCount(pdf), 1, 4);
        Assert.Contains("死亡 2026/12/01", text, StringComparison.Ordinal);
        Assert.Contains("享年 78歳", text, StringComparison.Ordinal);
        Assert.Contains("【薬剤禁忌】【重篤】ペニシリン 症状：蕁麻疹", text, StringComparison.Ordinal);
        // The summary's current medications once each, and the year's prescriptions one line per drug.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(text, "アムロジピン錠5mg"));
        Assert.Contains("アムロジピン錠5mg 1錠 1日1回朝食後 7日分 52回（2026/01/01～）", text, StringComparison.Ordinal);
        Assert.Contains("血圧 130/80 mmHg 52回", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("アレルギー・薬剤禁忌", StringComparison.Ordinal) < text.IndexOf("Prescription（156件）", StringComparison.Ordinal));
        Poppler.RenderFirstPage(pdf, Path.Combine(PdfArtifacts.Directory, "patient-summary-year.png"));
    }

    [Fact]
    public void Facilities_that_could_not_be_read_are_named_and_no_section_says_none()
    {
        var pdf = PatientSummaryPdf.Build(Patient, Empty, [], new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), [], c => c.ToString(),
            new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), "閲覧 利用者", ["多摩川記念病院"]);

        var text = Poppler.CollapseWhiteSpace(Poppler.ExtractReadingText(pdf));
        Assert.Contains("含まれていません：多摩川記念病院", text, StringComparison.Ordinal);
        Assert.DoesNotContain("共有された記録にはありません", text, StringComparison.Ordinal);
        Assert.Contains("「なし」とは判断できません", text, StringComparison.Ordinal);
    }
}
