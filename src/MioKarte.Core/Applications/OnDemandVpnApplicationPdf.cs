using MioKarte.Core.Common;
using MioKarte.Core.Pdf;
using static MioKarte.Core.Applications.ApplicationFormParts;

namespace MioKarte.Core.Applications;

/// <summary>③ OD-VPN 契約申込書 (OnDemandVpnApplication), only with the on-demand VPN.</summary>
internal static class OnDemandVpnApplicationPdf
{
    public const string Title = "OD-VPN 契約申込書";
    public const string FileName = "03_OD-VPN契約申込書.pdf";

    /// <summary>The seal boxes this form draws: the 開設者's, as the contracting party.</summary>
    public static readonly IReadOnlyList<string> SealBoxes = ["開設者印"];

    public static Action<FormPage> Compose(ParticipationApplicationForm form) => page =>
    {
        var y = Header(page, form, "様式③ オンデマンドVPN");
        y = page.Title(y, "OD-VPN　契約申込書", 18, "オンデマンドVPNサービス　新規申込用");
        y = AddresseeAndDate(page, y + 4, "株式会社エスイーシー　御中", form.SubmittedOn);

        y = page.Paragraph(page.ContentLeft, y, page.ContentWidth,
            "地域医療連携システム MIO Karte への接続に用いるオンデマンドVPN（OD-VPN）サービスを、下記のとおり申し込みます。", 10);

        var table = page.Table(y + 2);
        table.Section("申込者（契約者）");
        ApplicantRows(table, form, SealBoxes[0]);

        table.Section("お申込内容");
        table
            .Row(RowHeight, FormCell.Label("サービス名", LabelWidth), FormCell.Value("オンデマンドVPN（OD-VPN）"),
                FormCell.Label("申込区分", 70), FormCell.Custom((p, box) => Options(p, box, [("新規", true)]), 90))
            .Row(RowHeight, FormCell.Label("接続端末数", LabelWidth), FormCell.Value(Terminals(form)),
                FormCell.Label("利用者数", 70), FormCell.Value($"{form.UserCount}名", 90))
            .Row(RowHeight, FormCell.Label("利用開始希望日", LabelWidth), FormCell.Value(JapaneseDate.ToWarekiWithSeireki(form.DesiredStartDate)))
            .Row(RowHeight, FormCell.Label("お支払方法", LabelWidth), FormCell.Custom((p, box) => Options(p, box,
                [("口座振替（別紙「預金口座振替申込書」による）", true)])));

        table.Section("技術連絡先（管理責任者）");
        AdministratorRows(table, form.Administrator);
        RemarksRow(table);
        var y2 = table.Close();

        OfficeUseBox(page, y2 + 10, form, "受付欄（事務局記入）");

        Footer(page, form, SealBoxes);
    };
}
