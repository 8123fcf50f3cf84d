using MioKarte.Core.Pdf;
using SkiaSharp;
using static MioKarte.Core.Applications.ApplicationFormParts;

namespace MioKarte.Core.Applications;

/// <summary>④ 預金口座振替申込書 (DirectDebitApplication) for the on-demand VPN's fees.</summary>
internal static class DirectDebitApplicationPdf
{
    public const string Title = "預金口座振替申込書";
    public const string FileName = "04_預金口座振替申込書.pdf";

    /// <summary>The seal boxes this form draws: the seal registered with the bank.</summary>
    public static readonly IReadOnlyList<string> SealBoxes = ["お届け印"];

    public static Action<FormPage> Compose(ParticipationApplicationForm form) => page =>
    {
        var account = form.VpnBankAccount
            ?? throw new InvalidOperationException("預金口座振替申込書 needs the VPN bank account.");

        var y = Header(page, form, "様式④ オンデマンドVPN 利用料金");
        y = page.Title(y, "預金口座振替申込書", 20, "（OD-VPN サービス利用料金）");
        y = AddresseeAndDate(page, y + 4, "株式会社エスイーシー　御中", form.SubmittedOn);

        y = page.Paragraph(page.ContentLeft, y, page.ContentWidth,
            "私は、OD-VPN サービスの利用料金を、下記の預金口座から口座振替により支払うことを依頼します。口座振替にあたっては、預金規定にかかわらず、通帳・払戻請求書の提出なしに引き落とされることに同意します。", 10);

        const float sealWidth = 110;
        var table = page.Table(y + 2);
        table.Section("引落口座");
        table
            .Row(28, FormCell.Label("金融機関名", LabelWidth), FormCell.Value(account.BankName, size: 12),
                FormCell.Label("支店名", 60), FormCell.Value(account.BranchName, 140, 12))
            .Row(RowHeight, FormCell.Label("預金種目", LabelWidth), FormCell.Custom((p, box) => Options(p, box,
                [("普通", account.AccountType == BankAccountType.Ordinary), ("当座", account.AccountType == BankAccountType.Current)])),
                FormCell.Label("口座番号", 60), FormCell.Value(account.AccountNumber, 140, 12))
            .Row(26, FormCell.Label("口座名義（カナ）", LabelWidth), FormCell.Value(account.HolderKana, size: 12))
            .Row(86, FormCell.Label(SealBoxes[0], LabelWidth), FormCell.Custom(RegisteredSeal, sealWidth),
                FormCell.Value("金融機関へのお届け印を押印してください。\n印影が不鮮明な場合は、再提出をお願いすることがあります。", size: 8.5f));

        table.Section("ご契約者");
        table
            .Row(18, FormCell.Label("フリガナ", LabelWidth), FormCell.Value(form.FacilityNameKana, size: 9))
            .Row(26, FormCell.Label("施設名称", LabelWidth), FormCell.Value(form.FacilityName, size: 12))
            .Row(36, FormCell.Label("所在地", LabelWidth), FormCell.Value($"〒{form.PostalCode}\n{form.Address}"))
            .Row(RowHeight, FormCell.Label("電話番号", LabelWidth), FormCell.Value(form.Phone),
                FormCell.Label("請求内容", 60), FormCell.Value("OD-VPN サービス利用料（月額）", 160, 9.5f));
        y = table.Close();

        var bank = page.Table(y + 10, page.ContentRight - 240, 240);
        bank.Row(16, FormCell.Label("金融機関使用欄", 0, 8))
            .Row(14, FormCell.Label("印鑑照合", 80, 8), FormCell.Label("受付", 80, 8), FormCell.Label("登録", 80, 8))
            .Row(44, FormCell.Value(string.Empty, 80), FormCell.Value(string.Empty, 80), FormCell.Value(string.Empty, 80));
        bank.Close();

        Footer(page, form, SealBoxes);
    };

    private static void RegisteredSeal(FormPage page, SKRect box)
    {
        // A square stamping area: bank seals vary in size, so no circle to aim at.
        var side = Math.Min(box.Width, box.Height) - 14;
        var square = SKRect.Create(box.MidX - (side / 2), box.MidY - (side / 2), side, side);
        page.Rectangle(square, FormPage.ThinRule, FormPage.Faint, dashed: true);
        page.TextInBox(square, SealBoxes[0], 9, TextAlign.Center, color: FormPage.Faint);
    }
}
