using Microsoft.Playwright;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Notices;

[Collection(BrowserCollection.Name)]
public sealed class NoticesAndOpinionsJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("pc")]
    [InlineData("ipad-portrait")]
    public async Task The_council_posts_a_notice_a_staff_user_reads_it_after_sign_in_and_sends_an_opinion(string deviceName)
    {
        var device = Device.ByName(deviceName);
        var title = $"【重要】年末年始のシステム停止（{device.Name}）";

        // The council posts an important notice for the facilities' members.
        await using (var councilContext = await browser.NewContextAsync(device))
        {
            var council = await councilContext.NewPageAsync();
            await council.SignInAsync("council");
            await council.GotoAsync("/council/notices/new");
            await council.GetByLabel("件名").FillAsync(title);
            await council.GetByLabel("本文").FillAsync("12月29日 22:00 から 12月30日 6:00 まで停止します。\nご不便をおかけします。");
            await council.GetByLabel("参加施設の方（管理責任者・利用者）").CheckAsync();
            await council.GetByLabel("重要", new() { Exact = true }).CheckAsync();
            await council.AssertNoHorizontalScrollAsync();
            await council.AssertTouchTargetsAsync();
            await council.SaveScreenshotAsync($"council-notice-form-{device.Name}");
            await council.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();

            await Assertions.Expect(council.GetByRole(AriaRole.Status)).ToContainTextAsync("お知らせを登録しました。");
            await Assertions.Expect(council.Locator("tbody tr", new() { HasText = title })).ToContainTextAsync("掲載中");
            await council.AssertNoHorizontalScrollAsync();
            await council.SaveScreenshotAsync($"council-notices-{device.Name}");
        }

        // A staff user signs in and finds it on the home page, important ones first.
        await using var staffContext = await browser.NewContextAsync(device);
        var staff = await staffContext.NewPageAsync();
        await staff.SignInAsync("staff");
        await staff.Locator("a.brand").ClickAsync(); // staff land on 患者; the brand leads home
        var board = staff.Locator(".home-notices");
        await Assertions.Expect(board.Locator(".notice-list__item").First).ToContainTextAsync("重要");
        await Assertions.Expect(board).ToContainTextAsync(title);
        await staff.AssertNoHorizontalScrollAsync();
        await staff.SaveScreenshotAsync($"home-notices-{device.Name}");
        await board.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Assertions.Expect(staff.Locator("h1")).ToHaveTextAsync(title);
        await Assertions.Expect(staff.Locator(".plain-text")).ToContainTextAsync("ご不便をおかけします。");
        await staff.AssertNoHorizontalScrollAsync();
        await staff.SaveScreenshotAsync($"notice-detail-{device.Name}");

        // ... and sends an opinion from the header's link.
        await staff.Locator(".site-header").GetByRole(AriaRole.Link, new() { Name = "ご意見・ご要望" }).ClickAsync();
        await staff.GetByRole(AriaRole.Link, new() { Name = "ご意見・ご要望を送る" }).ClickAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "送信する" }).ClickAsync();
        await Assertions.Expect(staff.Locator("#Category-error")).ToHaveTextAsync("種別を選んでください。");
        await staff.AssertNoHorizontalScrollAsync();
        await staff.SaveScreenshotAsync($"opinion-form-error-{device.Name}");
        await staff.GetByLabel("ご要望", new() { Exact = true }).CheckAsync();
        await staff.GetByLabel("件名").FillAsync($"停止時間の短縮（{device.Name}）");
        await staff.GetByLabel("内容").FillAsync("夜間の停止は 2 時間以内にしていただけると助かります。");
        await staff.AssertTouchTargetsAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "送信する" }).ClickAsync();

        await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("ご意見・ご要望を受け付けました。");
        await Assertions.Expect(staff.Locator(".board-status")).ToHaveTextAsync("受付");
        await staff.AssertNoHorizontalScrollAsync();
        await staff.SaveScreenshotAsync($"opinion-sent-{device.Name}");

        // The council answers it from its queue; the sender reads the answer on the portal.
        await using (var councilContext = await browser.NewContextAsync(device))
        {
            var council = await councilContext.NewPageAsync();
            await council.SignInAsync("council");
            await council.GotoAsync("/council/opinions");
            await council.AssertNoHorizontalScrollAsync();
            await council.SaveScreenshotAsync($"council-opinions-{device.Name}");
            await council.GetByRole(AriaRole.Link, new() { Name = $"停止時間の短縮（{device.Name}）" }).ClickAsync();
            await council.Locator("#answer").FillAsync("次回から停止時間を 2 時間以内にします。\nご意見ありがとうございました。");
            await council.GetByRole(AriaRole.Button, new() { Name = "回答する" }).ClickAsync();
            await Assertions.Expect(council.GetByRole(AriaRole.Status)).ToContainTextAsync("回答を登録しました。");
            await council.AssertNoHorizontalScrollAsync();
            await council.AssertTouchTargetsAsync();
            await council.SaveScreenshotAsync($"council-opinion-answered-{device.Name}");
        }

        await staff.ReloadAsync();
        await Assertions.Expect(staff.Locator("#answer")).ToContainTextAsync("ご意見ありがとうございました。");
        await Assertions.Expect(staff.Locator(".board-status")).ToHaveTextAsync("回答済");
        await staff.AssertNoHorizontalScrollAsync();
        await staff.SaveScreenshotAsync($"opinion-answered-{device.Name}");
    }
}
