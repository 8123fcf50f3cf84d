using Deque.AxeCore.Playwright;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Public;

[Collection(BrowserCollection.Name)]
public sealed class HomePageTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("pc")]
    [InlineData("ipad-landscape")]
    [InlineData("ipad-portrait")]
    public async Task The_home_page_leads_a_visitor_to_apply_and_a_member_to_sign_in_on_every_screen(string deviceName)
    {
        var device = Device.ByName(deviceName);
        await using var context = await browser.NewContextAsync(device);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");

        Assert.Equal("ja", await page.GetAttributeAsync("html", "lang"));
        Assert.True(await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "参加を申し込む" }).IsVisibleAsync());
        Assert.True(await page.Locator(".hero__actions").GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "ログイン" }).IsVisibleAsync());
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"home-{device.Name}");
    }

    [Fact]
    public async Task The_home_page_has_no_serious_accessibility_violations()
    {
        // axe-core is injected as a script, which the portal's CSP rightly forbids: bypass it for this check only.
        await using var context = await browser.NewContextAsync(Device.Pc, bypassCsp: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        var result = await page.RunAxe();

        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    [Fact]
    public async Task The_page_works_with_the_content_security_policy_enforced()
    {
        await using var context = await browser.NewContextAsync(Device.Pc);
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };

        await page.GotoAsync("/");
        await page.GotoAsync("/account/login");

        Assert.Empty(violations);
    }
}
