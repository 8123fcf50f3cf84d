using System.Globalization;
using MioKarte.Core.DataCenter;
using MioKarte.Core.Pdf;

namespace MioKarte.Core.Records;

/// <summary>Who the summary is about, as the viewing facility registered the patient.</summary>
/// <param name="PatientIdLabel">What the id is: 自院の患者ID, or 紹介元の患者ID for a patient seen under 非常時アクセス.</param>
public sealed record SummaryPatient(
    string NameKanji, string NameKana, string PatientId, DateOnly? BirthDate, string Sex, string ViewingFacility, string PatientIdLabel = "自院の患者ID");

/// <summary>
/// 患者サマリ: the patient's shared record for a chosen period and categories as an A4 PDF, one
/// section per category (date, facility, what), lab results as value lists. Drawn with the portal's
/// PDF machinery (SkiaSharp, subset font).
/// </summary>
public static class PatientSummaryPdf
{
    private const float RowHeight = 16;

    public static byte[] Build(
        SummaryPatient patient, IReadOnlyList<RecordItem> items, DateOnly from, DateOnly to, IReadOnlyCollection<RecordCategory> categories,
        Func<RecordCategory, string> categoryName, DateTime printedAtUtc, string printedBy)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(categoryName);
        var document = new FormDocument("患者サマリ", "地域医療連携システム MIO Karte");
        var page = document.AddPage();
        var y = page.Title(page.ContentTop, "患者サマリ", subtitle: $"{Day(from)} ～ {Day(to)}");
        var head = page.Table(y + 6);
        head.Row(20, FormCell.Label("氏名", 60), FormCell.Value($"{patient.NameKanji}（{patient.NameKana}）"), FormCell.Label(patient.PatientIdLabel, 70), FormCell.Value(patient.PatientId, 110));
        head.Row(20, FormCell.Label("生年月日", 60), FormCell.Value($"{(patient.BirthDate is { } born ? Day(born) : "—")}　{patient.Sex}"), FormCell.Label("閲覧施設", 70), FormCell.Value(patient.ViewingFacility, 110));
        y = head.Close() + 12;

        var shown = items.Where(i => (categories.Count == 0 || categories.Contains(i.Category)) && i.Date is { } d && d.SortKey >= from && d.SortKey <= to).ToList();
        foreach (var category in Enum.GetValues<RecordCategory>().Where(c => categories.Count == 0 || categories.Contains(c)))
        {
            var rows = shown.Where(i => i.Category == category).ToList();
            if (page.ContentBottom - y < RowHeight * 3)
            {
                page = document.AddPage();
                y = page.ContentTop;
            }

            var table = page.Table(y);
            table.Section($"{categoryName(category)}（{rows.Count}件）");
            if (rows.Count == 0)
            {
                table.Row(RowHeight, FormCell.Value("この期間の記録はありません。", size: 8.5f));
            }

            foreach (var item in rows)
            {
                if (table.Bottom + RowHeight > page.ContentBottom)
                {
                    table.Close();
                    page = document.AddPage();
                    table = page.Table(page.ContentTop);
                    table.Section($"{categoryName(category)}（続き）");
                }

                table.Row(RowHeight,
                    FormCell.Value(item.Date is { } d ? DateText(d) : "", 92, 8.5f),
                    FormCell.Value(item.FacilityName, 120, 8),
                    FormCell.Value(Describe(item), 0, 8.5f));
            }

            y = table.Close() + 10;
        }

        if (page.ContentBottom - y < 20)
        {
            page = document.AddPage();
            y = page.ContentTop;
        }

        page.TextAt(page.ContentLeft, page.ContentBottom - 12, page.ContentWidth,
            $"印刷：{Hosting.JapanTime.Format(printedAtUtc)}　{printedBy}　— 地域医療連携システム MIO Karte（取扱注意：個人情報）", 7.5f, TextAlign.Right, FormPage.Faint);
        return document.ToPdf();
    }

    /// <summary>One line about an item: what, how much, the result.</summary>
    public static string Describe(RecordItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Record switch
        {
            PrescriptionOrder p => Medication(p.Medication),
            InjectionOrder p => Medication(p.Medication),
            LabResult r => $"{r.Item.Display} {LabCumulative.Format(r.Value)} {r.Unit} {LabCumulative.Mark(r.Flag)}".TrimEnd() + (r.ReferenceRange is { } range ? $"（基準 {range}）" : ""),
            ReportWithImages rep => $"{rep.Report.Title} 診断：{rep.Report.Diagnosis ?? "記載なし"}",
            LabReportWithFile lab => lab.Report.Conclusion is { } conclusion ? $"{item.Label} 結論：{conclusion}" : item.Label,
            _ => item.Label,
        };
    }

    private static string Medication(MedicationLine m)
    {
        var parts = new List<string> { m.Drug.Display };
        if (m.DoseText is { } doseText)
        {
            parts.Add(doseText);
        }
        else if (m.Dose is { } dose)
        {
            // At the precision the source gave, like the screen.
            parts.Add($"{dose.ToString(CultureInfo.InvariantCulture)}{m.DoseUnit}");
        }

        if (m.DosageText is { } usage)
        {
            parts.Add(usage);
        }

        if (m.Days is { } days)
        {
            parts.Add($"{days}日分");
        }

        return string.Join(" ", parts);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture);

    private static string DateText(PartialDate d) => (d.Month, d.Day) switch
    {
        (null, _) => d.Year.ToString("D4", CultureInfo.InvariantCulture),
        (int m, null) => $"{d.Year:D4}/{m:D2}",
        (int m, int day) => d.Time is { } t ? $"{d.Year:D4}/{m:D2}/{day:D2} {t:HH\\:mm}" : $"{d.Year:D4}/{m:D2}/{day:D2}",
    };
}
