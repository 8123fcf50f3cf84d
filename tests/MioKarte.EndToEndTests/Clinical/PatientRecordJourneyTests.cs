using Microsoft.Playwright;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Clinical;

[Collection(RecordBrowserCollection.Name)]
public sealed class PatientRecordJourneyTests(RecordBrowserFixture browser)
{
    [Theory]
    [InlineData("pc", "E2E-PC")]
    [InlineData("ipad-landscape", "E2E-IPL")]
    [InlineData("ipad-portrait", "E2E-IPP")]
    public async Task Staff_open_a_linked_patient_zoom_the_table_read_a_lab_trend_view_an_image_and_print_the_summary(string deviceName, string localId)
    {
        var device = Device.ByName(deviceName);
        var patientId = await browser.LinkDemoPatientAsync(localId);
        await using var context = await browser.NewContextAsync(device);
        var page = await context.NewPageAsync();
        await page.SignInAsync("staff");

        // The whole demo history by month (the demo data ends on 2026-10-31).
        await page.GotoAsync($"/patients/{patientId}?zoom=month&from=2016-11-01&to=2026-10-31");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("山田 太郎");
        await Assertions.Expect(page.Locator(".record-table tbody tr")).ToHaveCountAsync(Enum.GetValues<MioKarte.Core.Records.RecordCategory>().Length); // a row per category, empty ones too
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"record-table-month-{device.Name}");

        // Zoom to weeks with the zoom switch.
        await page.GetByRole(AriaRole.Link, new() { Name = "週", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("zoom=week|/patients/[^?]+\\?from"));
        await page.GetByRole(AriaRole.Link, new() { Name = "月", Exact = true }).ClickAsync();

        // A lab result cell opens the cumulative table beside the table; an item opens its trend.
        var labCell = page.Locator("tr.cat--lab a.cell").Last;
        await labCell.ScrollIntoViewIfNeededAsync();
        await labCell.ClickAsync();
        await Assertions.Expect(page.Locator("#detail .lab-table")).ToBeVisibleAsync();
        await page.Locator("#detail .lab-table tbody th a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#detail svg.trend")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sel=t-"));
        await page.AssertNoHorizontalScrollAsync();
        await TrendCharts.AssertLabelsFitAsync(page);
        await page.SaveScreenshotAsync($"record-lab-trend-{device.Name}");

        // Its period by plain link: 全期間 (ten years of demo data), newest first in the table below.
        await page.Locator("#detail .trend-periods").GetByRole(AriaRole.Link, new() { Name = "全期間" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("tp=all"));
        await Assertions.Expect(page.Locator("#detail .trend-periods a[aria-current=true]")).ToHaveTextAsync("全期間");
        await TrendCharts.AssertLabelsFitAsync(page);
        await page.SaveScreenshotAsync($"record-lab-trend-all-{device.Name}");

        // An image: its thumbnail opens the viewer; zoom by button and by pinch (two pointers).
        var imageCell = page.Locator("tr.cat--img a.cell").Last;
        await imageCell.ScrollIntoViewIfNeededAsync();
        await imageCell.ClickAsync();
        await Assertions.Expect(page.Locator("#detail .thumbs img").First).ToBeVisibleAsync();
        await page.Locator("#detail .thumbs a").First.ClickAsync();
        var stage = page.Locator("[data-viewer-stage]");
        await Assertions.Expect(stage).ToHaveAttributeAsync("data-scale", new System.Text.RegularExpressions.Regex("^[0-9.]+$"));
        var fitted = double.Parse((await stage.GetAttributeAsync("data-scale"))!, System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByRole(AriaRole.Button, new() { Name = "拡大" }).ClickAsync();
        var zoomed = double.Parse((await stage.GetAttributeAsync("data-scale"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(zoomed > fitted, $"zoom in: {fitted} → {zoomed}");
        await page.EvaluateAsync("""
            () => {
              const stage = document.querySelector("[data-viewer-stage]");
              const r = stage.getBoundingClientRect();
              const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
              const fire = (type, id, x) => stage.dispatchEvent(new PointerEvent(type, { pointerId: id, clientX: x, clientY: cy, bubbles: true, pointerType: "touch" }));
              fire("pointerdown", 11, cx - 20); fire("pointerdown", 12, cx + 20);
              fire("pointermove", 12, cx + 30); fire("pointermove", 12, cx + 80);
              fire("pointerup", 11, cx - 20); fire("pointerup", 12, cx + 80);
            }
            """);
        var pinched = double.Parse((await stage.GetAttributeAsync("data-scale"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pinched > zoomed, $"pinch: {zoomed} → {pinched}");
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"record-image-viewer-{device.Name}");
        await page.GetByRole(AriaRole.Link, new() { Name = "一連の表に戻る" }).ClickAsync();
        await Assertions.Expect(page.Locator("#detail .thumbs")).ToBeVisibleAsync();

        // Print: the table's print stylesheet, and the summary PDF from the form.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator(".record-filters")).ToBeHiddenAsync();
        await page.SaveScreenshotAsync($"record-table-print-{device.Name}");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await page.GetByRole(AriaRole.Link, new() { Name = "サマリを印刷（PDF）" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("患者サマリの印刷");
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"record-summary-form-{device.Name}");
        var action = await page.Locator("form.summary-form").GetAttributeAsync("action");
        var from = await page.Locator("input[name=from]").InputValueAsync();
        var to = await page.Locator("input[name=to]").InputValueAsync();
        var pdf = await context.APIRequest.GetAsync($"{action}?from={from}&to={to}&cat=LabResult&cat=Prescription");
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        Assert.Equal("%PDF-"u8.ToArray(), (await pdf.BodyAsync())[..5]);
    }
}
