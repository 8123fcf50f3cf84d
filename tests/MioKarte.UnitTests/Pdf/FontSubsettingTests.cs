using MioKarte.Core.Pdf;
using Xunit.Abstractions;

namespace MioKarte.UnitTests.Pdf;

public class FontSubsettingTests(ITestOutputHelper output)
{
    [Fact]
    public void Kanji_that_share_a_glyph_with_a_kangxi_radical_extract_as_the_kanji()
    {
        const string text = "用人医薬 利用者 個人情報 見 長 生 （２０２６年）";
        var document = new FormDocument("試験");
        document.AddPage().Text(40, 80, text, 12);

        var extracted = Poppler.ExtractText(document.ToPdf());

        Assert.Contains(text, extracted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10³/µL", "10³/μL")] // the micro sign the units use, printed as the Greek mu the font has
    [InlineData("10⁶/µL", "10^6/μL")]
    [InlineData("mL/min/1.73m²", "mL/min/1.73m²")]
    [InlineData("5🩺", "5〓")] // no look-alike: the typesetter's mark
    public void A_unit_prints_with_glyphs_the_font_has(string unit, string printed)
    {
        Assert.Equal(printed, FormFont.Printable(unit));

        var document = new FormDocument("試験");
        document.AddPage().Text(40, 80, FormFont.Printable(unit), 12);
        Assert.Contains(printed, Poppler.ExtractText(document.ToPdf()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_line_pdf_embeds_a_subset_font_of_a_few_kilobytes()
    {
        var document = new FormDocument("試験");
        document.AddPage().Text(40, 80, "用人医薬 MIO Karte", 12);

        var pdf = document.ToPdf();

        output.WriteLine($"one-line PDF: {pdf.Length:N0} bytes");
        Assert.InRange(pdf.Length, 500, 20 * 1024);
    }

    [Fact]
    public void A_subset_is_a_font_skia_can_load()
    {
        var subset = FormFont.SubsetFor(["用人"]);

        using var data = SkiaSharp.SKData.CreateCopy(subset);
        using var typeface = SkiaSharp.SKTypeface.FromData(data);
        Assert.NotNull(typeface);
        Assert.Equal(3, typeface.GlyphCount); // .notdef, 用, 人
    }
}
