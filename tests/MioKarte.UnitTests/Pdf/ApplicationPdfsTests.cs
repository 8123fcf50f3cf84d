using System.Diagnostics;
using MioKarte.Core.Applications;
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
        Assert.Contains("〒193-0832", text, StringComparison.Ordinal);
        Assert.Contains("東京都八王子市散田町３－１０－１", text, StringComparison.Ordinal);
        Assert.Contains("地域医療連携システムネットワーク連絡協議会", text, StringComparison.Ordinal);
        Assert.Contains("捺印のうえ上記宛にご郵送ください", text, StringComparison.Ordinal);
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
