using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MioKarte.Core.Data;
using MioKarte.EndToEndTests.Apply;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Council;

/// <summary>
/// An application submitted through the public form is received and approved by one council
/// member and registered by a second (four-eyes), the new 管理責任者 activates
/// the account from the mailed link (password, authenticator app, first certificate from the network CA), signs out,
/// and signs in for the first time with the password and an authenticator code.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RegistrationJourneyTests(BrowserFixture browser)
{
    private const string Password = "Kanri-Sekinin-2026!";

    [Theory]
    [InlineData("pc")]
    [InlineData("ipad-portrait")]
    public async Task An_application_from_the_public_form_is_approved_registered_activated_and_its_administrator_signs_in_for_the_first_time(string deviceName)
    {
        var device = Device.ByName(deviceName);
        var email = $"kanri-{device.Name}@example.jp";
        var id = await AppliedAndApprovedInTheBrowserAsync(device, $"八王子さくらクリニック{device.Name.Length}", email);

        // 登録完了 by the demo council account; the application was approved by council2.
        await using (var councilContext = await browser.NewContextAsync(device))
        {
            var council = await councilContext.NewPageAsync();
            await council.SignInAsync("council");
            await council.GotoAsync($"/council/applications/{id}");
            await Assertions.Expect(council.Locator("#current-status")).ToHaveTextAsync("承認");
            await council.SaveScreenshotAsync($"registration-detail-{device.Name}");
            await Screens.ConfirmAsync(council, "登録完了");
            await Assertions.Expect(council.Locator(".council-message")).ToContainTextAsync("登録しました。施設コード V");
            await Assertions.Expect(council.Locator("#current-status")).ToHaveTextAsync("登録完了");
            await council.AssertNoHorizontalScrollAsync();
            await Assertions.Expect(council.Locator(".activation-state")).ToHaveTextAsync("有効化待ち（リンク有効）");
            await council.AssertTouchTargetsAsync();
            await council.SaveScreenshotAsync($"registration-done-{device.Name}");
        }

        var link = await ActivationLinkAsync(email);
        Assert.StartsWith(browser.Portal.BaseUrl + "/account/activate/", link, StringComparison.Ordinal);

        await using var context = await browser.NewContextAsync(device);
        var page = await context.NewPageAsync();

        // 1. Password.
        await page.GotoAsync(link);
        var userName = (await page.Locator("#activation-user-id").TextContentAsync())!;
        Assert.Matches(@"^V\d{5}-01$", userName);
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"activation-password-{device.Name}");
        await page.GetByLabel("新しいパスワード", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("新しいパスワード（確認）").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを設定して次へ" }).ClickAsync();

        // 2. Authenticator: the key as text (and as a QR code), then a code computed from it.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("認証アプリの登録（二要素認証）");
        await Assertions.Expect(page.Locator("img.totp__qr")).ToBeVisibleAsync();
        Assert.True(await page.Locator("img.totp__qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the QR code is shown");
        var key = (await page.Locator("#authenticator-key").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"activation-authenticator-{device.Name}");
        await page.GetByLabel("認証アプリの確認コード（6桁）").FillAsync(Screens.CodeFor(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "確認して有効にする" }).ClickAsync();

        await Assertions.Expect(page.Locator(".recovery-codes li")).ToHaveCountAsync(10);
        await page.SaveScreenshotAsync($"activation-recovery-codes-{device.Name}");
        await page.GetByRole(AriaRole.Link, new() { Name = "控えました。電子証明書の取得へ進む" }).ClickAsync();

        // 3. The first terminal certificate from the network CA: the password shown once, the PKCS#12 download.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("最初の端末の電子証明書");
        await page.SaveScreenshotAsync($"activation-certificate-{device.Name}");
        await page.GetByLabel("端末の名前").FillAsync(device.Touch ? "iPad-1" : "受付PC-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "電子証明書を発行する" }).ClickAsync();
        var oneTimePassword = (await page.Locator("#certificate-password").TextContentAsync())!;
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"activation-certificate-issued-{device.Name}");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "電子証明書をダウンロード（.p12）" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"miokarte-e2e-{Guid.NewGuid():N}.p12");
        await download.SaveAsAsync(file);
        try
        {
            Assert.EndsWith(".p12", download.SuggestedFilename, StringComparison.Ordinal);
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(file, oneTimePassword);
            Assert.True(certificate.HasPrivateKey);
            Assert.Contains(userName[..6], certificate.Subject, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "MIO Karte の利用を始める" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/facility$")); // the 管理責任者 lands on the facility console
        await Assertions.Expect(page.Locator(".signed-in-as")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "ログアウト" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("ログアウトしました。");

        // The first ordinary sign-in: password, then the authenticator code.
        await page.GetByLabel("利用者ID").FillAsync(userName);
        await page.GetByLabel("パスワード").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("確認コードの入力");
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"signin-two-factor-{device.Name}");
        await page.GetByLabel("確認コード（6桁）またはリカバリーコード").FillAsync(await PortalServer.At(page.Url).NextCodeAsync(userName, key));
        await page.GetByRole(AriaRole.Button, new() { Name = "確認してログイン" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/facility$"));
        await Assertions.Expect(page.Locator(".signed-in-as")).ToContainTextAsync("八王子　花子");
        await page.AssertNoHorizontalScrollAsync();
    }

    [Fact]
    public async Task A_link_opened_a_second_time_shows_one_clear_Japanese_page()
    {
        var email = "nidome@example.jp";
        var id = (await browser.Portal.SubmitApplicationAsync("二度目のリンク薬局", email, approvedBy: "council.approver")).Id;
        await using var councilContext = await browser.NewContextAsync(Device.Pc);
        var council = await councilContext.NewPageAsync();
        await council.SignInAsync("council");
        await council.GotoAsync($"/council/applications/{id}/register");
        await Assertions.Expect(council.Locator("h1")).ToHaveTextAsync("施設の登録（登録完了）");
        await council.SaveScreenshotAsync("registration-confirm-pc");
        await Screens.ConfirmAsync(council, "登録完了");
        await Assertions.Expect(council.Locator(".council-message")).ToContainTextAsync("登録しました。");
        var link = await ActivationLinkAsync(email);

        await using var context = await browser.NewContextAsync(Device.IpadLandscape);
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await page.GetByLabel("新しいパスワード", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("新しいパスワード（確認）").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを設定して次へ" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("認証アプリの登録（二要素認証）");
        var response = await page.GotoAsync(link);

        Assert.Equal(410, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("このリンクは使用できません");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("このリンクはすでに使用されています");
        await page.SaveScreenshotAsync("activation-link-used-ipad-landscape");
    }

    /// <summary>
    /// The applicant submits the form; council2 receives the sealed originals and approves, all in
    /// the browser. Returns the application's id.
    /// </summary>
    private async Task<Guid> AppliedAndApprovedInTheBrowserAsync(Device device, string facilityName, string email)
    {
        await using (var applicantContext = await browser.NewContextAsync(device))
        {
            var applicant = await applicantContext.NewPageAsync();
            await applicant.GotoAsync("/apply");
            await ApplicantSteps.FillFacilityStepAsync(applicant, facilityName, "042-663-0111");
            await ApplicantSteps.FillRemainingStepsAsync(applicant, email);
            await applicant.GetByRole(AriaRole.Button, new() { Name = "この内容で申し込む" }).ClickAsync();
            await Assertions.Expect(applicant.Locator(".status-badge")).ToHaveTextAsync("書類到着待ち");
        }

        Guid id;
        await using (var scope = browser.Portal.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().ParticipationApplications
                .Where(a => a.Data.FacilityName == facilityName).Select(a => a.Id).SingleAsync();
        }

        await using var councilContext = await browser.NewContextAsync(device);
        var council = await councilContext.NewPageAsync();
        await council.SignInAsync("council2");
        await council.GotoAsync($"/council/applications/{id}");
        await council.GetByRole(AriaRole.Button, new() { Name = "書類受領" }).ClickAsync();
        await Assertions.Expect(council.Locator("#current-status")).ToHaveTextAsync("審査中");
        await Screens.ConfirmAsync(council, "承認");
        await Assertions.Expect(council.Locator("#current-status")).ToHaveTextAsync("承認");
        return id;
    }

    /// <summary>The link of the activation mail, read from the outbox as the administrator reads it from the mail.</summary>
    private async Task<string> ActivationLinkAsync(string email)
    {
        await using var scope = browser.Portal.Services.CreateAsyncScope();
        var body = await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().OutboxMessages
            .Where(m => m.ToAddress == email && m.Kind == "AccountActivation").Select(m => m.TextBody).SingleAsync();
        return Link().Match(body).Value;
    }

    [GeneratedRegex(@"https://\S+/account/activate/[A-Za-z0-9_\-]+")]
    private static partial Regex Link();
}
