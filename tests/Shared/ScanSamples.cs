using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace MioKarte.Tests.Shared;

/// <summary>
/// Consent-scan files the tests upload: small PDFs whose structure opens, written here byte by byte
/// (one with a classic cross-reference table, one with a compressed cross-reference stream as
/// PDF 1.5+ writers such as iOS and most scanners produce), so no test depends on a PDF library.
/// </summary>
public static class ScanSamples
{
    private static readonly string[] PageObjects =
    [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];

    /// <summary>A one-page A4 PDF 1.4 with a classic xref table.</summary>
    public static byte[] Pdf()
    {
        var pdf = new StringBuilder("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<int>();
        for (var i = 0; i < PageObjects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{PageObjects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {PageObjects.Length + 1}\n0000000000 65535 f\r\n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n\r\n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {PageObjects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    /// <summary>The same page as PDF 1.5 with a FlateDecode cross-reference stream and the PNG "Up" predictor.</summary>
    public static byte[] PdfWithXrefStream()
    {
        var pdf = new StringBuilder("%PDF-1.5\n");
        var offsets = new List<int>();
        for (var i = 0; i < PageObjects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{PageObjects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        offsets.Add(xref);
        // Rows of /W [1 4 1]: type, offset, generation; object 0 is the free-list head.
        var rows = new List<byte[]> { new byte[] { 0, 0, 0, 0, 0, 255 } };
        rows.AddRange(offsets.Select(o => new byte[] { 1, (byte)(o >> 24), (byte)(o >> 16), (byte)(o >> 8), (byte)o, 0 }));
        var predicted = new List<byte>();
        var previous = new byte[6];
        foreach (var row in rows)
        {
            predicted.Add(2);
            predicted.AddRange(row.Select((b, i) => (byte)(b - previous[i])));
            previous = row;
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(predicted.ToArray());
        }

        var data = compressed.ToArray();
        pdf.Append(CultureInfo.InvariantCulture, $"{offsets.Count} 0 obj\n<< /Type /XRef /Size {offsets.Count + 1} /W [1 4 1] /Root 1 0 R ");
        pdf.Append(CultureInfo.InvariantCulture, $"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 6 >> /Length {data.Length} >>\nstream\n");
        var head = Encoding.Latin1.GetBytes(pdf.ToString());
        var tail = Encoding.Latin1.GetBytes($"\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n");
        return [.. head, .. data, .. tail];
    }
}
