using MioKarte.Core.Common;
using MioKarte.Core.Pdf;
using static MioKarte.Core.Applications.ApplicationFormParts;

namespace MioKarte.Core.Applications;

/// <summary>① 「ID-Link」サービス 契約申込書（閲覧施設様用）新規申込用 (IdLinkContractApplication).</summary>
internal static class IdLinkContractApplicationPdf
{
    public const string Title = "「ID-Link」サービス 契約申込書（閲覧施設様用）新規申込用";
    public const string FileName = "01_ID-Link契約申込書.pdf";

    /// <summary>The seal boxes this form draws: the applicant's (the 開設者 signs for the facility).</summary>
    public static readonly IReadOnlyList<string> SealBoxes = ["申込者印"];

    public static Action<FormPage> Compose(ParticipationApplicationForm form) => page =>
    {
        var y = Header(page, form, "様式① 閲覧施設様用・新規申込用");
        y = page.Title(y, "「ID-Link」サービス　契約申込書", 18, "（閲覧施設様用）　新規申込用");
        y = AddresseeAndDate(page, y + 4, "株式会社エスイーシー　御中", form.SubmittedOn);

        y = page.Paragraph(page.ContentLeft, y, page.ContentWidth,
            "「ID-Link」サービス利用約款に同意の上、下記のとおり「ID-Link」サービスの利用を申し込みます。", 10);
        page.CheckboxLabel(page.ContentLeft + 4, y + 6, form.AgreesToIdLinkTerms, "「ID-Link」サービス利用約款に同意します", 10);
        y += 20;

        var table = page.Table(y);
        table.Section("申込者（閲覧施設）");
        ApplicantRows(table, form, SealBoxes[0]);

        table.Section("お申込内容");
        table
            .Row(RowHeight, FormCell.Label("サービス名", LabelWidth), FormCell.Value("「ID-Link」サービス（閲覧施設）"),
                FormCell.Label("申込区分", 70), FormCell.Custom((p, box) => Options(p, box, [("新規", true)]), 90))
            .Row(RowHeight,
                FormCell.Label("利用者数", LabelWidth), FormCell.Value($"{form.UserCount}名"),
                FormCell.Label("端末数", 70), FormCell.Value(Terminals(form), 160))
            .Row(RowHeight, FormCell.Label("接続方法", LabelWidth), FormCell.Custom((p, box) => Options(p, box,
            [
                ("インターネット（SSL暗号化通信）", form.Connection == ConnectionType.InternetSsl),
                ("オンデマンドVPN", form.Connection == ConnectionType.OnDemandVpn),
            ])))
            .Row(RowHeight, FormCell.Label("利用開始希望日", LabelWidth), FormCell.Value(JapaneseDate.ToWarekiWithSeireki(form.DesiredStartDate)));

        table.Section("管理責任者（ご連絡先・利用開始のご案内の送付先）");
        AdministratorRows(table, form.Administrator);
        RemarksRow(table);
        y = table.Close();

        page.Paragraph(page.ContentLeft, y + 5, page.ContentWidth,
            "※ 利用開始のご案内（一度だけ使えるリンク）は管理責任者のメールアドレス宛にお送りします。ID・パスワード・電子証明書をメールでお送りすることはありません。", 8.5f);
        OfficeUseBox(page, y + 24, form, "受付欄（事務局記入）");
        Footer(page, form, SealBoxes);
    };
}
