using Microsoft.Playwright;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Account;

/// <summary>
/// Passkeys on an iPad-sized Chromium with a virtual platform authenticator (CDP WebAuthn domain):
/// a doctor registers a passkey in マイページ, uses it as the second factor after the password and —
/// once the 管理責任者 allows it — alone; after the 管理責任者 removes the doctor's passkeys (a lost
/// iPad), the same authenticator no longer signs anyone in.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_doctor_signs_in_with_a_passkey_on_an_iPad_until_the_administrator_removes_it()
    {
        var origin = browser.Portal.LocalhostUrl;
        await using var ipadContext = await browser.Browser.NewContextAsync(BrowserFixture.ContextOptions(origin, Device.IpadLandscape));
        await using var adminContext = await browser.Browser.NewContextAsync(BrowserFixture.ContextOptions(origin, Device.ByName("pc")));
        var ipad = await ipadContext.NewPageAsync();
        var admin = await adminContext.NewPageAsync();
        await AddPlatformAuthenticatorAsync(ipadContext, ipad);

        await ipad.SignInAsync("doctor");
        await ipad.GotoAsync("/account/security");
        await ipad.GetByRole(AriaRole.Link, new() { Name = "パスキーを管理する" }).ClickAsync();
        await Assertions.Expect(ipad.Locator("h1")).ToHaveTextAsync("パスキー");
        await ipad.GetByLabel("端末の名前").FillAsync("診察室のiPad");
        await ipad.GetByRole(AriaRole.Button, new() { Name = "パスキーを登録する" }).ClickAsync();
        await Assertions.Expect(ipad.Locator("#passkeys-done")).ToHaveTextAsync("パスキーを登録しました。");
        await Assertions.Expect(ipad.Locator("#passkeys li")).ToHaveCountAsync(1);
        await Assertions.Expect(ipad.Locator("#passkeys li")).ToContainTextAsync("診察室のiPad");
        await ipad.AssertNoHorizontalScrollAsync();
        await ipad.AssertTouchTargetsAsync();
        await ipad.SaveScreenshotAsync("passkeys-registered-ipad");

        // The passkey as the second factor: password, then the passkey instead of the code.
        await SignOutAsync(ipad);
        await ipad.GetByLabel("利用者ID").FillAsync("doctor");
        await ipad.GetByLabel("パスワード").FillAsync(MioKarte.Development.DemoAccounts.Password);
        await ipad.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await ipad.SaveScreenshotAsync("passkeys-second-factor-ipad");
        await ipad.GetByRole(AriaRole.Button, new() { Name = "パスキーで確認してログイン" }).ClickAsync();
        await Assertions.Expect(ipad.Locator(".signed-in-as")).ToBeVisibleAsync();

        // Without a password only where the facility allows it: off by default.
        await SignOutAsync(ipad);
        await Assertions.Expect(ipad.GetByRole(AriaRole.Button, new() { Name = "パスキーでログイン" })).ToHaveCountAsync(0);
        await admin.SignInAsync("facadmin");
        await admin.GotoAsync("/facility/passkey-sign-in");
        await admin.GetByRole(AriaRole.Button, new() { Name = "パスキーだけでのログインを許可する" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#passkey-sign-in-state")).ToHaveTextAsync("現在：許可しています");
        try
        {
            await ipad.GotoAsync("/account/login");
            await ipad.SaveScreenshotAsync("passkeys-sign-in-ipad");
            await ipad.GetByRole(AriaRole.Button, new() { Name = "パスキーでログイン" }).ClickAsync();
            await Assertions.Expect(ipad.Locator(".signed-in-as")).ToBeVisibleAsync();
            await ipad.SaveScreenshotAsync("passkeys-signed-in-ipad");

            // The iPad is lost: the 管理責任者 removes the doctor's passkeys, which also ends the doctor's sessions.
            await admin.GotoAsync("/facility/users");
            await admin.GetByRole(AriaRole.Link, new() { Name = "doctor", Exact = true }).ClickAsync();
            await Assertions.Expect(admin.Locator("#user-passkeys")).ToHaveTextAsync("1件");
            await admin.GetByRole(AriaRole.Button, new() { Name = "パスキーをすべて削除する" }).ClickAsync();
            await Assertions.Expect(admin.Locator("#done-message")).ToContainTextAsync("パスキーをすべて削除し");
            await Assertions.Expect(admin.Locator("#user-history")).ToContainTextAsync("パスキーの削除（管理責任者）");
            await admin.SaveScreenshotAsync("passkeys-removed-by-administrator-pc");

            await ipad.GotoAsync("/account");
            await Assertions.Expect(ipad.Locator("h1")).ToHaveTextAsync("ログイン");
            await ipad.GetByRole(AriaRole.Button, new() { Name = "パスキーでログイン" }).ClickAsync();
            await Assertions.Expect(ipad.GetByRole(AriaRole.Alert).First).ToContainTextAsync("パスキーでログインできませんでした");
            await Assertions.Expect(ipad.Locator(".signed-in-as")).ToHaveCountAsync(0);
            await ipad.SaveScreenshotAsync("passkeys-removed-sign-in-refused-ipad");
        }
        finally
        {
            // The demo clinic is shared with other journeys: back to the default.
            await admin.GotoAsync("/facility/passkey-sign-in");
            await admin.GetByRole(AriaRole.Button, new() { Name = "許可をやめる（パスワードを必須にする）" }).ClickAsync();
        }
    }

    [Fact]
    public async Task A_cancelled_ceremony_says_so_in_Japanese_and_registers_nothing()
    {
        var origin = browser.Portal.LocalhostUrl;
        await using var context = await browser.Browser.NewContextAsync(BrowserFixture.ContextOptions(origin, Device.IpadPortrait));
        var page = await context.NewPageAsync();
        // An authenticator whose user does not confirm: the browser answers NotAllowedError, as when the person cancels.
        await AddPlatformAuthenticatorAsync(context, page, userVerified: false);
        await page.SignInAsync("staff");
        await page.GotoAsync("/account/security/passkeys");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスキーを登録する" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-passkey-status]")).ToHaveTextAsync("パスキーの操作が取り消されたか、時間切れになりました。もう一度ボタンを押してください。");
        await Assertions.Expect(page.Locator("#passkeys-none")).ToBeVisibleAsync();
        await page.SaveScreenshotAsync("passkeys-cancelled-ipad-portrait");
    }

    /// <summary>A platform authenticator (like an iPad's Face ID) for this context's pages, through Chromium's DevTools protocol.</summary>
    private static async Task AddPlatformAuthenticatorAsync(IBrowserContext context, IPage page, bool userVerified = true)
    {
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = userVerified,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "ログアウト" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("ログイン");
    }
}
