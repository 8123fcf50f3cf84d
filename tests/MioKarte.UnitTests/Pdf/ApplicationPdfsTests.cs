using System.Diagnostics;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using Xunit.Abstractions;

namespace MioKarte.UnitTests.Pdf;

public class ApplicationPdfsTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<RenderedPdf>> VpnPdfs = new(() => ApplicationPdfs.Render(SampleApplications.VpnPharmacy()));

    private static readonly string[] AllFormFileNames =
    [
        "01_ID-Link契約申込書.pdf", "02_施設入会申込書.pdf", "03_OD-VPN契約申込書.pdf", "04_預金口座振替申込書.pdf",
    ];

    public static TheoryData<string> FormFileNames => new(AllFormFileNames);

    [Fact]
    public void An_internet_connection_gets_the_two_forms_of_section_2_3()
    {
        var pdfs = ApplicationPdfs.Render(SampleApplications.InternetClinic());

        Assert.Equal(["01_ID-Link契約申込書.pdf", "02_施設入会申込書.pdf"], pdfs.Select(p => p.FileName));
    }

    [Fact]
    public void The_on_demand_vpn_adds_the_od_vpn_and_direct_debit_forms()
    {
        Assert.Equal(AllFormFileNames, VpnPdfs.Value.Select(p => p.FileName));
    }

    [Theory]
    [MemberData(nameof(FormFileNames))]
    public void Each_form_is_one_a4_page_under_300_KB(string fileName)
    {
        var pdf = Pdf(fileName);

        output.WriteLine($"{fileName}: {pdf.Content.Length:N0} bytes");
        Assert.Equal(1, Poppler.PageCount(pdf.Content));
        Assert.InRange(pdf.Content.Length, 1_000, 300 * 1024);
    }

    [Theory]
    [MemberData(nameof(FormFileNames))]
    public void Each_form_extracts_every_entered_value_exactly(string fileName)
    {
        var pdf = Pdf(fileName);
        var form = SampleApplications.VpnPharmacy();

        var text = Poppler.ExtractText(pdf.Content);

        // Poppler reports an ideographic space (U+3000) as layout gap, i.e. ASCII spaces; every
        // other character must come back exactly, so only runs of white space are compared loosely.
        var normalised = Poppler.CollapseWhiteSpace(text);
        var missing = ExpectedValues(fileName, form)
            .Where(v => !normalised.Contains(Poppler.CollapseWhiteSpace(v), StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"Missing from {fileName}: {string.Join(" | ", missing)}\n---\n{text}");
    }

    [Theory]
    [MemberData(nameof(FormFileNames))]
    public void Each_form_extracts_no_kangxi_radicals(string fileName)
    {
        var text = Poppler.ExtractText(Pdf(fileName).Content);

        var radicals = text.Where(c => c is >= '\u2F00' and <= '\u2FDF').ToList();
        Assert.True(radicals.Count == 0, $"Kangxi radicals in {fileName}: {string.Concat(radicals)}");
    }

    [Theory]
    [MemberData(nameof(FormFileNames))]
    public void Each_form_carries_the_receipt_number_the_council_address_and_the_posting_instruction(string fileName)
    {
        var text = Poppler.ExtractText(Pdf(fileName).Content);

        Assert.Contains("MK-2026-000124", text, StringComparison.Ordinal);
        Assert.All(CouncilPostalAddress.Lines, line => Assert.Contains(Poppler.CollapseWhiteSpace(line), Poppler.CollapseWhiteSpace(text), StringComparison.Ordinal));
        Assert.Contains("下記の送付先にご郵送ください", text, StringComparison.Ordinal);
        Assert.DoesNotContain("上記宛", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[]> SealBoxesOfEachForm => new()
    {
        { "01_ID-Link契約申込書.pdf", ["申込者印"] },
        { "02_施設入会申込書.pdf", ["開設者印", "管理者印"] },
        { "03_OD-VPN契約申込書.pdf", ["開設者印"] },
        { "04_預金口座振替申込書.pdf", ["お届け印"] },
    };

    [Theory]
    [MemberData(nameof(SealBoxesOfEachForm))]
    public void Each_form_draws_its_seal_boxes_and_its_instruction_names_every_one(string fileName, string[] sealBoxes)
    {
        var kind = ApplicationPdfs.All.Single(k => k.FileName == fileName);
        var text = Poppler.ExtractText(Pdf(fileName).Content);

        Assert.Equal(sealBoxes, kind.SealBoxes);
        var instruction = text.Split('\n').Single(l => l.Contains("ご郵送ください", StringComparison.Ordinal));
        Assert.Contains($"本書を印刷し、{string.Concat(sealBoxes.Select(s => $"「{s}」"))}欄に押印のうえ", instruction, StringComparison.Ordinal);
        // Each label once in its box on the form, once more in the instruction.
        Assert.All(sealBoxes, seal =>
            Assert.True(Occurrences(text, seal) >= 2, $"{seal} appears {Occurrences(text, seal)} time(s) in {fileName}:\n{text}"));
    }

    [Theory]
    [MemberData(nameof(FormFileNames))]
    public void Each_form_describes_the_activation_link_not_credentials_mailed_by_the_vendor(string fileName)
    {
        // Wrapped inside its box, the note reads as one paragraph once the line breaks are dropped.
        var text = Poppler.CollapseWhiteSpace(Poppler.ExtractReadingText(Pdf(fileName).Content)).Replace(" ", "", StringComparison.Ordinal);

        Assert.Contains("利用開始のご案内（一度だけ使えるリンク）", text, StringComparison.Ordinal);
        Assert.Contains("パスワードはご自身で設定し", text, StringComparison.Ordinal);
        Assert.Contains("認証アプリを登録", text, StringComparison.Ordinal);
        Assert.Contains("電子証明書をポータルから取得", text, StringComparison.Ordinal);
        Assert.DoesNotContain("がメールで届きます", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ID／パスワード／電子証明書の送付先", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_membership_form_writes_the_network_s_name_as_the_guide_s_title_does()
    {
        var text = Poppler.CollapseWhiteSpace(Poppler.ExtractText(Pdf("02_施設入会申込書.pdf").Content));

        Assert.Contains("医療法人社団永生会 地域医療連携システム MIO Karte", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ネットワークシステム", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FormFileNames))]
    public void Each_form_renders_page_1_to_a_png_artifact(string fileName)
    {
        var pdf = Pdf(fileName);
        var pdfPath = Path.Combine(PdfArtifacts.Directory, fileName);
        var pngPath = Path.ChangeExtension(pdfPath, ".png");
        File.WriteAllBytes(pdfPath, pdf.Content);

        Poppler.RenderFirstPage(pdf.Content, pngPath);

        Assert.True(new FileInfo(pngPath).Length > 10_000, $"{pngPath} looks empty.");
    }

    [Fact]
    public void Rendering_one_form_after_warm_up_takes_well_under_100_ms()
    {
        var form = SampleApplications.VpnPharmacy();
        ApplicationPdfs.Render(form); // warm-up: font load, first subset, Skia start-up

        var stopwatch = Stopwatch.StartNew();
        const int rounds = 5;
        for (var i = 0; i < rounds; i++)
        {
            ApplicationPdfs.Render(form);
        }

        var perForm = stopwatch.Elapsed.TotalMilliseconds / rounds / 4;
        output.WriteLine($"{perForm:F1} ms per form (warm, subset cached)");
        Assert.True(perForm < 100, $"{perForm:F1} ms per form");
    }

    [Fact]
    public void A_new_character_set_costs_one_subset_and_still_renders_quickly()
    {
        ApplicationPdfs.Render(SampleApplications.InternetClinic()); // warm-up
        var form = SampleApplications.InternetClinic() with { FacilityName = $"新規施設{Guid.NewGuid():N}" };

        var stopwatch = Stopwatch.StartNew();
        var pdfs = ApplicationPdfs.Render(form);
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;

        output.WriteLine($"{elapsed:F1} ms for {pdfs.Count} forms with an uncached character set");
        Assert.True(elapsed < 1000, $"{elapsed:F1} ms");
    }

    [Fact]
    public void Forms_render_concurrently_without_interfering()
    {
        var forms = Enumerable.Range(0, 8)
            .Select(i => SampleApplications.VpnPharmacy() with { ReceiptNumber = $"MK-2026-{i:D6}" }).ToList();

        var results = forms.AsParallel().Select(f => (f.ReceiptNumber, Pdfs: ApplicationPdfs.Render(f))).ToList();

        Assert.All(results, r =>
        {
            Assert.Equal(4, r.Pdfs.Count);
            Assert.Contains(r.ReceiptNumber, Poppler.ExtractText(r.Pdfs[0].Content), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_direct_debit_form_requires_the_bank_account()
    {
        var form = SampleApplications.VpnPharmacy() with { VpnBankAccount = null };

        Assert.Throws<InvalidOperationException>(() => ApplicationPdfs.Render(form));
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static RenderedPdf Pdf(string fileName) => VpnPdfs.Value.Single(p => p.FileName == fileName);

    private static IEnumerable<string> ExpectedValues(string fileName, ParticipationApplicationForm form)
    {
        string[] facility = [form.FacilityName, form.FacilityNameKana, form.PostalCode, form.Address, form.Phone];
        string[] founder = [form.Founder.Name, form.Founder.Title];
        string[] administrator =
        [
            form.Administrator.Name, form.Administrator.NameKana, form.Administrator.Department,
            form.Administrator.Phone, form.Administrator.Email,
        ];
        var submitted = "令和8年11月23日（2026年11月23日）";
        var desired = "令和9年1月4日（2027年1月4日）";
        var account = form.VpnBankAccount!;
        return fileName switch
        {
            "01_ID-Link契約申込書.pdf" => [.. facility, .. founder, .. administrator, form.Fax!, submitted, desired, "12名", "PC 3台", "iPad 2台"],
            "02_施設入会申込書.pdf" => [.. facility, .. founder, .. administrator, form.Fax!, form.Manager.Name, form.Manager.Title, form.InstitutionCode!, submitted],
            "03_OD-VPN契約申込書.pdf" => [.. facility, .. founder, .. administrator, submitted, desired],
            "04_預金口座振替申込書.pdf" => [.. facility, account.BankName, account.BranchName, account.AccountNumber, account.HolderKana, "普通", submitted],
            _ => throw new ArgumentOutOfRangeException(nameof(fileName), fileName, "Unknown form."),
        };
    }
}
