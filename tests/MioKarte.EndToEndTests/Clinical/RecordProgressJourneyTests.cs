using Microsoft.Playwright;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Clinical;

/// <summary>The progress banner in a real browser: the first answer shows it, record.js polls and reloads the whole table.</summary>
[Collection(ProgressBrowserCollection.Name)]
public sealed class RecordProgressJourneyTests(ProgressBrowserFixture browser)
{
    [Fact]
    public async Task The_first_view_shows_progress_and_the_page_reloads_itself_with_the_whole_table()
    {
        var patientId = await browser.LinkDemoPatientAsync("E2E-PRG");
        await using var context = await browser.NewContextAsync(Device.ByName("ipad-landscape"));
        var page = await context.NewPageAsync();
        await page.SignInAsync("staff");

        var first = await page.GotoAsync($"/patients/{patientId}?zoom=month&from=2016-11-01&to=2026-10-31");

        // The answer the server gave first was the progress page (the reload may already have happened).
        Assert.Contains("id=\"record-progress\"", await first!.TextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#record-progress")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("山田 太郎");
        await Assertions.Expect(page.Locator("tr.cat--lab a.cell").First).ToBeVisibleAsync();
        await page.SaveScreenshotAsync("record-after-progress-ipad-landscape");
    }
}
