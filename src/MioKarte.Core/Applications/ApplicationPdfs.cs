using System.Globalization;
using MioKarte.Core.Common;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pdf;
using SkiaSharp;

namespace MioKarte.Core.Applications;

/// <summary>One printable application form: a file name to offer, its title, the PDF bytes.</summary>
public sealed record RenderedPdf(string FileName, string Title, byte[] Content);

/// <summary>
/// The application forms of section 2-3 for one participation application: ① and ② always,
/// ③ and ④ only with the on-demand VPN. Each is a one-page A4 PDF to print, seal and post.
/// </summary>
public static class ApplicationPdfs
{
    private static readonly ApplicationFormKind[] AlwaysSent =
    [
        new(IdLinkContractApplicationPdf.FileName, IdLinkContractApplicationPdf.Title, "①", IdLinkContractApplicationPdf.SealBoxes, IdLinkContractApplicationPdf.Compose),
        new(MembershipApplicationPdf.FileName, MembershipApplicationPdf.Title, "②", MembershipApplicationPdf.SealBoxes, MembershipApplicationPdf.Compose),
    ];

    private static readonly ApplicationFormKind[] WithVpn =
    [
        .. AlwaysSent,
        new(OnDemandVpnApplicationPdf.FileName, OnDemandVpnApplicationPdf.Title, "③", OnDemandVpnApplicationPdf.SealBoxes, OnDemandVpnApplicationPdf.Compose),
        new(DirectDebitApplicationPdf.FileName, DirectDebitApplicationPdf.Title, "④", DirectDebitApplicationPdf.SealBoxes, DirectDebitApplicationPdf.Compose),
    ];

    /// <summary>Every form in its order ①–④, for the pages and mails that explain all of them.</summary>
    public static IReadOnlyList<ApplicationFormKind> All => WithVpn;

    /// <summary>Which forms an application needs, without rendering any (a page can list them cheaply).</summary>
    public static IReadOnlyList<ApplicationFormKind> FormsFor(ConnectionType connection) => connection switch
    {
        ConnectionType.InternetSsl => AlwaysSent,
        ConnectionType.OnDemandVpn => WithVpn,
    };

    public static IReadOnlyList<RenderedPdf> Render(ParticipationApplicationForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return [.. FormsFor(form.Connection).Select(kind => kind.Render(form))];
    }

    /// <summary>
    /// Form number <paramref name="index"/> of a stored application (as <see cref="FormsFor"/> lists
    /// them), drawn from its data and dated the Japan day it was submitted; null for an index it has not.
    /// Only that one form is drawn.
    /// </summary>
    public static RenderedPdf? RenderStored(ParticipationApplicationData data, string receiptNumber, DateTime submittedAtUtc, int index)
    {
        ArgumentNullException.ThrowIfNull(data);
        var forms = FormsFor(data.Connection);
        return index >= 0 && index < forms.Count
            ? forms[index].Render(data.ToForm(receiptNumber, JapanTime.DateOf(submittedAtUtc)))
            : null;
    }
}

/// <summary>
/// One of the forms of section 2-3: its file name, title, number (①–④), the labels of the seal
/// boxes it draws (what the applicant must stamp before posting it) and how its page is drawn.
/// </summary>
public sealed record ApplicationFormKind(
    string FileName, string Title, string Number, IReadOnlyList<string> SealBoxes, Func<ParticipationApplicationForm, Action<FormPage>> Compose)
{
    /// <summary>「申込者印」, 「開設者印」「管理者印」: the seal boxes as the instructions name them.</summary>
    public string SealBoxList => string.Concat(SealBoxes.Select(s => $"「{s}」"));

    public RenderedPdf Render(ParticipationApplicationForm form)
    {
        var document = new FormDocument(Title, "地域医療連携システム MIO Karte 参加申込");
        Compose(form)(document.AddPage());
        return new RenderedPdf(FileName, Title, document.ToPdf());
    }
}

/// <summary>Parts every application form shares: header, addressee, footer, the applicant block.</summary>
internal static class ApplicationFormParts
{
    public const float LabelWidth = 92;
    public const float RowHeight = 23;

    /// <summary>
    /// The line above the 送付先 box: print, stamp the form's seal boxes (named), post to the
    /// address below it.
    /// </summary>
    public static string PostingInstruction(IReadOnlyList<string> sealBoxes) =>
        $"本書を印刷し、{string.Concat(sealBoxes.Select(s => $"「{s}」"))}欄に押印のうえ、下記の送付先にご郵送ください。";

