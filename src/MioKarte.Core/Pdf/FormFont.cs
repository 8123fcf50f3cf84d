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
