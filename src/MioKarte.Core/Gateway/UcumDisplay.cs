using System.Text;
using System.Text.RegularExpressions;

namespace MioKarte.Core.Gateway;

/// <summary>
/// UCUM unit codes written as clinicians write them (docs/data-center-gateway.md, "Units"):
/// <c>10*3/uL</c> → 10³/µL, <c>mL/min/{1.73_m2}</c> → mL/min/1.73m², <c>{ratio}</c> → (none).
/// A small table for the common cases, then general rules: <c>10*n</c> / <c>10^n</c> become a power
/// of ten, a micro <c>u</c> before a unit becomes µ, square brackets go, a squared or cubed metre gets
/// its superscript, and a <c>{…}</c> annotation is kept only when it carries a number (a body-surface
/// normalisation such as 1.73m²); a word annotation (<c>{ratio}</c>, <c>{cells}</c>) is dropped.
/// Units that are not UCUM (錠, mL, "x10^3/μL" as typed) pass through with only these rules applied.
/// </summary>
public static partial class UcumDisplay
{
    private static readonly Dictionary<string, string> Table = new(StringComparer.Ordinal)
    {
        ["Cel"] = "℃",
        ["[degF]"] = "°F",
        ["mm[Hg]"] = "mmHg",
        ["cm[H2O]"] = "cmH₂O",
        ["meq/L"] = "mEq/L",
        ["[pH]"] = string.Empty,
        ["{ratio}"] = string.Empty,
        ["1"] = string.Empty,
        ["/[HPF]"] = "/HPF",
        ["/[LPF]"] = "/LPF",
        ["[IU]/L"] = "IU/L",
        ["[iU]/L"] = "IU/L",
        ["/min"] = "/分",
        ["{beats}/min"] = "/分",
        ["{breaths}/min"] = "/分",
        ["a"] = "歳",
        ["mo"] = "か月",
        ["wk"] = "週",
        ["d"] = "日",
        ["h"] = "時間",
    };

    private static readonly char[] Superscripts = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

    /// <summary>The unit to show; null when there is none (or the unit is dimensionless).</summary>
    public static string? Display(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return null;
        }

        var text = unit.Trim();
        if (Table.TryGetValue(text, out var known))
        {
            return known.Length == 0 ? null : known;
        }

        text = Annotation().Replace(text, m => Normalisation().IsMatch(m.Groups[1].Value) ? m.Groups[1].Value.Replace("_", string.Empty, StringComparison.Ordinal) : string.Empty);
        text = PowerOfTen().Replace(text, m => "10" + Superscript(m.Groups[1].Value));
        text = Micro().Replace(text, "µ");
        text = text.Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal);
        text = MetrePower().Replace(text, m => "m" + Superscript(m.Groups[1].Value));
        // "/{cells}/uL" minus its annotation would leave "//µL"; a lone "/" or "." means nothing.
        text = text.Replace("//", "/", StringComparison.Ordinal).Trim();
        return text.Length == 0 || text is "/" or "." ? null : text;
    }

    private static string Superscript(string digits)
    {
        var builder = new StringBuilder(digits.Length);
        foreach (var c in digits)
        {
            builder.Append(c == '-' ? '⁻' : Superscripts[c - '0']);
        }

        return builder.ToString();
    }

    // {…} annotations; a "normalisation" is one that starts with a number (1.73_m2).
    [GeneratedRegex(@"\{([^{}]*)\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Annotation();

    [GeneratedRegex(@"^[0-9]", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Normalisation();

    // 10*3, 10^6, 10*-3 (UCUM writes powers of ten with * ; people often type ^).
    [GeneratedRegex(@"10[*^](-?[0-9]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PowerOfTen();

    // The UCUM micro prefix "u" before a unit symbol, not inside a word ("U/L" stays).
    [GeneratedRegex(@"(?<![A-Za-z])u(?=(L|l|g|mol|m|IU|U|\[IU\]|\[iU\]|eq|s)(?![a-z]))", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Micro();

    // m2, m3 (square and cubic metres, e.g. kg/m2, 1.73m2): not mmol or min.
    [GeneratedRegex(@"(?<=(?:^|[^A-Za-z]|[kcd]))m([23])(?![0-9])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MetrePower();
}
