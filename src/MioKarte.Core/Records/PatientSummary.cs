using MioKarte.Core.Gateway;

namespace MioKarte.Core.Records;

/// <summary>A latest value and the one before it (前回値), of one lab item or one vital sign.</summary>
public sealed record LatestValue(RecordItem Latest, RecordItem? Previous);

/// <summary>
/// 患者サマリー: what a clinician must see before the table — アレルギー・薬剤禁忌 (drug
/// contraindications first), 感染症, active 傷病名, current medications, the latest vital signs and
/// the latest value of each lab item with its 前回値 — and whether the patient has died. Built from
/// the record's items, so every line links to the same detail as the table (docs/patient-record.md).
/// </summary>
public sealed record PatientSummary(
    PatientDeath? Death,
    IReadOnlyList<RecordItem> Allergies,
    IReadOnlyList<LatestValue> Infections,
    IReadOnlyList<RecordItem> Diagnoses,
    IReadOnlyList<RecordItem> Medications,
    IReadOnlyList<LatestValue> Vitals,
    IReadOnlyList<LatestValue> Labs)
{
    /// <summary>Prescription statuses that mean the drug is not being taken.</summary>
    private static readonly HashSet<string> Ended = new(StringComparer.OrdinalIgnoreCase) { "stopped", "cancelled", "entered-in-error", "draft", "on-hold" };

    public bool IsEmpty => Allergies.Count == 0 && Infections.Count == 0 && Diagnoses.Count == 0 && Medications.Count == 0 && Vitals.Count == 0 && Labs.Count == 0;

    public static PatientSummary Build(PatientRecordIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var items = index.Items;

        // Drug contraindications first, then high criticality, then the newest.
        var allergies = items.Where(i => i.Record is AllergyRecord { IsCurrent: true })
            .GroupBy(i => (((AllergyRecord)i.Record).Substance.Display, ((AllergyRecord)i.Record).Kind))
            .Select(g => g.MaxBy(i => i.Date)!)
            .OrderByDescending(i => ((AllergyRecord)i.Record).IsContraindication)
            .ThenByDescending(i => ((AllergyRecord)i.Record).HighCriticality)
            .ThenByDescending(i => i.Date)
            .ToList();

        var diagnoses = items.Where(i => i.Record is Diagnosis { IsCurrent: true })
            .GroupBy(i => ((Diagnosis)i.Record).Name.Code ?? ((Diagnosis)i.Record).Name.Display, StringComparer.Ordinal)
            .Select(g => g.MaxBy(i => i.Date)!)
            .OrderByDescending(i => i.Date)
            .ToList();

        var labs = Latest(items.Where(i => i.Record is LabResult), i => PatientRecordIndex.LabItemKey((LabResult)i.Record));
        var infections = labs.Where(l => ((LabResult)l.Latest.Record).IsInfection).ToList();
        var vitals = Latest(items.Where(i => i.Record is VitalSign), i => VitalText.TrendKey((VitalSign)i.Record))
            .OrderBy(v => ((VitalSign)v.Latest.Record).Kind).ToList();

        return new PatientSummary(index.Death, allergies, infections, diagnoses, CurrentMedications(items), vitals,
            labs.OrderByDescending(l => l.Latest.Date).ThenBy(l => l.Latest.Label, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// 現在の処方: each facility's latest prescription day (its 最終処方), one line per drug. Japanese
    /// outpatient orders are mostly sent as "completed" once issued, so the status alone cannot say
    /// what is being taken; the latest day of each facility can, and the line shows its date.
    /// </summary>
    private static List<RecordItem> CurrentMedications(IReadOnlyList<RecordItem> items)
    {
        var current = new List<RecordItem>();
        foreach (var facility in items.Where(i => i.Record is PrescriptionOrder p && p.OrderDate is not null && !Ended.Contains(p.Status ?? ""))
                     .GroupBy(i => i.FacilityCode, StringComparer.Ordinal))
        {
            var lastDay = facility.Max(i => i.Date!.Value.SortKey);
            current.AddRange(facility.Where(i => i.Date!.Value.SortKey == lastDay)
                .GroupBy(i => ((PrescriptionOrder)i.Record).Medication.Drug.Display, StringComparer.Ordinal)
                .Select(g => g.Last()));
        }

        return current.OrderByDescending(i => i.Date).ThenBy(i => i.Label, StringComparer.Ordinal).ToList();
    }

    /// <summary>The newest dated item of each key, with the newest one of an earlier day (前回値).</summary>
    private static List<LatestValue> Latest(IEnumerable<RecordItem> items, Func<RecordItem, string> key) =>
        items.Where(i => i.Date is not null)
            .GroupBy(key, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderByDescending(i => i.Date).ToList();
                var latest = ordered[0];
                var previous = ordered.FirstOrDefault(i => i.Date!.Value.SortKey < latest.Date!.Value.SortKey);
                return new LatestValue(latest, previous);
            })
            .ToList();

    /// <summary>Age in whole years on <paramref name="on"/>.</summary>
    public static int Age(DateOnly birth, DateOnly on) =>
        on.Year - birth.Year - (on.Month < birth.Month || (on.Month == birth.Month && on.Day < birth.Day) ? 1 : 0);
}

/// <summary>How the record screens and the PDF name and write vital signs.</summary>
public static class VitalText
{
    public static string Name(VitalSign vital)
    {
        ArgumentNullException.ThrowIfNull(vital);
        return vital.Kind switch
        {
            VitalKind.BloodPressure => "血圧",
            VitalKind.BodyTemperature => "体温",
            VitalKind.HeartRate => "脈拍",
            VitalKind.OxygenSaturation => "SpO2",
            VitalKind.RespiratoryRate => "呼吸数",
            VitalKind.BodyHeight => "身長",
            VitalKind.BodyWeight => "体重",
            VitalKind.Bmi => "BMI",
            VitalKind.PainSeverity => "疼痛スケール (NRS)",
            _ => vital.Item.Display,
        };
    }

    /// <summary>"128/76 mmHg", "36.8 ℃", "98 %", the text when there is no number; at the kind's clinical precision (<see cref="ClinicalNumber"/>).</summary>
    public static string Value(VitalSign vital) => Value(vital, n => ClinicalNumber.Vital(vital.Kind, n));

    /// <summary>The value exactly as the facility sent it (送信値), or null when the display shows it unrounded.</summary>
    public static string? RawValue(VitalSign vital)
    {
        ArgumentNullException.ThrowIfNull(vital);
        return (vital.Value is { } v && ClinicalNumber.IsRoundedVital(vital.Kind, v)) || (vital.Diastolic is { } d && ClinicalNumber.IsRoundedVital(vital.Kind, d))
            ? Value(vital, ClinicalNumber.Raw)
            : null;
    }

    private static string Value(VitalSign vital, Func<decimal, string> number)
    {
        ArgumentNullException.ThrowIfNull(vital);
        var text = vital.Kind == VitalKind.BloodPressure && (vital.Value is not null || vital.Diastolic is not null)
            ? $"{(vital.Value is { } s ? number(s) : "—")}/{(vital.Diastolic is { } d ? number(d) : "—")}"
            : vital.Value is { } v ? number(v) : null;
        return text is null ? vital.Text ?? "—" : $"{text} {vital.Unit}".TrimEnd();
    }

    /// <summary>A vital sign's trend key for <see cref="PatientRecordIndex.VitalSignsOf"/>: its kind, or its code for an unknown kind.</summary>
    public static string TrendKey(VitalSign vital)
    {
        ArgumentNullException.ThrowIfNull(vital);
        return vital.Kind != VitalKind.Other ? vital.Kind.ToString() : vital.Item.Code ?? vital.Item.Display;
    }

    public static string TrendId(VitalSign vital) => RecordIds.For("vital", "", TrendKey(vital));
}

/// <summary>One series of a vital-sign trend (blood pressure has two: 収縮期 and 拡張期).</summary>
public sealed record VitalSeries(string Name, IReadOnlyList<TrendPoint> Points, TrendChart Chart);

/// <summary>A vital sign's trend: its series over time and its values, newest first.</summary>
public sealed record VitalTrend(string TrendId, string Name, string? Unit, IReadOnlyList<VitalSeries> Series, IReadOnlyList<RecordItem> Values)
{
    /// <summary>The trend of the vital signs <paramref name="items"/> (all of one kind), or null when there are none.</summary>
    public static VitalTrend? Build(string trendId, IEnumerable<RecordItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var dated = items.Where(i => i.Date is not null).OrderBy(i => i.Date).ToList();
        if (dated.Count == 0)
        {
            return null;
        }

        var latest = (VitalSign)dated[^1].Record;
        VitalSeries Series(string name, Func<VitalSign, decimal?> value)
        {
            // One point a day (the last of the day), like the lab trend.
            var points = dated.Where(i => value((VitalSign)i.Record) is not null)
                .GroupBy(i => i.Date!.Value.SortKey)
                .Select(g => g.Last())
                .Select(i => new TrendPoint(i.Date!.Value.SortKey, value((VitalSign)i.Record)!.Value, AbnormalFlag.None, i.FacilityName))
                .ToList();
            return new VitalSeries(name, points, TrendChart.Layout(points, null));
        }

        IReadOnlyList<VitalSeries> series = latest.Kind == VitalKind.BloodPressure
            ? [Series("収縮期血圧", v => v.Value), Series("拡張期血圧", v => v.Diastolic)]
            : [Series(VitalText.Name(latest), v => v.Value)];
        return new VitalTrend(trendId, VitalText.Name(latest), latest.Unit, series, dated.AsEnumerable().Reverse().ToList());
    }
}
