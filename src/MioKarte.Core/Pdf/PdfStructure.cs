using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace MioKarte.Core.Pdf;

/// <summary>
/// Whether uploaded bytes are a PDF whose structure opens (finding F6: checking "%PDF-" alone let
/// <c>%PDF-1.4&lt;html&gt;&lt;script&gt;…</c> through). The portal cannot render a PDF, so it cannot
/// re-encode one; instead it reads the file the way a viewer does and refuses what does not open:
/// a header on its own line, <c>startxref</c> and <c>%%EOF</c> at the end with nothing after them,
/// every cross-reference section (a classic table or a compressed XRef stream, following /Prev)
/// parsed, every in-use entry pointing at its own <c>n g obj</c>, and a /Root that is a /Catalog.
/// Active content a signed 同意書 never needs (/JavaScript, /JS, /Launch, /EmbeddedFile, /RichMedia,
/// /XFA) is refused where it is visible uncompressed; the portal also serves scans as attachments
/// with <c>nosniff</c>, so a PDF is never run as anything else.
/// </summary>
public static partial class PdfStructure
{
    private const int MaxSections = 64;

    /// <summary>Null when the PDF opens; otherwise why not (for tests and logs; never shown to users as is).</summary>
    public static string? Problem(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        try
        {
            return Read(pdf);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or ArgumentException or IndexOutOfRangeException or OverflowException or RegexMatchTimeoutException)
        {
            return "unreadable: " + e.GetType().Name;
        }
    }

