using System.Globalization;
using MioKarte.Core.Gateway;
using MioKarte.Core.Pdf;

namespace MioKarte.Core.Records;

/// <summary>Who the summary is about, as the viewing facility registered the patient.</summary>
/// <param name="PatientIdLabel">What the id is: 自院の患者ID, or 紹介元の患者ID for a patient seen under 非常時アクセス.</param>
/// <param name="Death">The patient died, as a disclosing facility says (with the date when given).</param>
public sealed record SummaryPatient(
    string NameKanji, string NameKana, string PatientId, DateOnly? BirthDate, string Sex, string ViewingFacility, string PatientIdLabel = "自院の患者ID",
    PatientDeath? Death = null);

/// <summary>
/// 患者サマリ: an A4 PDF grouped as a clinician reads it — the patient (with 死亡), アレルギー・薬剤禁忌,
/// 感染症, 傷病名, current medications one line per drug, the latest vital signs and the latest value
/// of each lab item with its 前回値 — then the chosen period's records by category, condensed: one line
/// per drug, lab item, vital sign or order kind (how often, first and last day, the latest value), one
/// line per report or letter. A year of a busy patient is a few pages, not one line per order.
/// Drawn with the portal's PDF machinery (SkiaSharp, subset font).
/// </summary>
public static class PatientSummaryPdf
{
    private const float RowHeight = 16;

    /// <summary>Room kept at the foot of every page for the printed-by line.</summary>
    private const float FooterHeight = 16;

    public static byte[] Build(
        SummaryPatient patient, PatientSummary summary, IReadOnlyList<RecordItem> items, DateOnly from, DateOnly to, IReadOnlyCollection<RecordCategory> categories,
        Func<RecordCategory, string> categoryName, DateTime printedAtUtc, string printedBy, IReadOnlyList<string>? notRead = null)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(categoryName);
        var document = new FormDocument("患者サマリ", "地域医療連携システム MIO Karte");
        var page = document.AddPage();
        var y = page.Title(page.ContentTop, "患者サマリ", subtitle: $"{Day(from)} ～ {Day(to)}");
        var head = page.Table(y + 6);
        var today = Hosting.JapanTime.DateOf(printedAtUtc);
        head.Row(20, FormCell.Label("氏名", 60), FormCell.Value($"{patient.NameKanji}（{patient.NameKana}）"), FormCell.Label(patient.PatientIdLabel, 70), FormCell.Value(patient.PatientId, 110));
        head.Row(20, FormCell.Label("生年月日", 60), FormCell.Value($"{BirthText(patient, today)}　{patient.Sex}"), FormCell.Label("閲覧施設", 70), FormCell.Value(patient.ViewingFacility, 110));
        if (patient.Death is { } death)
        {
            head.Row(20, FormCell.Label("死亡", 60), FormCell.Value(death.Date is { } died ? $"死亡　{DateText(died)}" : "死亡（日付の記載なし）"));
        }

        y = head.Close() + 12;
        // Facilities that could not be read (or only in part): their records are missing from every
        // section below, so an empty section must not read as "none" (patient safety: an allergy).
        var none = "共有された記録にはありません。";
        if (notRead is { Count: > 0 })
        {
            y = page.Paragraph(page.ContentLeft, y, page.ContentWidth,
                $"※ 次の施設の記録は読めなかったため（または一部しか読めなかったため）含まれていません：{string.Join("、", notRead)}", 9) + 6;
            none = "読めた記録にはありません（含まれていない施設があるため「なし」とは判断できません）。";
        }

        // Every further page names the patient, so a loose page is never someone else's.
        var runningHead = $"患者サマリ　{patient.NameKanji}（{patient.NameKana}）　{patient.PatientIdLabel} {patient.PatientId}";
        var writer = new SectionWriter(document, page, y, runningHead);

        // The summary: what is true now, whatever the period.
        writer.Section("アレルギー・薬剤禁忌", summary.Allergies.Select(i =>
        {
            var a = (AllergyRecord)i.Record;
            var marks = (a.IsContraindication ? "【薬剤禁忌】" : "【アレルギー】") + (a.HighCriticality ? "【重篤】" : "");
            var reactions = a.Reactions.Count > 0 ? $"　症状：{string.Join("、", a.Reactions)}" : "";
            return Line(i, $"{marks}{a.Substance.Display}{(a.Suspected ? "（疑い）" : "")}{reactions}");
        }), none);
        writer.Section("感染症", summary.Infections.Select(v => Line(v.Latest, LabLine(v))), none);
        writer.Section("傷病名（継続中）", summary.Diagnoses.Select(i =>
            Line(i, i.Label + (((Diagnosis)i.Record).Onset is { } onset ? $"　発症 {DateText(onset)}" : "　発症日不明"))), none);
        writer.Section("現在の処方（各施設の最終処方）", summary.Medications.Select(i => Line(i, Describe(i))), none);
        writer.Section("バイタル（最新・前回値）", summary.Vitals.Select(v =>
            Line(v.Latest, $"{v.Latest.Label} {VitalText.Value((VitalSign)v.Latest.Record)}" + (v.Previous is { } p ? $"（前回 {VitalText.Value((VitalSign)p.Record)}）" : ""))),
            none);
        writer.Section("検査結果（各項目の最新値・前回値）", summary.Labs.Select(v => Line(v.Latest, LabLine(v))), none);

