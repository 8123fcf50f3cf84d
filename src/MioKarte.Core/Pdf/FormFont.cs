using System.Collections.Concurrent;
using System.Text;
using SkiaSharp;

namespace MioKarte.Core.Pdf;

/// <summary>
/// IPAex Gothic, embedded in this assembly (IPA Font License v1.0, text in Pdf/Fonts/). Layout
/// measures with the whole font; each PDF draws with a subset holding only its own characters.
/// </summary>
internal static class FormFont
{
    private const string ResourceName = "MioKarte.Core.Pdf.Fonts.ipaexg.ttf";

    // Forms repeat the same labels, so character sets repeat too; a small bound keeps a flood of
    // distinct free-text documents from growing the cache without limit.
    private const int MaxCachedSubsets = 256;

    private static readonly Lazy<byte[]> FontBytes = new(LoadFontBytes);
    private static readonly Lazy<HarfBuzzSubsetter> Subsetter = new(() => new HarfBuzzSubsetter(FontBytes.Value));
    private static readonly ConcurrentDictionary<string, byte[]> Subsets = new(StringComparer.Ordinal);

    /// <summary>The whole font, for measuring only (advances are the same in every subset).</summary>
    public static SKTypeface Measuring { get; } = CreateMeasuringTypeface();

    /// <summary>TrueType bytes of a subset holding the code points of <paramref name="text"/>.</summary>
    public static byte[] SubsetFor(IEnumerable<string> text)
    {
        var codePoints = new SortedSet<int>();
        foreach (var piece in text)
        {
            foreach (var rune in piece.EnumerateRunes())
            {
                if (!Rune.IsControl(rune))
                {
                    codePoints.Add(rune.Value);
                }
            }
        }

        var key = string.Concat(codePoints.Select(c => char.ConvertFromUtf32(c)));
        if (Subsets.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var subset = Subsetter.Value.Subset(codePoints);
        if (Subsets.Count >= MaxCachedSubsets)
        {
            Subsets.Clear();
        }

        Subsets[key] = subset;
        return subset;
    }

    /// <summary>
    /// <paramref name="text"/> with every character the font has no glyph for replaced by something a
    /// reader understands, so a PDF never prints a box (☒) in place of a value's unit: superscript
    /// digits, which IPAex Gothic lacks beyond ²³ (10⁴/μL), become "^4"; a character with a
    /// look-alike the font has is printed as that (the micro sign µ of the units as the Greek μ);
    /// anything else becomes 〓, the typesetter's mark for a missing character. The screen keeps the
    /// original text.
    /// </summary>
    public static string Printable(string text)
    {
        if (text.EnumerateRunes().All(HasGlyph))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 4);
        var inSuperscript = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (HasGlyph(rune))
            {
                builder.Append(rune.ToString());
                inSuperscript = false;
            }
            else if (SuperscriptFallback(rune) is { } plain)
            {
                builder.Append(inSuperscript ? "" : "^").Append(plain);
                inSuperscript = true;
            }
            else if (LookAlike(rune) is { } same && HasGlyph(same))
            {
                builder.Append(same.ToString());
                inSuperscript = false;
            }
            else
            {
                builder.Append('〓');
                inSuperscript = false;
            }
        }

        return builder.ToString();
    }

    private static readonly ConcurrentDictionary<int, bool> Glyphs = new();

    private static bool HasGlyph(Rune rune) =>
        Rune.IsControl(rune) || Glyphs.GetOrAdd(rune.Value, static c =>
        {
            using var font = new SKFont(Measuring);
            return font.ContainsGlyph(c);
        });

    // The unit prefix micro (U+00B5, what UcumDisplay writes) reads the same as the Greek small mu (U+03BC).
    private static Rune? LookAlike(Rune rune) => rune.Value switch
    {
        0x00B5 => new Rune(0x03BC),
        _ => null,
    };

    private static char? SuperscriptFallback(Rune rune) => rune.Value switch
    {
        0x2070 => '0',
        0x00B9 => '1',
        0x00B2 => '2',
        0x00B3 => '3',
        >= 0x2074 and <= 0x2079 => (char)('4' + (rune.Value - 0x2074)),
        0x207B => '-',
        _ => null,
    };

    private static SKTypeface CreateMeasuringTypeface()
    {
        using var data = SKData.CreateCopy(FontBytes.Value);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException("Skia could not load the embedded IPAex Gothic font.");
    }

    private static byte[] LoadFontBytes()
    {
        using var stream = typeof(FormFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded font {ResourceName} is missing from MioKarte.Core.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
