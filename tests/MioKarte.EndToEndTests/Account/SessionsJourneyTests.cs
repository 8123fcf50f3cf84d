using Microsoft.Playwright;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Account;

/// <summary>ログイン中の端末: a sign-in left open on an iPad is ended from the PC, and the iPad is back at the sign-in page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionsJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_sign_in_left_open_on_an_iPad_is_ended_from_the_PC()
    {
        await using var ipadContext = await browser.NewContextAsync(Device.ByName("ipad-portrait"));
        await using var pcContext = await browser.NewContextAsync(Device.ByName("pc"));
        var ipad = await ipadContext.NewPageAsync();
        var pc = await pcContext.NewPageAsync();
        // sysadmin: no other journey signs in with it, so these are its only sessions.
        await ipad.SignInAsync("sysadmin");
        await pc.SignInAsync("sysadmin");

        await pc.GotoAsync("/account/sessions");
        var others = pc.Locator("#sessions li:not(.session--current)");
        await Assertions.Expect(pc.Locator("#sessions li.session--current")).ToContainTextAsync("この端末");
        await Assertions.Expect(others).ToHaveCountAsync(1);
        await pc.AssertNoHorizontalScrollAsync();
        await pc.SaveScreenshotAsync("sessions-pc");
        await others.GetByRole(AriaRole.Button, new() { Name = "このログインを終了する" }).ClickAsync();

        await Assertions.Expect(pc.GetByRole(AriaRole.Status)).ToContainTextAsync("ログインを終了しました");
        await ipad.GotoAsync("/account");
        await Assertions.Expect(ipad.Locator("h1")).ToHaveTextAsync("ログイン");
        await pc.GotoAsync("/account");
        await Assertions.Expect(pc.Locator("h1")).ToHaveTextAsync("マイページ");
    }
}