        // The period's records, condensed.
        var shown = items.Where(i => (categories.Count == 0 || categories.Contains(i.Category)) && i.Date is { } d && d.SortKey >= from && d.SortKey <= to).ToList();
        foreach (var category in Enum.GetValues<RecordCategory>().Where(c => categories.Count == 0 || categories.Contains(c)))
        {
            var rows = shown.Where(i => i.Category == category).ToList();
            writer.Section($"{categoryName(category)}（{rows.Count}件）", Condense(category, rows), "この期間の記録はありません。");
        }

        // Who printed it, and 取扱注意, on every page (each page may be handed on alone), with n / N.
        var pages = document.Pages;
        for (var i = 0; i < pages.Count; i++)
        {
            pages[i].TextAt(pages[i].ContentLeft, pages[i].ContentBottom - FooterHeight + 4, pages[i].ContentWidth,
                $"印刷：{Hosting.JapanTime.Format(printedAtUtc)}　{printedBy}　— 地域医療連携システム MIO Karte（取扱注意：個人情報）　{i + 1} / {pages.Count}",
                7.5f, TextAlign.Right, FormPage.Faint);
        }

        return document.ToPdf();
    }

    /// <summary>One printed row: a date, the facility, and what.</summary>
    private sealed record PdfLine(string Date, string Facility, string Text);

    private static PdfLine Line(RecordItem item, string text) => new(item.Date is { } d ? DateText(d) : "", item.FacilityName, text);

    private static string LabLine(LatestValue value)
    {
        var r = (LabResult)value.Latest.Record;
        var previous = value.Previous?.Record is LabResult p ? $"（前回 {LabCumulative.Format(p.Value)}{Mark(p.Flag)}）" : "";
        return $"{r.Item.Display} {LabCumulative.Format(r.Value)} {r.Unit}{Mark(r.Flag)}{previous}" + (r.ReferenceRange is { } range ? $"　基準 {range}" : "");
    }

    private static string Mark(AbnormalFlag flag) => LabCumulative.Mark(flag) is { Length: > 0 } m ? " " + m : "";

    /// <summary>
    /// A category's items in the period, one line per drug, lab item, vital sign or kind of order
    /// (latest first, with how many and since when); reports and letters one line each.
    /// </summary>
    private static IEnumerable<PdfLine> Condense(RecordCategory category, List<RecordItem> rows)
    {
        if (category is RecordCategory.RadiologyReport or RecordCategory.ReferralLetter)
        {
            return rows.OrderByDescending(i => i.Date).Select(i => Line(i, Describe(i)));
        }

        Func<RecordItem, string> key = category switch
        {
            RecordCategory.LabResult => i => PatientRecordIndex.LabItemKey((LabResult)i.Record),
            RecordCategory.VitalSign => i => VitalText.TrendKey((VitalSign)i.Record),
            _ => i => i.Label,
        };
        return rows.GroupBy(key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(i => i.Date).ToList())
            .OrderByDescending(g => g[^1].Date)
            .Select(g =>
            {
                var latest = g[^1];
                var facilities = string.Join("・", g.Select(i => i.FacilityName).Distinct(StringComparer.Ordinal));
                var times = g.Count > 1 ? $"　{g.Count}回（{DateText(g[0].Date!.Value)}～）" : "";
                return new PdfLine(DateText(latest.Date!.Value), facilities, Describe(latest) + times);
            });
    }

    /// <summary>Writes titled sections of rows, moving to a new page when one is full.</summary>
    private sealed class SectionWriter(FormDocument document, FormPage page, float y, string runningHead)
    {
        public FormPage Page { get; private set; } = page;

        public float Y { get; private set; } = y;

        private float Bottom => Page.ContentBottom - FooterHeight;

        public void Section(string title, IEnumerable<PdfLine> lines, string none)
        {
            if (Bottom - Y < RowHeight * 3)
            {
                Y = NextPage();
            }

            var table = Page.Table(Y);
            table.Section(title);
            var any = false;
            foreach (var line in lines)
            {
                any = true;
                if (table.Bottom + RowHeight > Bottom)
                {
                    table.Close();
                    // Two statements: Page.Table(NextPage()) would take the receiver before NextPage
                    // moved on, and draw the continuation over the full page.
                    var top = NextPage();
                    table = Page.Table(top);
                    table.Section($"{title}（続き）");
                }

                table.Row(RowHeight,
                    FormCell.Value(line.Date, 92, 8.5f),
                    FormCell.Value(line.Facility, 120, 8),
                    FormCell.Value(line.Text, 0, 8.5f));
            }

            if (!any)
            {
                table.Row(RowHeight, FormCell.Value(none, size: 8.5f));
            }

            Y = table.Close() + 10;
        }

        private float NextPage()
        {
            Page = document.AddPage();
            Page.TextAt(Page.ContentLeft, Page.ContentTop, Page.ContentWidth, runningHead, 8.5f);
            return Page.ContentTop + 16;
        }
    }

    private static string BirthText(SummaryPatient patient, DateOnly today)
    {
        if (patient.BirthDate is not { } born)
        {
            return "—";
        }

        var age = patient.Death switch
        {
            null => $"　{PatientSummary.Age(born, today)}歳",
            { Date: { Day: not null } died } => $"　享年 {PatientSummary.Age(born, died.SortKey)}歳",
            _ => "",
        };
        return Hosting.JapanTime.FormatDateWithWareki(born) + age;
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
            VitalSign v => $"{VitalText.Name(v)} {VitalText.Value(v)}",
            AllergyRecord a => (a.IsContraindication ? "【薬剤禁忌】" : "") + a.Substance.Display,
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
