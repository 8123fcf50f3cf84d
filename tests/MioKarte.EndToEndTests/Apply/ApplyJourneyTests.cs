using System.Diagnostics;
using System.Text.RegularExpressions;
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
        await ApplicantSteps.FillFacilityStepAsync(page, facility, "042-663");

        await Assertions.Expect(page.Locator("#Phone-error")).ToContainTextAsync("0から始まる10桁または11桁");
        await Assertions.Expect(page.GetByLabel("所在地")).ToHaveValueAsync("東京都八王子市散田町3-10-1");
        await page.SaveScreenshotAsync($"apply-error-{device.Name}");
        await page.Locator("#Phone").FillAsync("042-663-0111");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        await ApplicantSteps.FillRemainingStepsAsync(page, "hanako@example.jp");

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

    [Fact]
    public async Task The_Back_button_after_submitting_shows_the_status_page_not_a_browser_error()
    {
        await using var context = await browser.NewContextAsync(Device.ByName("pc"));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/apply");
        await ApplicantSteps.FillFacilityStepAsync(page, "戻るボタン内科クリニック", "042-663-0111");
        await ApplicantSteps.FillRemainingStepsAsync(page, "modoru@example.jp");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/apply/step/5$"));

        // Every step is a GET: a reload shows the same page, without the browser's resubmission prompt.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("dl.confirm").First).ToContainTextAsync("戻るボタン内科クリニック");
        await page.GetByRole(AriaRole.Button, new() { Name = "この内容で申し込む" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status-badge")).ToHaveTextAsync("書類到着待ち");
        var statusUrl = page.Url;

        var back = await page.GoBackAsync();

        Assert.NotNull(back);
        Assert.True(back.Ok, $"{back.Status} {back.Url}");
        Assert.Equal(statusUrl, page.Url);
        await Assertions.Expect(page.Locator(".status-badge")).ToHaveTextAsync("書類到着待ち");
        await Assertions.Expect(page.Locator(".receipt-number")).ToHaveTextAsync(new Regex(@"^MK-\d{4}-\d{6}$"));
    }

    private static string PdfText(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", path, "-"]) { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }
}
