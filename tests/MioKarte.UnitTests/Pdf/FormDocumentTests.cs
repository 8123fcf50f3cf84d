using MioKarte.Core.Applications;
using MioKarte.Core.Pdf;

namespace MioKarte.UnitTests.Pdf;

public class FormDocumentTests
{
    [Fact]
    public void Another_feature_can_print_a_multi_page_form_with_the_same_machinery()
    {
        var document = new FormDocument("地域医療連携システム 患者情報送信票");
        foreach (var patient in new[] { "用賀 人志", "薬丸 医子" })
        {
            var page = document.AddPage();
            var y = page.Title(page.ContentTop, "患者情報送信票");
            var table = page.Table(y + 10);
            table.Row(24, FormCell.Label("患者氏名", 90), FormCell.Value(patient))
                .Row(24, FormCell.Label("同意", 90), FormCell.Custom((p, box) => p.CheckboxLabel(box.Left + 6, box.MidY, true, "同意書あり")));
            table.Close();
        }

        var pdf = document.ToPdf();

        Assert.Equal(2, Poppler.PageCount(pdf));
        var text = Poppler.ExtractText(pdf);
        Assert.Contains("用賀 人志", text, StringComparison.Ordinal);
        Assert.Contains("薬丸 医子", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_facility_name_shrinks_to_stay_on_one_line_inside_its_box()
    {
        var form = SampleApplications.InternetClinic() with
        {
            FacilityName = "医療法人社団用人会　八王子みなみ野駅前総合内科・小児科・皮膚科・整形外科クリニック",
        };

        var membership = ApplicationPdfs.Render(form)[1];

        Assert.Equal(1, Poppler.PageCount(membership.Content));
        Assert.Contains(Poppler.CollapseWhiteSpace(form.FacilityName),
            Poppler.CollapseWhiteSpace(Poppler.ExtractText(membership.Content)), StringComparison.Ordinal);
    }

    [Fact]
    public void Facility_type_other_prints_its_description_with_the_box_ticked()
    {
        var form = SampleApplications.InternetClinic() with { FacilityType = FacilityType.Other, FacilityTypeOther = "地域包括支援センター" };

        var text = Poppler.ExtractText(ApplicationPdfs.Render(form)[1].Content);

        Assert.Contains("その他（地域包括支援センター）", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_font_licence_travels_with_the_binaries()
    {
        var licence = Path.Combine(AppContext.BaseDirectory, "Pdf", "Fonts", "IPA_Font_License_Agreement_v1.0.txt");

        Assert.Contains("IPAフォントライセンスv1.0", File.ReadAllText(licence), StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_without_pages_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new FormDocument("空").ToPdf());
    }
}
