using System.Globalization;
using SkiaSharp;

namespace MioKarte.Core.Pdf;

/// <summary>Measuring and line breaking for Japanese text (character-based, light kinsoku).</summary>
public static class TextLayout
{
    // 行頭禁則 (light): closing brackets and punctuation, iteration marks, small kana, the long
    // vowel mark. A line never starts with one of these; the preceding character moves down too.
    private const string NoLineStart =
        "、。，．,.)）]］}｝〕〉》」』】〙〗・：；:;!！?？ー－ゝゞヽヾ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";

    /// <summary>Width of <paramref name="text"/> in points at <paramref name="size"/>.</summary>
    public static float Measure(string text, float size)
    {
        using var font = CreateFont(size);
        return font.MeasureText(text);
    }

    /// <summary>Splits <paramref name="text"/> into lines no wider than <paramref name="width"/>.</summary>
    public static IReadOnlyList<string> Wrap(string text, float size, float width)
    {
        using var font = CreateFont(size);
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            WrapParagraph(paragraph, font, width, lines);
        }

        return lines;
    }

    internal static SKFont CreateFont(float size) => CreateFont(FormFont.Measuring, size);

    // Unhinted, linear metrics: otherwise Skia rounds each advance to whole points and the PDF
    // places glyphs on an integer grid, which reads as stray spaces ("M I O") in extracted text.
    internal static SKFont CreateFont(SKTypeface typeface, float size) =>
        new(typeface, size) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None };

    private static void WrapParagraph(string paragraph, SKFont font, float width, List<string> lines)
    {
        // Text elements, so a surrogate pair or a base + combining mark is never split.
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(paragraph);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        var start = 0;
        while (start < elements.Count)
        {
            var end = start + 1; // at least one element per line, however narrow the box
            while (end < elements.Count && font.MeasureText(Join(elements, start, end + 1)) <= width)
            {
                end++;
            }

            // Kinsoku: pull the last character down while the next line would start badly.
            while (end < elements.Count && end - start > 1 && NoLineStart.Contains(elements[end], StringComparison.Ordinal))
            {
                end--;
            }

            lines.Add(Join(elements, start, end));
            start = end;
        }

        if (elements.Count == 0)
        {
            lines.Add(string.Empty);
        }
    }

    private static string Join(List<string> elements, int start, int end) =>
        string.Concat(elements.Skip(start).Take(end - start));
}