    /// <summary>
    /// What happens after registration today (not the 2012 guide's ID, password and certificate by
    /// mail from the vendor): docs/registration.md.
    /// </summary>
    public const string ActivationNote =
        "登録が完了すると、管理責任者のメールアドレスに利用開始のご案内（一度だけ使えるリンク）をお送りします。" +
        "パスワードはご自身で設定し、認証アプリを登録して、最初の端末の電子証明書をポータルから取得します。" +
        "パスワードや電子証明書をメールでお送りすることはありません。";

    /// <summary>受付番号 box at the top right, the form's name at the top left; returns the y below.</summary>
    public static float Header(FormPage page, ParticipationApplicationForm form, string formCode)
    {
        page.TextAt(page.ContentLeft, page.ContentTop + 4, 200, formCode, 8, color: FormPage.Faint);
        var width = 210f;
        var table = page.Table(page.ContentTop, page.ContentRight - width, width);
        table.Row(18, FormCell.Label("受付番号", 64, 8.5f), FormCell.Value(form.ReceiptNumber, 0, 10, TextAlign.Center));
        return table.Close() + 10;
    }

    /// <summary>宛名 on the left (with 御中), 申込日 in 和暦 and 西暦 on the right; returns the y below.</summary>
    public static float AddresseeAndDate(FormPage page, float top, string addressee, DateOnly date)
    {
        var dateText = $"申込日：{JapaneseDate.ToWarekiWithSeireki(date)}";
        page.TextAt(page.ContentLeft, top, page.ContentWidth, dateText, 10, TextAlign.Right);
        var nameTop = top + 18;
        page.TextAt(page.ContentLeft, nameTop, page.ContentWidth, addressee, 12);
        var underline = nameTop + FormPage.LineBoxHeight(12) + 1;
        page.Line(page.ContentLeft, underline, page.ContentLeft + TextLayout.Measure(addressee, 12), underline, 0.7f);
        return underline + 10;
    }

    /// <summary>Applicant rows: kana, name, address, phone/fax, and 開設者 with the seal place <paramref name="seal"/>.</summary>
    public static void ApplicantRows(FormTable table, ParticipationApplicationForm form, string seal)
    {
        table
            .Row(18, FormCell.Label("フリガナ", LabelWidth), FormCell.Value(form.FacilityNameKana, size: 9))
            .Row(28, FormCell.Label("施設名称", LabelWidth), FormCell.Value(form.FacilityName, size: 13))
            .Row(36, FormCell.Label("所在地", LabelWidth), FormCell.Value($"〒{form.PostalCode}\n{form.Address}", size: 10.5f))
            .Row(RowHeight,
                FormCell.Label("電話番号", LabelWidth), FormCell.Value(form.Phone),
                FormCell.Label("FAX番号", LabelWidth), FormCell.Value(form.Fax ?? "（なし）"));
        PersonWithSeal(table, "開設者", form.Founder, seal);
    }

    /// <summary>A person row (役職・氏名) ending in a seal place labelled <paramref name="seal"/> (e.g. 開設者印).</summary>
    public static void PersonWithSeal(FormTable table, string label, NamedPerson person, string seal)
    {
        const float sealWidth = 60;
        table.Row(38,
            FormCell.Label(label, LabelWidth),
            FormCell.Custom((page, box) => PersonNameAndTitle(page, box, person)),
            FormCell.Custom((page, box) => page.Seal(box.MidX, box.MidY, 32, seal), sealWidth));
    }

    /// <summary>管理責任者 rows: name, kana, department, phone, e-mail.</summary>
    public static void AdministratorRows(FormTable table, AdministratorContact administrator)
    {
        table
            .Row(18,
                FormCell.Label("フリガナ", LabelWidth), FormCell.Value(administrator.NameKana, size: 9),
                FormCell.Label("所属部署", LabelWidth), FormCell.Value(administrator.Department, size: 10))
            .Row(26,
                FormCell.Label("氏名", LabelWidth), FormCell.Value(administrator.Name, size: 12),
                FormCell.Label("電話番号", LabelWidth), FormCell.Value(administrator.Phone))
            .Row(RowHeight,
                FormCell.Label("メールアドレス", LabelWidth), FormCell.Value(administrator.Email, size: 11));
    }

    /// <summary>An empty 備考 row for the applicant's or the office's notes.</summary>
    public static void RemarksRow(FormTable table) =>
        table.Row(40, FormCell.Label("備考", LabelWidth), FormCell.Value(string.Empty));

