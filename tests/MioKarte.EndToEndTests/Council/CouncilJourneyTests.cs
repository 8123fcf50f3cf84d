using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Council;

/// <summary>A council member's morning: the dashboard, the queue, one application received and approved.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CouncilJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("pc")]
    [InlineData("ipad-portrait")]
    public async Task Council_staff_see_todays_work_find_an_application_receive_its_documents_and_approve_it(string deviceName)
    {
        var device = Device.ByName(deviceName);
        var facility = $"審査体験クリニック{device.Name.Length}";
        var receipt = (await browser.Portal.SubmitApplicationAsync(facility, "shinsa@example.jp")).ReceiptNumber;
        var errors = new List<string>();
        await using var context = await browser.NewContextAsync(device);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.SignInAsync("council");
        await page.Locator(".site-header").GetByRole(AriaRole.Link, new() { Name = "連絡協議会", Exact = true }).ClickAsync();

        // The dashboard: what needs doing today, the demo data's overdue application highlighted.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("本日の業務");
        await Assertions.Expect(page.Locator(".council-lead")).ToContainTextAsync("対応が必要な申込が");
        await Assertions.Expect(page.Locator("#work-awaitingdocuments .work-item--overdue").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#work-awaitingdocuments")).ToContainTextAsync(facility);
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"council-dashboard-{device.Name}");

        // The queue, filtered by status and a kana typed in hiragana.
        await page.Locator(".council-nav").GetByRole(AriaRole.Link, new() { Name = "申込一覧" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("申込一覧");
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"council-queue-{device.Name}");
        await page.GetByLabel("キーワード").FillAsync(facility);
        await page.GetByLabel("状況").SelectOptionAsync(new SelectOptionValue { Label = "書類到着待ち" });
        await page.GetByRole(AriaRole.Button, new() { Name = "この条件で表示" }).ClickAsync();
        await Assertions.Expect(page.Locator("#queue-count")).ToContainTextAsync("1 件中 1〜1 件目");
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"council-queue-filtered-{device.Name}");

        // The application: every field, the forms, the history; documents received, then approved.
        await page.GetByRole(AriaRole.Link, new() { Name = receipt }).ClickAsync();
        await Assertions.Expect(page.Locator("#current-status")).ToHaveTextAsync("書類到着待ち");
        await Assertions.Expect(page.Locator(".form-downloads a")).ToHaveCountAsync(2);
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"council-detail-{device.Name}");
        await page.GetByRole(AriaRole.Button, new() { Name = "書類受領" }).ClickAsync();
        await Assertions.Expect(page.Locator("#decision-done")).ToContainTextAsync("書類を受領しました");
        await Assertions.Expect(page.Locator("#current-status")).ToHaveTextAsync("審査中");
        await Screens.ConfirmAsync(page, "承認");
        await Assertions.Expect(page.Locator("#current-status")).ToHaveTextAsync("承認");
        await Assertions.Expect(page.Locator(".history__entry").Last).ToContainTextAsync("連絡協議会 事務局（デモ）");

        // The four-eyes rule: the approver cannot also register.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "登録完了" })).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#four-eyes-note")).ToContainTextAsync("別の職員が行います");
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"council-approved-{device.Name}");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_council_pages_have_no_serious_accessibility_violations()
    {
        // axe-core is injected as a script, which the portal's CSP rightly forbids: bypass it for this check only.
        await using var context = await browser.NewContextAsync(Device.Pc, bypassCsp: true);
        var page = await context.NewPageAsync();
        await page.SignInAsync("council2");
        var serious = new List<string>();

        foreach (var path in new[] { "/council", "/council/applications", "/council/applications?status=Bogus" })
        {
            await page.GotoAsync(path);
            var result = await page.RunAxe();
            serious.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{path} {v.Id}: {v.Help}"));
        }

        await page.Locator(".queue-link").First.ClickAsync();
        await page.WaitForURLAsync("**/council/applications/*");
        var detail = await page.RunAxe();
        serious.AddRange(detail.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"detail {v.Id}: {v.Help}"));

        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }
}
