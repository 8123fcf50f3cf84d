using System.Diagnostics;
using Microsoft.Playwright;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Apply;

[Collection(BrowserCollection.Name)]
public sealed class ApplyJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("pc")]
    [InlineData("ipad-portrait")]
    public async Task A_clinic_fills_the_form_fixes_a_mistake_submits_and_downloads_its_PDFs(string deviceName)
    {
        var device = Device.ByName(deviceName);
        await using var context = await browser.NewContextAsync(device);
        var page = await context.NewPageAsync();
        var facility = $"はちおうじ内科クリニック{device.Name.Length}";
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "参加を申し込む" }).First.ClickAsync();

        // Step 1, with a phone number that is too short.
        await page.Locator("#FacilityName").FillAsync(facility);
        await page.GetByLabel("施設名（フリガナ）").FillAsync("はちおうじないかくりにっく");
        await page.GetByLabel("診療所", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("保険医療機関コード／薬局コード").FillAsync("０１１０１１３７１９");
        await page.GetByLabel("郵便番号").FillAsync("1930832");
        await page.GetByLabel("所在地").FillAsync("東京都八王子市散田町３－１０－１");
        await page.Locator("#Phone").FillAsync("042-663");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        await Assertions.Expect(page.Locator("#Phone-error")).ToContainTextAsync("0から始まる10桁または11桁");
        await Assertions.Expect(page.GetByLabel("所在地")).ToHaveValueAsync("東京都八王子市散田町3-10-1");
        await page.SaveScreenshotAsync($"apply-error-{device.Name}");
        await page.Locator("#Phone").FillAsync("042-663-0111");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        // Step 2
        await page.GetByLabel("開設者 氏名").FillAsync("八王子 一郎");
        await page.GetByLabel("開設者 役職").FillAsync("理事長");
        await page.GetByLabel("管理者 氏名").FillAsync("八王子 一郎");
        await page.GetByLabel("管理者 役職").FillAsync("院長");
        await page.Locator("#AdministratorName").FillAsync("八王子 花子");
        await page.GetByLabel("管理責任者 氏名（フリガナ）").FillAsync("ハチオウジ ハナコ");
        await page.GetByLabel("管理責任者 所属部署").FillAsync("医事課");
        await page.GetByLabel("管理責任者 電話番号").FillAsync("042-663-0112");
        await page.GetByLabel("管理責任者 メールアドレス").FillAsync("hanako@example.jp");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        // Step 3
        await page.GetByLabel("利用者数（予定）").FillAsync("4");
        await page.GetByLabel("パソコンの台数").FillAsync("2");
        await page.GetByLabel("iPadの台数").FillAsync("1");
        await page.GetByLabel("インターネット（SSL暗号化通信）").CheckAsync();
        await page.GetByLabel("利用開始希望日").FillAsync(DateTime.Today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        // Step 4
        await page.GetByLabel("「ID-Link」サービス利用約款に同意します").CheckAsync();
        await page.GetByLabel("地域医療連携システムネットワーク運用管理規程に同意します").CheckAsync();
        await page.GetByLabel("個人情報保護方針に共同利用の旨を記載しました（または記載します）").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        // Confirmation, then submit.
        await Assertions.Expect(page.Locator("dl.confirm").First).ToContainTextAsync("ハチオウジナイカクリニック");
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"apply-confirm-{device.Name}");
        await page.GetByRole(AriaRole.Button, new() { Name = "この内容で申し込む" }).ClickAsync();

        await Assertions.Expect(page.Locator(".status-badge")).ToHaveTextAsync("書類到着待ち");
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"apply-status-{device.Name}");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(".form-downloads a").Nth(1).ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"miokarte-e2e-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);
        try
        {
            Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
            Assert.Contains(facility, PdfText(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string PdfText(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", path, "-"]) { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }
}
