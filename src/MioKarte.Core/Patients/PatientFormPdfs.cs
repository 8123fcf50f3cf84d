using MioKarte.Core.Common;
using MioKarte.Core.Pdf;

namespace MioKarte.Core.Patients;

/// <summary>
/// The blank forms of section 4-1 that a disclosing facility hands to a referred patient: the
/// 患者情報送信票 (what the receiving facility types into 患者IDの登録) and the 同意書 (the patient's
/// consent to share). One A4 page each, drawn with the same machinery as the application forms
/// (docs/decisions/ADR-0002).
/// </summary>
public static class PatientFormPdfs
{
    public const string TransmittalSheetFileName = "patient-transmittal-sheet.pdf";
    public const string ConsentFormFileName = "patient-consent-form.pdf";

    private const float Label = 110;
    private const string Subject = "地域医療連携システム MIO Karte 患者IDの登録";

    public static RenderedPdf TransmittalSheet()
    {
        const string title = "患者情報送信票";
        var document = new FormDocument(title, Subject);
        var page = document.AddPage();
        var y = page.ContentTop;
        page.TextAt(page.ContentLeft, y, page.ContentWidth, "地域医療連携システム（MIO Karte）", 9, color: FormPage.Faint);
        y = page.Title(y + 16, title, 18, "（紹介元医療機関 → 紹介先医療機関）");
        y = page.Paragraph(page.ContentLeft, y + 4, page.ContentWidth,
            "本票と同意書を患者さまにお渡しください。紹介先医療機関は、本票の内容でMIO Karteに患者IDを登録すると、紹介元の診療情報を閲覧できるようになります。", 9.5f);
        var table = page.Table(y + 6);
        table.Section("紹介元医療機関（情報開示施設）");
        table
            .Row(26, FormCell.Label("医療機関名", Label), FormCell.Value(""))
            .Row(24, FormCell.Label("医療機関コード（10桁）", Label), FormCell.Value(""), FormCell.Label("施設コード", 70), FormCell.Value("", 90))
            .Row(24, FormCell.Label("担当医", Label), FormCell.Value(""), FormCell.Label("診療科", 70), FormCell.Value("", 90));
        table.Section("患者さま");
        table
            .Row(28, FormCell.Label("紹介元の患者ID", Label), FormCell.Value(""))
            .Row(18, FormCell.Label("フリガナ", Label), FormCell.Value(""))
            .Row(28, FormCell.Label("氏名", Label), FormCell.Value(""))
            .Row(24, FormCell.Label("性別", Label), FormCell.Custom((p, box) =>
            {
                var x = p.CheckboxLabel(box.Left + 6, box.MidY, false, "男");
                x = p.CheckboxLabel(x + 16, box.MidY, false, "女");
                p.CheckboxLabel(x + 16, box.MidY, false, "その他");
            }), FormCell.Label("生年月日", 70), FormCell.Value("　　　　年　　月　　日", 150, 10))
            .Row(24, FormCell.Label("同意書", Label), FormCell.Custom((p, box) =>
            {
                var x = p.CheckboxLabel(box.Left + 6, box.MidY, false, "同意書を取得済み");
                p.TextAt(x + 16, box.MidY - 6, box.Right - x - 20, "同意日　　　　年　　月　　日", 9.5f);
            }));
        table.Section("紹介先医療機関（閲覧施設）記入欄");
        table
            .Row(24, FormCell.Label("医療機関名", Label), FormCell.Value(""))
            .Row(24, FormCell.Label("自院の患者ID", Label), FormCell.Value(""), FormCell.Label("登録日", 70), FormCell.Value("　　年　　月　　日", 120, 9.5f))
            .Row(24, FormCell.Label("登録者", Label), FormCell.Value(""));
        y = table.Close();
        page.Paragraph(page.ContentLeft, y + 8, page.ContentWidth,
            "※ 患者IDの登録時、データセンターで性別・生年月日・フリガナを照合します。一致しない場合は登録できませんので、正確にご記入ください。" +
            "※ 本票には診療内容を記載しないでください。", 8.5f);
        return new RenderedPdf(TransmittalSheetFileName, title, document.ToPdf());
    }

