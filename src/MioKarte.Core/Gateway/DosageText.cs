using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MioKarte.Core.Gateway;

/// <summary>
/// A FHIR R4 <c>Dosage</c> in the words of a Japanese prescription (docs/data-center-gateway.md,
/// "Dosage"): 用法 「1日3回毎食後」「4時間ごと・頓用」 and 用量 「1回1錠」「1日3錠」. The 用法 is the
/// dosage's <c>text</c> when the sender wrote one; else the JP Core 用法 code's display (JAMI 用法コード,
/// <c>urn:oid:1.2.392.200250.2.2.20</c>) or the timing code's text; else it is composed from
/// <c>timing.repeat</c> (frequency / period / periodUnit, <c>when</c>) and <c>asNeeded[x]</c>.
/// The 用量 shows the 1回量 and the 1日量 and, for JP Core, whether it is 製剤量 or 原薬量 (<see cref="Dose"/>).
/// </summary>
public static class DosageText
{
    public const string JamiUsageSystem = "urn:oid:1.2.392.200250.2.2.20";

    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["s"] = "秒",
        ["min"] = "分",
        ["h"] = "時間",
        ["d"] = "日",
        ["wk"] = "週",
        ["mo"] = "か月",
        ["a"] = "年",
    };

    // v3 TimingEvent / EventTiming codes as a Japanese prescription writes them.
    private static readonly Dictionary<string, string> When = new(StringComparer.Ordinal)
    {
        ["AC"] = "食前",
        ["ACM"] = "朝食前",
        ["ACD"] = "昼食前",
        ["ACV"] = "夕食前",
        ["PC"] = "食後",
        ["PCM"] = "朝食後",
        ["PCD"] = "昼食後",
        ["PCV"] = "夕食後",
        ["C"] = "食事中",
        ["CM"] = "朝食時",
        ["CD"] = "昼食時",
        ["CV"] = "夕食時",
        ["HS"] = "就寝前",
        ["WAKE"] = "起床時",
        ["MORN"] = "朝",
        ["AFT"] = "午後",
        ["EVE"] = "夕",
        ["NIGHT"] = "夜",
        ["PHS"] = "就寝後",
    };

    /// <summary>用法 of one dosage instruction; null when it says nothing.</summary>
    public static string? Usage(JsonElement? dosage)
    {
        if (dosage is not { ValueKind: JsonValueKind.Object } d)
        {
            return null;
        }

        if (d.Str("text"u8) is { Length: > 0 } text)
        {
            return text;
        }

        var timing = d.Prop("timing"u8);
        var code = timing?.Prop("code"u8);
        var coded = code?.Each("coding"u8).FirstOrDefault(c => c.Str("system"u8) == JamiUsageSystem).Str("display"u8)
            ?? code?.Str("text"u8);
        var parts = new List<string>();
        if (coded is not null)
        {
            parts.Add(coded);
        }
        else if (timing?.Prop("repeat"u8) is { ValueKind: JsonValueKind.Object } repeat && Repeat(repeat) is { } composed)
        {
            parts.Add(composed);
        }
        else if (FhirJson.ConceptText(code) is { } other)
        {
            parts.Add(other);
        }

        if (d.Prop("asNeededBoolean"u8) is { ValueKind: JsonValueKind.True })
        {
            parts.Add("頓用");
        }
        else if (FhirJson.ConceptText(d.Prop("asNeededCodeableConcept"u8)) is { } reason)
        {
            parts.Add($"頓用（{reason}）");
        }

        if (d.Str("patientInstruction"u8) is { Length: > 0 } instruction)
        {
            parts.Add(instruction);
        }

        return parts.Count == 0 ? null : string.Join("・", parts);
    }

    /// <summary>
    /// 用量 as a prescription writes it: 1回量 from <c>doseQuantity</c> (or <c>doseRange</c>), 1日量 from
    /// a <c>rateRatio</c> per day — JP Core sends both in one <c>doseAndRate</c> — so 「1回1錠（1日3錠）」,
    /// 「1回1錠」 or 「1日3錠」. JP Core's <c>doseAndRate.type</c> is the 力価区分
    /// (<see cref="StrengthTypeSystem"/>: 1 製剤量, 2 原薬量): 製剤量 is how doses are usually written and is
    /// preferred when both are sent; a dose given only as 原薬量 says so 「1日750mg（原薬量）」. Null when none.
    /// </summary>
    public static string? Dose(JsonElement? dosage)
    {
        if (dosage is not { ValueKind: JsonValueKind.Object } d)
        {
            return null;
        }

        var all = d.Each("doseAndRate"u8).Where(r => r.ValueKind == JsonValueKind.Object).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        var chosen = all.Find(r => StrengthType(r) == "1") is { ValueKind: JsonValueKind.Object } preparation ? preparation : all[0];

        var once = Quantity(chosen.Prop("doseQuantity"u8)) is { } quantity ? "1回" + quantity
            : chosen.Prop("doseRange"u8) is { } range && Quantity(range.Prop("low"u8)) is { } low && Quantity(range.Prop("high"u8)) is { } high ? $"1回{low}～{high}"
            : null;
        var rate = Rate(chosen);
        var text = (once, rate) switch
        {
            (null, null) => null,
            ({ } o, null) => o,
            (null, { } r) => r,
            ({ } o, { } r) => $"{o}（{r}）",
        };
        return text is not null && StrengthType(chosen) == "2" ? text + "（原薬量）" : text;
    }

    /// <summary>JP Core 力価区分 (MERIT-9 / JP Core CodeSystem, <c>urn:oid:1.2.392.100495.20.2.22</c>).</summary>
    public const string StrengthTypeSystem = "urn:oid:1.2.392.100495.20.2.22";

    /// <summary>The 力価区分 code of a doseAndRate (by the OID or JP Core's canonical URL of the same CodeSystem).</summary>
    private static string? StrengthType(JsonElement doseAndRate)
    {
        if (doseAndRate.Prop("type"u8) is not { } type)
        {
            return null;
        }

        foreach (var coding in type.Each("coding"u8))
        {
            if (coding.Str("system"u8) is { } system && (system == StrengthTypeSystem || system.EndsWith("StrengthType", StringComparison.Ordinal)))
            {
                return coding.Str("code"u8);
            }
        }

        return null;
    }

    /// <summary>「1日3錠」 from a rateRatio per period, else a rateQuantity as sent.</summary>
    private static string? Rate(JsonElement doseAndRate)
    {
        if (doseAndRate.Prop("rateRatio"u8) is { } ratio && Quantity(ratio.Prop("numerator"u8)) is { } amount)
        {
            var per = ratio.Prop("denominator"u8);
            var value = per?.Dec("value"u8) ?? 1m;
            var unit = per?.Str("code"u8) ?? per?.Str("unit"u8);
            return unit is not null && Units.TryGetValue(unit, out var word)
                ? $"{Number(value)}{word}{amount}"
                : $"{amount}/{Number(value)}{unit}";
        }

        return Quantity(doseAndRate.Prop("rateQuantity"u8));
    }

    /// <summary>「1日3回毎食後」「4時間ごと」「週1回」「1日2回朝夕食後」 from timing.repeat.</summary>
    private static string? Repeat(JsonElement repeat)
    {
        var frequency = repeat.Dec("frequency"u8);
        var frequencyMax = repeat.Dec("frequencyMax"u8);
        var period = repeat.Dec("period"u8);
        var unit = repeat.Str("periodUnit"u8);
        // "when" repeats; some exporters send a single code as a plain string.
        var whens = repeat.Str("when"u8) is { } one ? [one]
            : repeat.Prop("when"u8) is { ValueKind: JsonValueKind.Array } many ? many.EnumerateArray().Where(w => w.ValueKind == JsonValueKind.String).Select(w => w.GetString()!).ToList()
            : [];
        var builder = new StringBuilder();
        if (period is { } p && unit is not null && Units.TryGetValue(unit, out var word))
        {
            var times = frequencyMax is { } max && frequency is { } min && max != min ? $"{Number(min)}～{Number(max)}" : Number(frequency ?? 1m);
            if ((frequency ?? 1m) == 1m && frequencyMax is null && p != 1m)
            {
                builder.Append(Number(p)).Append(word).Append("ごと");
            }
            else
            {
                // 「1日3回」 but 「週1回」「月2回」, as prescriptions write them.
                builder.Append(p == 1m && unit is "wk" or "mo" or "a" ? (unit == "wk" ? "週" : unit == "mo" ? "月" : "年") : Number(p) + word).Append(times).Append('回');
            }
        }
        else if (frequency is { } f)
        {
            builder.Append(Number(f)).Append('回');
        }

        if (whens.Count > 0)
        {
            builder.Append(WhenText(whens, frequency));
        }

        if (repeat.Prop("boundsDuration"u8) is { } bounds && bounds.Dec("value"u8) is { } days
            && (bounds.Str("code"u8) ?? bounds.Str("unit"u8)) is { } boundsUnit && Units.TryGetValue(boundsUnit, out var boundsWord))
        {
            builder.Append('（').Append(Number(days)).Append(boundsWord == "日" ? "日分" : boundsWord).Append('）');
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    private static string WhenText(List<string> whens, decimal? frequency)
    {
        // A single meal-relative code three times a day is "毎食": 毎食後, 毎食前.
        if (whens.Count == 1 && frequency == 3m && whens[0] is "AC" or "PC" or "C")
        {
            return "毎" + When[whens[0]];
        }

        // Several meals with the same relation: 朝夕食後 (PCM + PCV), 朝昼夕食前 …
        if (whens.Count > 1 && whens.All(w => w.Length == 3 && When.ContainsKey(w)) && whens.Select(w => w[..2]).Distinct().Count() == 1)
        {
            var meals = string.Concat(whens.Select(w => w[2] switch { 'M' => "朝", 'D' => "昼", _ => "夕" }).Distinct());
            return meals + When[whens[0][..2]];
        }

        return string.Join("・", whens.Select(w => When.TryGetValue(w, out var text) ? text : w));
    }

    private static string? Quantity(JsonElement? quantity)
    {
        if (quantity?.Dec("value"u8) is not { } value)
        {
            return null;
        }

        var unit = UcumDisplay.Display(quantity.Value.Str("unit"u8) ?? quantity.Value.Str("code"u8));
        return Number(value) + unit;
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