    private static string? Read(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        if (!HeaderLine().IsMatch(text))
        {
            return "no header line";
        }

        var end = text.TrimEnd('\r', '\n', ' ', '\t', '\0');
        if (!end.EndsWith("%%EOF", StringComparison.Ordinal))
        {
            return "content after %%EOF";
        }

        var tail = end[Math.Max(0, end.Length - 2048)..];
        var startXref = StartXref().Matches(tail);
        if (startXref.Count == 0)
        {
            return "no startxref";
        }

        if (ActiveContent().Match(text) is { Success: true } active)
        {
            return "active content " + active.Value;
        }

        var offsets = new Dictionary<int, long>();
        var compressed = new Dictionary<int, int>();
        string? root = null;
        var seen = new HashSet<long>();
        long? section = long.Parse(startXref[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        while (section is { } at)
        {
            if (at <= 0 || at >= text.Length || !seen.Add(at) || seen.Count > MaxSections)
            {
                return "bad cross-reference offset";
            }

            var trailer = text.AsSpan((int)at).StartsWith("xref", StringComparison.Ordinal)
                ? ReadTable(text, (int)at, offsets)
                : ReadStream(pdf, text, (int)at, offsets, compressed);
            if (trailer is null)
            {
                return "unreadable cross-reference section";
            }

            root ??= Reference(trailer, "Root");
            section = IntegerEntry(trailer, "Prev");
        }

        foreach (var (number, offset) in offsets)
        {
            if (offset <= 0 || offset >= text.Length || ObjectAt().Match(text, (int)offset) is not { Success: true } header
                || int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture) != number)
            {
                return $"object {number} is not where the cross-reference says";
            }
        }

        if (root is null || !int.TryParse(root.Split(' ')[0], CultureInfo.InvariantCulture, out var rootNumber))
        {
            return "no /Root";
        }

        if (offsets.TryGetValue(rootNumber, out var rootOffset))
        {
            var body = ObjectBody(text, (int)rootOffset);
            return CatalogType().IsMatch(body) && body.Contains("/Pages", StringComparison.Ordinal) ? null : "/Root is not a catalog";
        }

        // A catalog inside an object stream: the stream itself must be one.
        return compressed.TryGetValue(rootNumber, out var stream) && offsets.TryGetValue(stream, out var streamOffset)
            && ObjectStreamType().IsMatch(ObjectBody(text, (int)streamOffset))
            ? null
            : "/Root is not in the file";
    }

    /// <summary>A classic table: subsections of 20-byte entries, then the trailer dictionary.</summary>
    private static string? ReadTable(string text, int at, Dictionary<int, long> offsets)
    {
        var position = at + "xref".Length;
        while (true)
        {
            var subsection = Subsection().Match(text, position);
            if (!subsection.Success)
            {
                break;
            }

            var first = int.Parse(subsection.Groups[1].Value, CultureInfo.InvariantCulture);
            var count = int.Parse(subsection.Groups[2].Value, CultureInfo.InvariantCulture);
            position = subsection.Index + subsection.Length;
            for (var i = 0; i < count; i++)
            {
                var entry = TableEntry().Match(text, position);
                if (!entry.Success || entry.Index != position)
                {
                    return null;
                }

                if (entry.Groups[3].Value == "n")
                {
                    offsets.TryAdd(first + i, long.Parse(entry.Groups[1].Value, CultureInfo.InvariantCulture));
                }

                position += entry.Length;
            }
        }

        var trailer = Trailer().Match(text, position);
        return trailer.Success ? trailer.Groups[1].Value : null;
    }

    /// <summary>A cross-reference stream (PDF 1.5+): /W field widths, FlateDecode with PNG predictors.</summary>
    private static string? ReadStream(byte[] pdf, string text, int at, Dictionary<int, long> offsets, Dictionary<int, int> compressed)
    {
        var header = ObjectAt().Match(text, at);
        if (!header.Success || header.Index != at)
        {
            return null;
        }

        var streamStart = text.IndexOf("stream", at, StringComparison.Ordinal);
        if (streamStart < 0)
        {
            return null;
        }

        var dictionary = text[(header.Index + header.Length)..streamStart];
        if (!XrefType().IsMatch(dictionary) || Widths().Match(dictionary) is not { Success: true } w
            || IntegerEntry(dictionary, "Length") is not { } length || IntegerEntry(dictionary, "Size") is not { } size)
        {
            return null;
        }

        var widths = w.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        if (widths.Length != 3 || widths.Any(x => x is < 0 or > 8))
        {
            return null;
        }

        var dataStart = streamStart + "stream".Length;
        dataStart += text[dataStart] == '\r' ? 2 : 1;
        if (dataStart + length > pdf.Length)
        {
            return null;
        }

        var data = pdf.AsSpan(dataStart, (int)length).ToArray();
        if (dictionary.Contains("/FlateDecode", StringComparison.Ordinal))
        {
            data = Inflate(data);
        }

        var rowLength = widths.Sum();
        if (IntegerEntry(dictionary, "Predictor") is >= 10)
        {
            data = UndoPngPredictor(data, rowLength);
        }

        var numbers = IndexArray().Match(dictionary) is { Success: true } index
            ? index.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray()
            : [0, (int)size];
        var row = 0;
        for (var pair = 0; pair + 1 < numbers.Length; pair += 2)
        {
            for (var n = 0; n < numbers[pair + 1]; n++, row++)
            {
                if ((row + 1) * rowLength > data.Length)
                {
                    return null;
                }

                var fields = data.AsSpan(row * rowLength, rowLength);
                var type = widths[0] == 0 ? 1 : Field(fields[..widths[0]]);
                var second = Field(fields.Slice(widths[0], widths[1]));
                if (type == 1)
                {
                    offsets.TryAdd(numbers[pair] + n, second);
                }
                else if (type == 2)
                {
                    compressed.TryAdd(numbers[pair] + n, (int)second);
                }
            }
        }

        return dictionary;
    }

    private static long Field(ReadOnlySpan<byte> bytes)
    {
        long value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private static byte[] Inflate(byte[] data)
    {
        using var input = new MemoryStream(data);
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        // A cross-reference stream is a few bytes per object: refuse a "zip bomb" early.
        var buffer = new byte[81920];
        int read;
        while ((read = zlib.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
            if (output.Length > 16 * 1024 * 1024)
            {
                throw new InvalidDataException("cross-reference stream too large");
            }
        }

        return output.ToArray();
    }

    /// <summary>PNG predictors (RFC 2083 filters 0–4), each row prefixed by its filter byte.</summary>
    private static byte[] UndoPngPredictor(byte[] data, int columns)
    {
        var rows = data.Length / (columns + 1);
        var output = new byte[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            var filter = data[r * (columns + 1)];
            for (var c = 0; c < columns; c++)
            {
                var raw = data[(r * (columns + 1)) + 1 + c];
                var left = c > 0 ? output[(r * columns) + c - 1] : 0;
                var up = r > 0 ? output[((r - 1) * columns) + c] : 0;
                var upLeft = r > 0 && c > 0 ? output[((r - 1) * columns) + c - 1] : 0;
                output[(r * columns) + c] = (byte)(filter switch
                {
                    0 => raw,
                    1 => raw + left,
                    2 => raw + up,
                    3 => raw + ((left + up) / 2),
                    4 => raw + Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException("unknown PNG filter"),
                });
            }
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static string ObjectBody(string text, int at)
    {
        var end = text.IndexOf("endobj", at, StringComparison.Ordinal);
        return end < 0 ? string.Empty : text[at..end];
    }

    private static string? Reference(string dictionary, string key) =>
        Regex.Match(dictionary, "/" + key + @"\s+(\d+\s+\d+)\s+R", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) is { Success: true } m
            ? m.Groups[1].Value
            : null;

    private static long? IntegerEntry(string dictionary, string key) =>
        Regex.Match(dictionary, "/" + key + @"\s+(\d+)(?![\d\s]*\sR)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) is { Success: true } m
            ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"\A%PDF-(1\.[0-7]|2\.0)(\r\n|\r|\n)", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"startxref\s+(\d+)\s+%%EOF", RegexOptions.CultureInvariant)]
    private static partial Regex StartXref();

    [GeneratedRegex(@"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)(?![A-Za-z0-9#])", RegexOptions.CultureInvariant)]
    private static partial Regex ActiveContent();

    [GeneratedRegex(@"\G\s*(\d+)\s+(\d+)\s*?(\r\n|\r|\n)", RegexOptions.CultureInvariant)]
    private static partial Regex Subsection();

    // The standard's entry is 20 bytes with a two-byte end of line; some writers end it with one, so 19–20.
    [GeneratedRegex(@"(\d{10}) (\d{5}) ([nf])[ \r\n]{1,2}", RegexOptions.CultureInvariant)]
    private static partial Regex TableEntry();

    [GeneratedRegex(@"\G\s*trailer\s*<<(.*?)>>\s*(startxref|xref|\z)", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Trailer();

    [GeneratedRegex(@"\G\s*(\d+)\s+(\d+)\s+obj\b", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectAt();

    [GeneratedRegex(@"/Type\s*/XRef\b", RegexOptions.CultureInvariant)]
    private static partial Regex XrefType();

    [GeneratedRegex(@"/W\s*\[([\d\s]+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex Widths();

    [GeneratedRegex(@"/Index\s*\[([\d\s]+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex IndexArray();

    [GeneratedRegex(@"/Type\s*/Catalog\b", RegexOptions.CultureInvariant)]
    private static partial Regex CatalogType();

    [GeneratedRegex(@"/Type\s*/ObjStm\b", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectStreamType();
}
