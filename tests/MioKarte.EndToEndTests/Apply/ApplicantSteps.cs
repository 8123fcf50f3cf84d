using Microsoft.Playwright;

namespace MioKarte.EndToEndTests.Apply;

/// <summary>The applicant's steps through the participation form, shared by the journeys that start with a new application.</summary>
public static class ApplicantSteps
{
    /// <summary>Step 1 (施設), with the given phone number so a journey can try a wrong one first.</summary>
    public static async Task FillFacilityStepAsync(IPage page, string facilityName, string phone)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.Locator("#FacilityName").FillAsync(facilityName);
        await page.GetByLabel("施設名（フリガナ）").FillAsync("はちおうじないかくりにっく");
        await page.GetByLabel("診療所", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("保険医療機関コード／薬局コード").FillAsync("０１１０１１３７１９");
        await page.GetByLabel("郵便番号").FillAsync("1930832");
        await page.GetByLabel("所在地").FillAsync("東京都八王子市散田町３－１０－１");
        await page.Locator("#Phone").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
    }

    /// <summary>Steps 2 to 4 (代表者・管理責任者, 利用内容, 同意事項), ending on the confirmation page.</summary>
    public static async Task FillRemainingStepsAsync(IPage page, string administratorEmail)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("開設者 氏名").FillAsync("八王子 一郎");
        await page.GetByLabel("開設者 役職").FillAsync("理事長");
        await page.GetByLabel("管理者 氏名").FillAsync("八王子 一郎");
        await page.GetByLabel("管理者 役職").FillAsync("院長");
        await page.Locator("#AdministratorName").FillAsync("八王子 花子");
        await page.GetByLabel("管理責任者 氏名（フリガナ）").FillAsync("ハチオウジ ハナコ");
        await page.GetByLabel("管理責任者 所属部署").FillAsync("医事課");
        await page.GetByLabel("管理責任者 電話番号").FillAsync("042-663-0112");
        await page.GetByLabel("管理責任者 メールアドレス").FillAsync(administratorEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        await page.GetByLabel("利用者数（予定）").FillAsync("4");
        await page.GetByLabel("パソコンの台数").FillAsync("2");
        await page.GetByLabel("iPadの台数").FillAsync("1");
        await page.GetByLabel("インターネット（SSL暗号化通信）").CheckAsync();
        await page.GetByLabel("利用開始希望日").FillAsync(DateTime.Today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        await page.GetByLabel("「ID-Link」サービス利用約款に同意します").CheckAsync();
        await page.GetByLabel("地域医療連携システムネットワーク運用管理規程に同意します").CheckAsync();
        await page.GetByLabel("個人情報保護方針に共同利用の旨を記載しました（または記載します）").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
    }
}
