using System.Text;
using MioKarte.Core.Applications;
using MioKarte.Core.Patients;
using MioKarte.Core.Pdf;
using MioKarte.Tests.Shared;
using MioKarte.UnitTests.Pdf;
using SkiaSharp;

namespace MioKarte.UnitTests.Patients;

/// <summary>
/// Finding F6: the consent scan was judged by its first bytes only. Now a PDF must open as a whole
/// and a picture must decode (and is kept re-encoded); the probe's two files are refused.
/// </summary>
public class ConsentScanContentTests
{
    [Fact]
    public void The_probes_html_behind_a_pdf_header_is_refused()
    {
        var polyglot = Encoding.ASCII.GetBytes("%PDF-1.4<html><script>alert(document.cookie)</script></html>\n%%EOF\n");

        Assert.Equal(ConsentScanFormat.Pdf, ConsentScanFormat.Detect(polyglot));
        Assert.Null(ConsentScanFormat.Inspect(polyglot));
    }

    [Fact]
    public void The_probes_executable_behind_a_jpeg_header_is_refused()
    {
        byte[] executable = [0xFF, 0xD8, 0xFF, 0xE0, .. "MZ"u8, .. new byte[4096]];

        Assert.Null(ConsentScanFormat.Inspect(executable));
    }

    public static TheoryData<string> OpeningPdfs => new() { "classic xref", "xref stream", "SkiaSharp (our own forms)" };

    [Theory]
    [MemberData(nameof(OpeningPdfs))]
    public void A_pdf_whose_structure_opens_is_kept_as_sent(string kind)
    {
        var pdf = kind switch
        {
            "classic xref" => ScanSamples.Pdf(),
            "xref stream" => ScanSamples.PdfWithXrefStream(),
            _ => ApplicationPdfs.Render(SampleApplications.InternetClinic())[0].Content,
        };

        Assert.Null(PdfStructure.Problem(pdf));
        var inspected = ConsentScanFormat.Inspect(pdf);
        Assert.NotNull(inspected);
        Assert.Equal(ConsentScanFormat.Pdf, inspected.ContentType);
        Assert.Equal(pdf, inspected.Content);
        // An independent reader agrees that they open.
        Assert.True(Poppler.PageCount(pdf) >= 1);
    }

    [Fact]
    public void A_pdf_with_anything_after_its_end_is_refused()
    {
        byte[] pdf = [.. ScanSamples.Pdf(), .. "<html><script>alert(1)</script>"u8];

        Assert.NotNull(PdfStructure.Problem(pdf));
    }

    [Fact]
    public void A_pdf_whose_cross_reference_points_elsewhere_is_refused()
    {
        var pdf = Encoding.Latin1.GetString(ScanSamples.Pdf());
        // Shift every object by one byte without fixing the table: a viewer would have to guess.
        var broken = Encoding.Latin1.GetBytes(pdf.Replace("1 0 obj", " 1 0 obj\n", StringComparison.Ordinal).Replace("%PDF-1.4\n", "%PDF-1.4\n\n\n\n\n\n\n\n\n\n\n\n", StringComparison.Ordinal));

        Assert.NotNull(PdfStructure.Problem(broken));
    }

    [Theory]
    [InlineData("/JavaScript")]
    [InlineData("/JS")]
    [InlineData("/Launch")]
    [InlineData("/EmbeddedFile")]
    public void A_pdf_with_active_content_is_refused(string name)
    {
        var pdf = Encoding.Latin1.GetString(ScanSamples.Pdf()).Replace("/Type /Catalog", "/Type /Catalog /OpenAction << /S " + name + " >>", StringComparison.Ordinal);

        Assert.Contains("active content", PdfStructure.Problem(Encoding.Latin1.GetBytes(pdf)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_is_re_encoded_without_what_was_appended_to_it()
    {
        byte[] upload = [.. Picture(64, 48, SKEncodedImageFormat.Jpeg), .. "MZ-payload-that-must-not-be-kept"u8];

        var inspected = ConsentScanFormat.Inspect(upload);

        Assert.NotNull(inspected);
        Assert.Equal(ConsentScanFormat.Jpeg, inspected.ContentType);
        Assert.DoesNotContain("MZ-payload", Encoding.Latin1.GetString(inspected.Content), StringComparison.Ordinal);
        using var decoded = SKBitmap.Decode(inspected.Content);
        Assert.Equal((64, 48), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void A_png_is_re_encoded_as_png()
    {
        var inspected = ConsentScanFormat.Inspect(Picture(20, 30, SKEncodedImageFormat.Png));

        Assert.NotNull(inspected);
        Assert.Equal(ConsentScanFormat.Png, inspected.ContentType);
        Assert.Equal(SKEncodedImageFormat.Png, SKCodec.Create(new MemoryStream(inspected.Content)).EncodedFormat);
    }

    [Fact]
    public void A_truncated_jpeg_is_refused()
    {
        var jpeg = Picture(200, 200, SKEncodedImageFormat.Jpeg);

        Assert.Null(ConsentScanFormat.Inspect(jpeg[..(jpeg.Length / 2)]));
    }

    [Fact]
    public void An_ipad_photo_taken_sideways_is_stored_upright()
    {
        // EXIF orientation 6 (rotate 90° clockwise to view), as an iPad writes for a portrait photo.
        var jpeg = WithExifOrientation(Picture(80, 40, SKEncodedImageFormat.Jpeg), 6);

        var inspected = ConsentScanFormat.Inspect(jpeg);

        Assert.NotNull(inspected);
        using var decoded = SKBitmap.Decode(inspected.Content);
        Assert.Equal((40, 80), (decoded.Width, decoded.Height));
    }

    private static byte[] Picture(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var ink = new SKPaint { Color = SKColors.Black };
            canvas.DrawRect(2, 2, width / 2f, height / 3f, ink);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>Inserts an APP1 Exif segment with one IFD entry, Orientation (0x0112), after the JPEG's SOI.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first IFD at 8
            0, 1,                                   // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0,
            0, 0, 0, 0,                             // no next IFD
        ];
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var length = payload.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }
}
