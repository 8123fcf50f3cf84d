using MioKarte.Core.Common;
using MioKarte.Core.Patients;

namespace MioKarte.UnitTests.Pdf;

public class PatientFormPdfsTests
{
    public static TheoryData<string> Forms => new(PatientFormPdfs.TransmittalSheetFileName, PatientFormPdfs.ConsentFormFileName);

    private static RenderedPdf Render(string fileName) =>
        fileName == PatientFormPdfs.TransmittalSheetFileName ? PatientFormPdfs.TransmittalSheet() : PatientFormPdfs.ConsentForm();

    [Theory]
    [MemberData(nameof(Forms))]
    public void Each_blank_form_is_one_a4_page_with_its_fields_and_a_png_for_review(string fileName)
    {
        var pdf = Render(fileName);

        Assert.Equal(1, Poppler.PageCount(pdf.Content));
        var text = Poppler.CollapseWhiteSpace(Poppler.ExtractText(pdf.Content));
        string[] expected = fileName == PatientFormPdfs.TransmittalSheetFileName
            ? ["患者情報送信票", "紹介元の患者ID", "フリガナ", "生年月日", "医療機関コード（10桁）", "自院の患者ID"]
            : ["診療情報の共有に関する同意書", "紹介先医療機関", "氏名（署名）", "説明・同意取得者"];
        Assert.All(expected, e => Assert.Contains(e, text, StringComparison.Ordinal));
        Poppler.RenderFirstPage(pdf.Content, Path.Combine(PdfArtifacts.Directory, Path.ChangeExtension(fileName, ".png")));
    }
}
