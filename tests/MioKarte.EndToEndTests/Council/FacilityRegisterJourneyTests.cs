using Microsoft.Playwright;
using MioKarte.Core.Facilities;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Council;

[Collection(BrowserCollection.Name)]
public sealed class FacilityRegisterJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("pc", 9001)]
    [InlineData("ipad-portrait", 9002)]
    public async Task Council_staff_open_the_register_filter_it_and_suspend_a_facility(string deviceName, int number)
    {
        var device = Device.ByName(deviceName);
        // A facility of this test alone: the demo clinic's accounts are used by other journeys.
        var name = $"停止テスト診療所{number}";
        await browser.Portal.AddFacilityAsync(FacilityCode.Format(FacilityRole.Viewing, number), name);
        await using var context = await browser.NewContextAsync(device);
        var page = await context.NewPageAsync();
        await page.SignInAsync("council");

        await page.GotoAsync("/council/facilities");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("施設台帳");
        await Assertions.Expect(page.Locator("tbody tr[data-code='D00001']")).ToContainTextAsync("八王子みなみ総合病院");
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"council-facilities-{device.Name}");

        await page.GetByLabel("キーワード").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".register__count")).ToHaveTextAsync("1件");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await Assertions.Expect(page.Locator("#facility-status")).ToHaveTextAsync("利用中");
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"council-facility-detail-{device.Name}");
        await page.Locator("#suspend-reason").FillAsync("利用料の未納（E2E）");
        await page.GetByRole(AriaRole.Button, new() { Name = "利用を停止する" }).ClickAsync();

        await Assertions.Expect(page.Locator("#facility-status")).ToHaveTextAsync("利用停止");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("利用を停止しました。");
        await Assertions.Expect(page.Locator(".facility-history tbody tr").First).ToContainTextAsync("利用料の未納（E2E）");
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"council-facility-suspended-{device.Name}");

        await page.GetByRole(AriaRole.Link, new() { Name = "施設台帳に戻る" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "利用停止" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tbody tr[data-code='{FacilityCode.Format(FacilityRole.Viewing, number)}']")).ToContainTextAsync("利用停止");
        await page.AssertNoHorizontalScrollAsync();

        await page.GotoAsync("/council/facilities/new");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("情報開示施設の追加");
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"council-facility-new-{device.Name}");
    }
}
