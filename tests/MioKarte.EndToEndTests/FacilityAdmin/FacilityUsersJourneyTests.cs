using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Development;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.FacilityAdmin;

[Collection(BrowserCollection.Name)]
public sealed class FacilityUsersJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task On_an_iPad_the_administrator_adds_a_nurse_who_is_mailed_her_link()
    {
        var device = Device.IpadPortrait;
        // A facility and administrator of this journey alone: the demo clinic's accounts are used by other journeys.
        var facility = await browser.Portal.AddFacilityAsync(FacilityCode.Format(FacilityRole.Viewing, 9101), "利用者登録テスト診療所");
        var administrator = await AddAdministratorAsync(facility);
        await using var context = await browser.NewContextAsync(device);
        var page = await context.NewPageAsync();
        await page.SignInAsync(administrator);

        await page.GetByRole(AriaRole.Link, new() { Name = "施設の管理" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("施設の管理");
        await page.Locator(".fa-console a[href='/facility/users']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("利用者の管理");
        await page.GetByRole(AriaRole.Link, new() { Name = "利用者を登録" }).ClickAsync();

        await page.GetByLabel("氏名").FillAsync("看護　花子");
        await page.GetByLabel("フリガナ").FillAsync("かんご　はなこ");
        await page.GetByLabel("メールアドレス").FillAsync("kango.e2e@example.jp");
        await page.GetByLabel("職種").SelectOptionAsync(new SelectOptionValue { Label = "看護師" });
        await Assertions.Expect(page.GetByLabel("診療情報の閲覧")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("利用者の管理")).Not.ToBeCheckedAsync();
        await page.GetByLabel("利用終了日").FillAsync("2027-03-31");
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"facility-user-new-{device.Name}");
        await page.GetByRole(AriaRole.Button, new() { Name = "登録してリンクを送信" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("利用者を登録し、パスワード設定用のリンクをメールで送信しました。");
        await Assertions.Expect(page.Locator("#user-name")).ToHaveTextAsync(facility.Code + "-02");
        await Assertions.Expect(page.Locator("#user-state")).ToHaveTextAsync("有効化待ち");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("カンゴ　ハナコ");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("看護師");
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"facility-user-added-{device.Name}");

        await page.GetByRole(AriaRole.Link, new() { Name = "利用者の一覧へ戻る" }).ClickAsync();
        await Assertions.Expect(page.Locator("#user-list tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#user-list tbody tr").Nth(1)).ToContainTextAsync("看護　花子");
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"facility-users-{device.Name}");
        Assert.True(await MailQueuedAsync("kango.e2e@example.jp"));
    }

    private async Task<string> AddAdministratorAsync(Facility facility)
    {
        await using var scope = browser.Portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser
        {
            UserName = PortalUserName.Administrator(facility.Code),
            DisplayName = "登録　管理者",
            DisplayNameKana = "トウロク　カンリシャ",
            Email = "kanri.e2e@example.jp",
            FacilityId = facility.Id,
            Job = StaffJob.MedicalClerk,
            Rights = UserRights.ViewClinicalData | UserRights.RegisterPatientLinks | UserRights.ManageUsers,
        };
        Assert.True((await users.CreateAsync(user, DemoAccounts.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, PortalRoles.FacilityAdministrator)).Succeeded);
        // Enrolled with the demo authenticator key, so Screens.SignInAsync can type its code.
        var store = (IUserAuthenticatorKeyStore<PortalUser>)scope.ServiceProvider.GetRequiredService<IUserStore<PortalUser>>();
        await store.SetAuthenticatorKeyAsync(user, DemoAccounts.AuthenticatorKey, CancellationToken.None);
        Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        return user.UserName;
    }

    private async Task<bool> MailQueuedAsync(string address)
    {
        await using var scope = browser.Portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        return await db.OutboxMessages.AnyAsync(m => m.ToAddress == address && m.Kind == "AccountActivationInvitation");
    }
}
