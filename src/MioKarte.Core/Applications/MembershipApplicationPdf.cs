using MioKarte.Core.Pdf;
using SkiaSharp;
using static MioKarte.Core.Applications.ApplicationFormParts;

namespace MioKarte.Core.Applications;

/// <summary>
/// ② 医療法人社団永生会 地域医療連携システム 施設入会申込書 (MembershipApplication). The 2012 guide
/// calls it 「…地域医療連携ネットワークシステム 施設入会申込書」; the portal writes the network's name
/// one way everywhere (docs/glossary.md).
/// </summary>
internal static class MembershipApplicationPdf
{
    public const string Title = "医療法人社団永生会 地域医療連携システム 施設入会申込書";
    public const string FileName = "02_施設入会申込書.pdf";

    /// <summary>The seal boxes this form draws: the 開設者's and the 管理者's.</summary>
    public static readonly IReadOnlyList<string> SealBoxes = ["開設者印", "管理者印"];

    public static Action<FormPage> Compose(ParticipationApplicationForm form) => page =>
    {
        var y = Header(page, form, "様式② 施設入会申込書");
        y = page.Title(y, "施設入会申込書", 20, "医療法人社団永生会　地域医療連携システム　MIO Karte");
        y = AddresseeAndDate(page, y + 4, "地域医療連携システムネットワーク連絡協議会　御中", form.SubmittedOn);

        y = page.Paragraph(page.ContentLeft, y, page.ContentWidth,
            "医療法人社団永生会 地域医療連携システム MIO Karte の運用管理規程を遵守し、閲覧施設として下記のとおり入会を申し込みます。", 10);

        var table = page.Table(y + 2);
        table.Section("施設");
        table
            .Row(18, FormCell.Label("フリガナ", LabelWidth), FormCell.Value(form.FacilityNameKana, size: 9))
            .Row(28, FormCell.Label("施設名称", LabelWidth), FormCell.Value(form.FacilityName, size: 13))
            .Row(40, FormCell.Label("種別", LabelWidth), FormCell.Custom((p, box) => FacilityTypes(p, box, form)))
            .Row(RowHeight, FormCell.Label("保険医療機関コード", LabelWidth), FormCell.Custom((p, box) =>
            {
                p.TextInBox(box, form.InstitutionCode ?? string.Empty, 10.5f);
                p.TextInBox(box, "（10桁。薬局は薬局コード）", 7.5f, TextAlign.Right, color: FormPage.Faint);
            }))
            .Row(36, FormCell.Label("所在地", LabelWidth), FormCell.Value($"〒{form.PostalCode}\n{form.Address}"))
            .Row(RowHeight,
                FormCell.Label("電話番号", LabelWidth), FormCell.Value(form.Phone),
                FormCell.Label("FAX番号", LabelWidth), FormCell.Value(form.Fax ?? "（なし）"));
        PersonWithSeal(table, "開設者", form.Founder, SealBoxes[0]);
        PersonWithSeal(table, "管理者", form.Manager, SealBoxes[1]);

        table.Section("管理責任者（システム管理者からの連絡窓口）");
        AdministratorRows(table, form.Administrator);

        table.Section("同意事項");
        table
            .Row(19, FormCell.Custom((p, box) => p.CheckboxLabel(box.Left + 12, box.MidY, form.AgreesToIdLinkTerms,
                "「ID-Link」サービス利用約款に同意します。")))
            .Row(19, FormCell.Custom((p, box) => p.CheckboxLabel(box.Left + 12, box.MidY, form.AgreesToOperatingRules,
                "「地域医療連携システムネットワーク運用管理規程」を遵守します。")))
            .Row(19, FormCell.Custom((p, box) => p.CheckboxLabel(box.Left + 12, box.MidY, form.PrivacyPolicyUpdated,
                "個人情報保護方針に、連携施設間で診療情報を共有する旨を記載しました（4-1 事前準備）。")));
        y = table.Close();

        OfficeUseBox(page, y + 8, form);

        Footer(page, form, SealBoxes);
    };

    private static void FacilityTypes(FormPage page, SKRect box, ParticipationApplicationForm form)
    {
        var other = form.FacilityType == FacilityType.Other && !string.IsNullOrWhiteSpace(form.FacilityTypeOther)
            ? $"その他（{form.FacilityTypeOther}）"
            : "その他（　　　　　　　）";
        (string, bool)[] first =
        [
            ("病院", form.FacilityType == FacilityType.Hospital),
            ("診療所", form.FacilityType == FacilityType.Clinic),
            ("歯科診療所", form.FacilityType == FacilityType.DentalClinic),
            ("薬局", form.FacilityType == FacilityType.Pharmacy),
            ("助産所", form.FacilityType == FacilityType.MidwiferyHome),
        ];
        (string, bool)[] second =
        [
            ("訪問看護ステーション", form.FacilityType == FacilityType.HomeNursingStation),
            ("介護サービス事業者", form.FacilityType == FacilityType.CareProvider),
            (other, form.FacilityType == FacilityType.Other),
        ];
        var half = box.Height / 2;
        Options(page, new SKRect(box.Left, box.Top, box.Right, box.Top + half + 1), first, gap: 16);
        Options(page, new SKRect(box.Left, box.Top + half - 1, box.Right, box.Bottom), second, gap: 16);
    }
}