    public static RenderedPdf ConsentForm()
    {
        const string title = "診療情報の共有に関する同意書";
        var document = new FormDocument(title, Subject);
        var page = document.AddPage();
        var y = page.ContentTop;
        page.TextAt(page.ContentLeft, y, page.ContentWidth, "地域医療連携システム（MIO Karte）", 9, color: FormPage.Faint);
        y = page.Title(y + 16, title, 18);
        y = page.AddresseeLine(y + 4, "紹介元医療機関　　　　　　　　　　　　　　　　　御中");
        y = page.Paragraph(page.ContentLeft, y + 6, page.ContentWidth,
            "私は、地域医療連携システム（MIO Karte）について説明を受け、次の内容を理解したうえで、私の診療情報（処方・注射・検査結果・画像・読影レポート・紹介状など）を、" +
            "下記の紹介先医療機関が閲覧することに同意します。", 10.5f, 1.6f);
        y += 4;
        string[] points =
        [
            "1. 診療情報は、私の診療のために、紹介先医療機関の権限を持つ職員だけが閲覧します。",
            "2. 閲覧はすべて記録され、紹介元医療機関・紹介先医療機関が確認できます。",
            "3. この同意はいつでも撤回できます（同意撤回）。撤回の日から、紹介先医療機関は新たに閲覧できなくなります。",
            "4. 同意しないこと、または撤回することで、私の診療上の不利益はありません。",
            "5. 生命・身体の保護のため緊急に必要な場合は、医師が理由を記録したうえで一時的に閲覧することがあります（非常時アクセス）。",
        ];
        foreach (var point in points)
        {
            y = page.Paragraph(page.ContentLeft + 8, y, page.ContentWidth - 8, point, 9.5f, 1.55f) + 2;
        }

        var table = page.Table(y + 8);
        table.Section("紹介先医療機関（閲覧施設）");
        table.Row(26, FormCell.Label("医療機関名", Label), FormCell.Value(""));
        table.Section("同意者");
        table
            .Row(24, FormCell.Label("同意日", Label), FormCell.Value("　　　　年　　月　　日", 0, 10))
            .Row(18, FormCell.Label("フリガナ", Label), FormCell.Value(""))
            .Row(36, FormCell.Label("氏名（署名）", Label), FormCell.Value(""), FormCell.Custom((p, box) => p.Seal(box.MidX, box.MidY, 26), 56))
            .Row(24, FormCell.Label("生年月日", Label), FormCell.Value("　　　　年　　月　　日", 0, 10))
            .Row(36, FormCell.Label("代理人氏名・続柄", Label), FormCell.Value(""), FormCell.Custom((p, box) => p.Seal(box.MidX, box.MidY, 26), 56));
        table.Section("紹介元医療機関 記入欄");
        table
            .Row(24, FormCell.Label("説明・同意取得者", Label), FormCell.Value(""), FormCell.Label("患者ID", 60), FormCell.Value("", 120));
        y = table.Close();
        page.Paragraph(page.ContentLeft, y + 8, page.ContentWidth,
            "※ 署名済みの同意書は紹介元医療機関で保管し、写し（スキャン）を紹介先医療機関が患者IDの登録時に登録します。", 8.5f);
        return new RenderedPdf(ConsentFormFileName, title, document.ToPdf());
    }

    /// <summary>A line of text at <paramref name="top"/>; returns the y below it.</summary>
    private static float AddresseeLine(this FormPage page, float top, string text)
    {
        page.TextAt(page.ContentLeft, top, page.ContentWidth, text, 11);
        var underline = top + FormPage.LineBoxHeight(11) + 1;
        page.Line(page.ContentLeft, underline, page.ContentLeft + TextLayout.Measure(text, 11), underline, 0.7f);
        return underline + 4;
    }
}