    /// <summary>事務局記入欄 at the right: receipt number pre-filled, date and approval left blank.</summary>
    public static float OfficeUseBox(FormPage page, float top, ParticipationApplicationForm form, string heading = "協議会記入欄")
    {
        var office = page.Table(top, page.ContentRight - 300, 300);
        office.Row(16, FormCell.Label(heading, 0, 8))
            .Row(22, FormCell.Label("受付番号", 56, 8), FormCell.Value(form.ReceiptNumber, 104, 9),
                FormCell.Label("受付日", 44, 8), FormCell.Value(string.Empty), FormCell.Label("承認", 34, 8), FormCell.Value(string.Empty, 32));
        return office.Close();
    }

    /// <summary>Terminal counts as 「PC 3台　iPad 2台」.</summary>
    public static string Terminals(ParticipationApplicationForm form) =>
        string.Create(CultureInfo.InvariantCulture, $"PC {form.PcTerminalCount}台　iPad {form.IpadTerminalCount}台");

    /// <summary>A row of checkbox options inside a cell.</summary>
    public static void Options(FormPage page, SKRect box, IEnumerable<(string Label, bool Checked)> options, float gap = 14)
    {
        var x = box.Left + 6;
        foreach (var (label, isChecked) in options)
        {
            x = page.CheckboxLabel(x, box.MidY, isChecked, label) + gap;
        }
    }

    /// <summary>送付先 block, and above it the posting instruction naming <paramref name="sealBoxes"/>, at the bottom of the page.</summary>
    public static void Footer(FormPage page, ParticipationApplicationForm form, IReadOnlyList<string> sealBoxes)
    {
        const float height = 76;
        var top = page.ContentBottom - height - 16;
        var box = new SKRect(page.ContentLeft, top, page.ContentRight, top + height);
        page.Rectangle(box, 0.8f);
        var labelBox = new SKRect(box.Left, box.Top, box.Left + 64, box.Bottom);
        page.Rectangle(labelBox, 0.8f, fill: FormPage.LabelShade);
        page.TextInBox(labelBox, "送付先", 10, TextAlign.Center);

        var y = box.Top + 6;
        foreach (var line in CouncilPostalAddress.Lines)
        {
            page.TextAt(labelBox.Right + 10, y, 300, line, 9.5f);
            y += 15.5f;
        }

        // The instruction stays on one line so it reads (and extracts) as one sentence.
        page.TextAt(page.ContentLeft, top - 17, page.ContentWidth, "※ " + PostingInstruction(sealBoxes), 10.5f);

        var noteBox = new SKRect(box.Right - 214, box.Top + 5, box.Right - 6, box.Bottom - 5);
        page.Rectangle(noteBox, FormPage.ThinRule, dashed: true);
        page.TextInBox(noteBox, ActivationNote, 7, padding: 5);

        var baseline = page.ContentBottom - 2;
        page.Line(page.ContentLeft, baseline - 11, page.ContentRight, baseline - 11, FormPage.ThinRule, FormPage.Faint);
        page.Text(page.ContentLeft, baseline, "地域医療連携システム MIO Karte", 7.5f, FormPage.Faint);
        var receipt = $"受付番号 {form.ReceiptNumber}";
        page.Text(page.ContentRight - TextLayout.Measure(receipt, 7.5f), baseline, receipt, 7.5f, FormPage.Faint);
    }

    private static void PersonNameAndTitle(FormPage page, SKRect box, NamedPerson person)
    {
        var half = box.Height / 2;
        var titleBox = new SKRect(box.Left, box.Top, box.Right, box.Top + half);
        var nameBox = new SKRect(box.Left, box.Top + half - 2, box.Right, box.Bottom);
        page.TextInBox(new SKRect(titleBox.Left, titleBox.Top, titleBox.Left + 34, titleBox.Bottom), "役職", 7.5f, color: FormPage.Faint);
        page.TextInBox(new SKRect(titleBox.Left + 30, titleBox.Top, titleBox.Right, titleBox.Bottom), person.Title, 9);
        page.TextInBox(new SKRect(nameBox.Left, nameBox.Top, nameBox.Left + 34, nameBox.Bottom), "氏名", 7.5f, color: FormPage.Faint);
        page.TextInBox(new SKRect(nameBox.Left + 30, nameBox.Top, nameBox.Right, nameBox.Bottom), person.Name, 12);
    }
}
