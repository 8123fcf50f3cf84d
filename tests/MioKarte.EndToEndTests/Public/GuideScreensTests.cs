using Deque.AxeCore.Playwright;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Public;

/// <summary>The guide pages in a real browser: they fit a PC and an iPad either way round, keep to the CSP and pass axe.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GuideScreensTests(BrowserFixture browser)
{
    private static readonly string[] Paths =
    [
        "/guide", "/guide/about", "/guide/purpose", "/guide/how-it-is-used", "/guide/what-you-can-see", "/guide/system",
        "/guide/how-to-join", "/guide/contact", "/guide/rules", "/guide/operation", "/guide/council", "/guide/faq",
    ];

    [Theory]
    [InlineData("pc")]
    [InlineData("ipad-landscape")]
    [InlineData("ipad-portrait")]
    public async Task Every_guide_page_fits_the_screen_and_its_diagrams_scale_down(string deviceName)
    {
        var device = Device.ByName(deviceName);
        await using var context = await browser.NewContextAsync(device);
        var page = await context.NewPageAsync();

        foreach (var path in Paths)
        {
            await page.GotoAsync(path);

            await page.AssertNoHorizontalScrollAsync();
            await page.AssertTouchTargetsAsync();
            var small = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('.guide-pager a, .guide-toc a, .guide-breadcrumb a, .faq summary, .contact-card a')]
                  .filter(e => e.offsetParent !== null)
                  .filter(e => e.getBoundingClientRect().height < 44)
                  .map(e => e.textContent.trim())
                """);
            Assert.True(small.Length == 0, $"{path}: too small to tap: " + string.Join(", ", small));
            var overflowing = await page.EvaluateAsync<int>("""
                () => [...document.querySelectorAll('figure.diagram svg')]
                  .filter(svg => svg.getBoundingClientRect().width > svg.parentElement.getBoundingClientRect().width + 1).length
                """);
            Assert.True(overflowing == 0, $"{path}: a diagram is wider than its frame");
        }

        await page.GotoAsync("/guide/operation");
        await page.SaveScreenshotAsync($"guide-operation-{device.Name}");
    }

    [Fact]
    public async Task The_guide_pages_have_no_serious_accessibility_violations()
    {
        // axe-core is injected as a script, which the portal's CSP rightly forbids: bypass it for this check only.
        await using var context = await browser.NewContextAsync(Device.Pc, bypassCsp: true);
        var page = await context.NewPageAsync();
        var serious = new List<string>();

        foreach (var path in Paths)
        {
            await page.GotoAsync(path);
            var result = await page.RunAxe();
            serious.AddRange(result.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{path} {v.Id}: {v.Help}"));
        }

        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }

    [Fact]
    public async Task The_guide_pages_work_with_the_content_security_policy_enforced()
    {
        await using var context = await browser.NewContextAsync(Device.IpadPortrait);
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };

        foreach (var path in Paths)
        {
            await page.GotoAsync(path);
        }

        Assert.Empty(violations);
    }
}
