using System.Globalization;
using Microsoft.Playwright;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Network;

/// <summary>A person's sign-in details as they know them: the 利用者ID, their password and their authenticator app's key.</summary>
public sealed record Account(string UserName, string Password, string AuthenticatorKey);

/// <summary>A terminal certificate as the 管理責任者 downloaded it: the PKCS#12 file and its one-time password.</summary>
public sealed record TerminalCertificate(string PfxPath, string Password);

/// <summary>
/// The steps of the network journey that every facility type takes the same way, each as a person
/// does it in the browser.
/// </summary>
public static class NetworkSteps
{
    /// <summary>
    /// The first sign-in of an account without an authenticator (the council's accounts made by
    /// add-council-staff): the password, then the authenticator app's enrolment. Returns the app's key.
    /// </summary>
    public static async Task<string> SignInAndEnrolAsync(IPage page, string userName, string password, string screenshot)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/account/login");
        await page.GetByLabel("利用者ID").FillAsync(userName);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("認証アプリの登録（二要素認証）");
        var key = await EnrolAuthenticatorAsync(page, screenshot);
        await page.GetByRole(AriaRole.Link, new() { Name = "控えました。利用を始める" }).ClickAsync();
        // Council staff land on the council's dashboard, where their work is.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/council$"));
        await Assertions.Expect(page.Locator(".signed-in-as")).ToBeVisibleAsync();
        return key;
    }

    /// <summary>
    /// Follows an activation link: the person's own password, then the authenticator app (key read
    /// from the page, code computed as the app would); ends on the recovery codes page.
    /// </summary>
    public static async Task<Account> ActivateAsync(IPage page, string link, string password, string screenshot)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(link);
        var userName = (await page.Locator("#activation-user-id").TextContentAsync())!.Trim();
        await page.SaveScreenshotAsync(screenshot + "-password");
        await page.GetByLabel("新しいパスワード", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("新しいパスワード（確認）").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを設定して次へ" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("認証アプリの登録（二要素認証）");
        var key = await EnrolAuthenticatorAsync(page, screenshot);
        return new Account(userName, password, key);
    }

    /// <summary>Signs in with the password and a code, on whatever terminal the page's context presents.</summary>
    public static Task SignInAsync(IPage page, Account account) =>
        page.SignInAsync((account ?? throw new ArgumentNullException(nameof(account))).UserName, account.Password, account.AuthenticatorKey);

    /// <summary>Presses the download button of a one-time certificate page and keeps the file with its password.</summary>
    public static async Task<TerminalCertificate> DownloadCertificateAsync(IPage page, string folder)
    {
        ArgumentNullException.ThrowIfNull(page);
        var password = (await page.Locator("#certificate-password").TextContentAsync())!.Trim();
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "電子証明書をダウンロード（.p12）" }).ClickAsync());
        Assert.EndsWith(".p12", download.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".p12");
        await download.SaveAsAsync(path);
        return new TerminalCertificate(path, password);
    }

    /// <summary>A date as the date inputs take it.</summary>
    public static string DateInput(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<string> EnrolAuthenticatorAsync(IPage page, string screenshot)
    {
        await Assertions.Expect(page.Locator("img.totp__qr")).ToBeVisibleAsync();
        var key = (await page.Locator("#authenticator-key").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        await page.SaveScreenshotAsync(screenshot + "-authenticator");
        await page.GetByLabel("認証アプリの確認コード（6桁）").FillAsync(Screens.CodeFor(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "確認して有効にする" }).ClickAsync();
        await Assertions.Expect(page.Locator(".recovery-codes li")).ToHaveCountAsync(10);
        await page.SaveScreenshotAsync(screenshot + "-recovery-codes");
        return key;
    }
}
