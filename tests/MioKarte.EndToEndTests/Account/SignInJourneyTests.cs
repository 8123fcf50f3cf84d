using Microsoft.Playwright;
using MioKarte.Development;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Account;

[Collection(BrowserCollection.Name)]
public sealed class SignInJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("pc")]
    [InlineData("ipad-portrait")]
    public async Task A_demo_user_signs_in_from_the_home_page_sees_their_name_and_signs_out(string deviceName)
    {
        var device = Device.ByName(deviceName);
        await using var context = await browser.NewContextAsync(device);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await page.Locator(".hero__actions").GetByRole(AriaRole.Link, new() { Name = "ログイン" }).ClickAsync();
        await page.GetByLabel("利用者ID").FillAsync("staff");
        await page.GetByLabel("パスワード").FillAsync(DemoAccounts.Password);
        await page.SaveScreenshotAsync($"signin-{device.Name}");
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("確認コードの入力");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "確認コード" }).FillAsync(await PortalServer.At(page.Url).NextCodeAsync("staff", DemoAccounts.AuthenticatorKey));
        await page.SaveScreenshotAsync($"signin-code-{device.Name}");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認してログイン" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/patients$")); // staff land where their work is
        await Assertions.Expect(page.Locator(".site-nav")).ToHaveCountAsync(0); // no guide menu once signed in, one link instead
        await Assertions.Expect(page.Locator("#guide-link")).ToHaveTextAsync("ご利用案内");
        await page.Locator("a.brand").ClickAsync();
        await Assertions.Expect(page.Locator(".member-panel")).ToContainTextAsync("利用者（デモ） さん、ようこそ。");
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"signed-in-{device.Name}");

        await page.GetByRole(AriaRole.Button, new() { Name = "ログアウト" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("ログイン");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("ログアウトしました。");
    }

    [Fact]
    public async Task A_mistyped_password_is_answered_in_Japanese_and_the_user_id_is_kept()
    {
        await using var context = await browser.NewContextAsync(Device.IpadLandscape);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");

        await page.GetByLabel("利用者ID").FillAsync("council");
        await page.GetByLabel("パスワード").FillAsync("wrong-password");
        await page.GetByLabel("パスワード").PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("利用者IDまたはパスワードが正しくありません。");
        Assert.Equal("council", await page.GetByLabel("利用者ID").InputValueAsync());
        await page.SaveScreenshotAsync("signin-error-ipad-landscape");
    }

    [Fact]
    public async Task The_language_can_be_switched_to_English_and_back()
    {
        await using var context = await browser.NewContextAsync(Device.Pc);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");

        await page.GetByLabel("表示言語").SelectOptionAsync("en");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await page.SaveScreenshotAsync("signin-english-pc");

        await page.GetByLabel("Language").SelectOptionAsync("ja-JP");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("ログイン");
    }
}
