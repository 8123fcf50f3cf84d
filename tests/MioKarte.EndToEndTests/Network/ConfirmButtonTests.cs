using Microsoft.Playwright;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Network;

/// <summary>
/// The journey presses irreversible buttons through one helper that must work before and after
/// they became in-page confirmations (<c>details.confirm</c>): both shapes, on a page of its own.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConfirmButtonTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("""<form onsubmit="event.preventDefault(); document.body.dataset.done = '承認'"><button type="submit">承認</button></form>""")]
    [InlineData("""
        <form onsubmit="event.preventDefault(); document.body.dataset.done = '承認'">
          <details class="confirm"><summary>承認する</summary><p>承認すると取り消せません。</p><button type="submit">承認を確定する</button></details>
        </form>
        <form onsubmit="event.preventDefault(); document.body.dataset.done = '却下'">
          <details class="confirm"><summary>却下する</summary><button type="submit">却下を確定する</button></details>
        </form>
        """)]
    public async Task An_irreversible_button_is_pressed_whether_plain_or_behind_an_in_page_confirmation(string html)
    {
        await using var context = await browser.NewContextAsync(Device.Pc);
        var page = await context.NewPageAsync();
        await page.SetContentAsync($"<!doctype html><html lang=ja><body>{html}</body></html>");

        await NetworkSteps.ClickIrreversibleAsync(page, "承認");

        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-done", "承認");
    }
}
