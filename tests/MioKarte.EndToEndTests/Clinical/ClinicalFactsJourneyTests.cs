using Microsoft.Playwright;
using MioKarte.Core.Gateway;
using MioKarte.EndToEndTests.Infrastructure;
using MioKarte.Tests.Shared;

namespace MioKarte.EndToEndTests.Clinical;

/// <summary>
/// The clinical content of a shared record as a doctor reads it on a PC and an iPad: the 患者サマリー
/// above the table (アレルギー・薬剤禁忌 with its word mark, current prescriptions, latest labs with
/// their 前回値), an allergy and a vital-sign trend from the table's rows, a 退院時サマリー section by
/// section, and 死亡 in the header of a demo person who has died.
/// </summary>
[Collection(ClinicalFactsBrowserCollection.Name)]
public sealed class ClinicalFactsJourneyTests(ClinicalFactsBrowserFixture browser)
{
    // The demo data ends on 2026-10-31; a drug allergy may be recorded years before the history starts.
    private const string WholeHistory = "zoom=month&from=2004-01-01&to=2026-10-31";

    [Theory]
    [InlineData("pc")]
    [InlineData("ipad-portrait")]
    [InlineData("ipad-landscape")]
    public async Task A_doctor_reads_the_summary_an_allergy_a_vital_trend_and_a_discharge_summary(string deviceName)
    {
        var device = Device.ByName(deviceName);
        var (patientId, person) = await browser.AllergicPatientAsync();
        var (deceasedId, deceased) = await browser.DeceasedPatientAsync();
        await using var context = await browser.NewContextAsync(device);
        var page = await context.NewPageAsync();
        await page.SignInAsync("doctor");

        // The 患者サマリー above the table.
        await page.GotoAsync($"/patients/{patientId}?{WholeHistory}");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(person.Name);
        await Assertions.Expect(page.Locator("#record-death")).ToHaveCountAsync(0);
        var summary = page.Locator("#record-summary");
        await Assertions.Expect(summary.Locator("h2")).ToHaveTextAsync("患者サマリー");
        var allergies = summary.Locator("#summary-allergies");
        await Assertions.Expect(allergies).ToBeVisibleAsync();
        var penicillin = allergies.Locator("li").Filter(new() { HasTextString = "ペニシリン系抗生物質" });
        await Assertions.Expect(penicillin.Locator(".summary-mark--drug")).ToHaveTextAsync("薬剤禁忌");
        await Assertions.Expect(penicillin.Locator(".summary-mark--high")).ToHaveTextAsync("重篤");
        await Assertions.Expect(penicillin).ToContainTextAsync("症状：蕁麻疹");
        // Drug contraindications come first.
        await Assertions.Expect(allergies.Locator("li").First).ToContainTextAsync("薬剤禁忌");
        Assert.True(await summary.Locator("#summary-medications li").CountAsync() > 0, "no current prescription");
        await Assertions.Expect(summary.Locator("#summary-labs thead")).ToContainTextAsync("前回値");
        var labs = summary.Locator("#summary-labs tbody tr");
        Assert.True(await labs.CountAsync() > 0, "no lab result in the summary");
        // At least one lab item was measured before: its 前回値 is a number, not 「—」.
        var previous = await labs.Locator("td:nth-of-type(4)").AllInnerTextsAsync();
        Assert.Contains(previous, p => p.Any(char.IsAsciiDigit));
        await Assertions.Expect(summary.Locator("#summary-vitals tbody tr").First).ToBeVisibleAsync();
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"facts-summary-{device.Name}");

