using Microsoft.Playwright;
using MioKarte.Development;
using OtpNet;

namespace MioKarte.EndToEndTests.Infrastructure;

/// <summary>
/// Checks every screen must pass, screenshots kept under artifacts/screenshots (git-ignored), and
/// signing in as a person would.
/// </summary>
public static class Screens
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MioKarte.sln")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static async Task<string> SaveScreenshotAsync(this IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = Path.Combine(Folder.Value, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Nothing sticks out sideways: the page never needs a horizontal scroll.</summary>
    public static async Task AssertNoHorizontalScrollAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than the screen");
    }

    /// <summary>Every visible control is at least 44 px high, so it can be tapped on an iPad.</summary>
    public static async Task AssertTouchTargetsAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var small = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('a.button, button, select, input:not([type=hidden]), .site-nav a')]
              .filter(e => e.offsetParent !== null)
              .filter(e => e.getBoundingClientRect().height < 44)
              .map(e => (e.textContent || e.name || e.tagName).trim())
            """);
        Assert.True(small.Length == 0, "too small to tap: " + string.Join(", ", small));
    }

    /// <summary>
    /// Signs in through the sign-in page (a demo account unless told otherwise): the password, then
    /// a code of <paramref name="authenticatorKey"/> (the demo accounts' key by default) that the
    /// account has not used yet (each works once: <see cref="PortalServer.NextCodeAsync"/>), and waits for the header to name the user (the page is the
    /// user's landing: /council, /facility or /patients).
    /// </summary>
    public static async Task SignInAsync(
        this IPage page, string userName, string password = DemoAccounts.Password, string authenticatorKey = DemoAccounts.AuthenticatorKey)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/account/login");
        await page.GetByLabel("利用者ID").FillAsync(userName);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "確認コード" }).FillAsync(await PortalServer.At(page.Url).NextCodeAsync(userName, authenticatorKey));
        await page.GetByRole(AriaRole.Button, new() { Name = "確認してログイン" }).ClickAsync();
        await Assertions.Expect(page.Locator(".signed-in-as")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Clicks an irreversible action's button and confirms it, as a person would: opens the
    /// <c>details.confirm</c> whose summary shows <paramref name="label"/> (the original button's
    /// label, e.g. 承認, 失効させる, 登録完了; a trailing する/させる/にする may be left on or off), then
    /// clicks its 「…を確定する」 button.
    /// </summary>
    public static async Task ConfirmAsync(IPage page, string label)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(label);
        var stem = System.Text.RegularExpressions.Regex.Replace(label, "(にする|させる|する)$", "");
        var confirm = page.Locator("details.confirm").Filter(new() { Has = page.Locator("summary", new() { HasTextString = stem }) }).First;
        await confirm.Locator("summary").ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("を確定する$") }).ClickAsync();
    }

    /// <summary>
    /// 患者IDの登録's form filled from a 患者情報送信票, with a consent given yesterday and a minimal
    /// PDF as the 同意書 scan; the caller presses 「照合して登録する」.
    /// </summary>
    public static async Task FillPatientLinkFormAsync(
        IPage page, string hospitalOption, string patientId, string nameKanji, string nameKana, string sex, string birthDate, string localPatientId)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("紹介元医療機関（情報開示施設）").SelectOptionAsync(new SelectOptionValue { Label = hospitalOption });
        await page.GetByLabel("紹介元の患者ID").FillAsync(patientId);
        await page.GetByLabel("氏名（漢字）").FillAsync(nameKanji);
        await page.GetByLabel("氏名（フリガナ）").FillAsync(nameKana);
        await page.GetByLabel(sex, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("生年月日").FillAsync(birthDate);
        await page.GetByLabel("自院の患者ID").FillAsync(localPatientId);
        await page.GetByLabel("同意日").FillAsync(DateTime.Today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("同意取得者").FillAsync("紹介元 看護師");
        await page.GetByLabel("同意書の画像").SetInputFilesAsync(new FilePayload
        {
            Name = "consent.pdf",
            MimeType = "application/pdf",
            Buffer = MioKarte.Tests.Shared.ScanSamples.Pdf(),
        });
    }

    /// <summary>
    /// The code an authenticator app shows now for <paramref name="key"/> (the portal checks it against the real
    /// clock): for enrolling a new key. Signing in takes an unused step: <see cref="PortalServer.NextCodeAsync"/>.
    /// </summary>
    public static string CodeFor(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow);
}
