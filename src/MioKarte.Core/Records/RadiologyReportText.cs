using System.Text.RegularExpressions;
using MioKarte.Core.Gateway;

namespace MioKarte.Core.Records;

/// <summary>One headed part of a 読影レポート as the detail shows it.</summary>
public sealed record ReportSection(string Heading, string? Text);

/// <summary>
/// Puts a 読影レポート's 所見 and 診断 under their own headings. Many reporting systems send the whole
/// report as one text — in <c>conclusion</c> or <c>presentedForm</c> — with its parts marked
/// 【所見】【診断】 or 「所見：」 at the start of a line; shown as sent, the findings would sit under
/// 診断 (or under 所見 with 記載なし for 診断). Headings other than findings and diagnosis
/// (【検査】, 【臨床情報】…) are kept as their own sections, in the order sent.
/// </summary>
public static partial class RadiologyReportText
{
    public const string Findings = "所見";
    public const string Diagnosis = "診断";

    /// <summary>The report's sections: any other headed parts first, then 所見 and 診断 (each always present; text null when not sent).</summary>
    public static IReadOnlyList<ReportSection> Sections(RadiologyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var others = new List<ReportSection>();
        var findings = new List<string>();
        var diagnosis = new List<string>();
        void Take(string? text, List<string> unheaded)
        {
            foreach (var (heading, part) in Split(text))
            {
                switch (heading is null ? null : Canonical(heading))
                {
                    case null:
                        unheaded.Add(part);
                        break;
                    case Findings:
                        findings.Add(part);
                        break;
                    case Diagnosis:
                        diagnosis.Add(part);
                        break;
                    default:
                        others.Add(new ReportSection(heading!, part));
                        break;
                }
            }
        }

        Take(report.Findings, findings);
        Take(report.Diagnosis, diagnosis);
        string? Join(List<string> parts) => parts.Count == 0 ? null : string.Join("\n", parts.Distinct(StringComparer.Ordinal));
        return [.. others, new ReportSection(Findings, Join(findings)), new ReportSection(Diagnosis, Join(diagnosis))];
    }

    /// <summary>The text cut at its headings: (null, text) for what comes before the first one.</summary>
    private static IEnumerable<(string? Heading, string Text)> Split(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var matches = HeadingPattern().Matches(text);
        var start = 0;
        string? heading = null;
        foreach (Match match in matches)
        {
            if (Part(text[start..match.Index]) is { } before)
            {
                yield return (heading, before);
            }

            heading = match.Groups["bracketed"].Success ? match.Groups["bracketed"].Value : match.Groups["plain"].Value;
            start = match.Index + match.Length;
        }

        if (Part(text[start..]) is { } rest)
        {
            yield return (heading, rest);
        }
    }

    private static string? Part(string text) => text.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    private static string Canonical(string heading) => heading.Trim() switch
    {
        "所見" or "画像所見" or "読影所見" or "Findings" or "FINDINGS" => Findings,
        "診断" or "結論" or "診断名" or "画像診断" or "印象" or "Impression" or "IMPRESSION" or "Conclusion" => Diagnosis,
        var other => other,
    };

    // 【…】 anywhere (short labels only), or a known word at the start of a line followed by ：or :.
    [GeneratedRegex(@"【(?<bracketed>[^【】\n]{1,12})】|(?<=^|\n)[ \t　]*(?<plain>所見|画像所見|読影所見|診断|結論|診断名|画像診断|印象|検査|臨床情報|依頼内容|Findings|FINDINGS|Impression|IMPRESSION)[ \t]*[:：]", RegexOptions.CultureInvariant)]
    private static partial Regex HeadingPattern();
}