        // An allergy from the アレルギー・薬剤禁忌 row.
        await OpenItemAsync(page, "alg", "ペニシリン系抗生物質");
        var detail = page.Locator("#detail");
        await Assertions.Expect(detail.Locator(".record-detail__title")).ToContainTextAsync("アレルギー・薬剤禁忌");
        await Assertions.Expect(detail.Locator(".summary-alert__detail .summary-mark--drug")).ToHaveTextAsync("薬剤禁忌");
        await Assertions.Expect(detail.Locator(".facts")).ToContainTextAsync("ペニシリン系抗生物質");
        await Assertions.Expect(detail.Locator(".facts")).ToContainTextAsync("蕁麻疹");
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"facts-allergy-{device.Name}");

        // A blood pressure from the バイタル row, then its trend: 収縮期 and 拡張期, labels inside the drawing.
        await OpenItemAsync(page, "vit", "血圧");
        await detail.GetByRole(AriaRole.Link, new() { Name = "血圧 の推移" }).ClickAsync();
        await Assertions.Expect(detail.Locator("#vital-trend")).ToContainTextAsync("血圧");
        await Assertions.Expect(detail.Locator("svg.trend")).ToHaveCountAsync(2);
        await Assertions.Expect(detail.Locator("svg.trend").First).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sel=v-"));
        await page.AssertNoHorizontalScrollAsync();
        await TrendCharts.AssertLabelsFitAsync(page);
        await page.SaveScreenshotAsync($"facts-vital-trend-{device.Name}");

        // The 退院時サマリー: its sections with their narrative and entries.
        await OpenItemAsync(page, "dis", "退院時サマリー");
        var sections = detail.Locator(".letter-section");
        await Assertions.Expect(sections.Filter(new() { HasTextString = "入院中経過" })).ToContainTextAsync("抗菌薬点滴により解熱し、経過良好で退院。");
        await Assertions.Expect(sections.Filter(new() { HasTextString = "入院時診断" })).ToContainTextAsync("市中肺炎");
        await Assertions.Expect(sections.Filter(new() { HasTextString = "退院時処方" })).ToContainTextAsync("アモキシシリン水和物カプセル250mg");
        await Assertions.Expect(detail.Locator(".letter-section__kind").First).ToBeVisibleAsync();
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"facts-discharge-summary-{device.Name}");

        // A demo person who has died: 死亡 with the date in the header.
        await page.GotoAsync($"/patients/{deceasedId}?{WholeHistory}");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(deceased.Name);
        await Assertions.Expect(page.Locator("#record-death")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^死亡 \d{4}/\d{2}/\d{2}"));
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"facts-deceased-{device.Name}");
    }

    /// <summary>Opens, from the row of category <paramref name="css"/>, the newest item labelled with <paramref name="label"/>.</summary>
    private static async Task OpenItemAsync(IPage page, string css, string label)
    {
        var cells = page.Locator($"tr.cat--{css} a.cell");
        for (var i = await cells.CountAsync() - 1; i >= 0; i--)
        {
            await cells.Nth(i).ScrollIntoViewIfNeededAsync();
            await cells.Nth(i).ClickAsync();
            var items = page.Locator("#detail .record-items__link").Filter(new() { HasTextString = label });
            await Assertions.Expect(page.Locator("#detail .record-items__link").First).ToBeVisibleAsync();
            if (await items.CountAsync() > 0)
            {
                await items.First.ClickAsync();
                await Assertions.Expect(page.Locator("#detail .record-items")).ToHaveCountAsync(0);
                return;
            }
        }

        Assert.Fail($"No {label} on the row {css}.");
    }
}

/// <summary>
/// The record portal with a demo slice of its own: one demo person with a drug allergy gets a
/// 退院時サマリー (the integration tests' JP-CLINS document) through the center's ingest, which the
/// other record journeys must not see.
/// </summary>
public sealed class ClinicalFactsBrowserFixture : RecordBrowserFixture
{
    private readonly Lazy<Task> dischargeSummary;

    public ClinicalFactsBrowserFixture() =>
        dischargeSummary = new(async () =>
        {
            var hospital = (await AllergicPersonAsync()).Registrations[0];
            await IngestAsync(hospital.FacilityCode, JpClinsFixtures.Json(JpClinsFixtures.DischargeSummary, JpCore.PatientIdSystem(hospital.FacilityCode), hospital.FacilityPatientId));
        });

    /// <summary>The demo person with a drug allergy (ペニシリン系, 重篤) and the 退院時サマリー, linked at the demo clinic.</summary>
    public async Task<(Guid Id, DemoPerson Person)> AllergicPatientAsync()
    {
        var person = await AllergicPersonAsync();
        await dischargeSummary.Value;
        return (await LinkAsync(person.Registrations, "E2E-FACTS", person.Name, person.Kana, person.Sex, person.BirthDate), person);
    }

    /// <summary>The demo person who has died (the generator marks one), linked at the demo clinic.</summary>
    public async Task<(Guid Id, DemoPerson Person)> DeceasedPatientAsync()
    {
        var person = (await DemoPersonsAsync()).Single(p => p.Deceased);
        return (await LinkAsync(person.Registrations, "E2E-DIED", person.Name, person.Kana, person.Sex, person.BirthDate), person);
    }

    private async Task<DemoPerson> AllergicPersonAsync() =>
        (await DemoPersonsAsync()).FirstOrDefault(p => p.DrugAllergy && !p.Deceased)
            ?? throw new InvalidOperationException("The demo slice has no living person with a drug allergy: choose another seed.");
}

[CollectionDefinition(Name)]
public sealed class ClinicalFactsBrowserCollection : ICollectionFixture<ClinicalFactsBrowserFixture>
{
    public const string Name = "clinical-facts-browser";
}
