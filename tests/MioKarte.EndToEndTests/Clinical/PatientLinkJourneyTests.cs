using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MioKarte.Core.Data;
using MioKarte.DataCenter.Demo;
using MioKarte.EndToEndTests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace MioKarte.EndToEndTests.Clinical;

[Collection(BrowserCollection.Name)]
public sealed class PatientLinkJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Staff_link_a_referred_patient_from_the_transmittal_sheet_and_find_them_in_the_list()
    {
        // A slice of the demo network of this journey's own, loaded into the embedded data center.
        var data = new DemoDataGenerator(seed: 4242, patientCount: 3, includeHeavyPatient: false).Generate();
        var (hospital, sheet) = data.Bundles
            .SelectMany(b => b.Bundle.Entry.Select(e => e.Resource).OfType<Patient>().Select(p => (b.Facility, Patient: p)))
            .First(x => x.Facility.Code == DemoFacilities.All[1].Code);
        await browser.Portal.LoadIntoDataCenterAsync(data);
        var patientId = sheet.Identifier[0].Value!;
        await using (var scope = browser.Portal.Services.CreateAsyncScope())
        {
            // The demo clinic's own demo links come from the full network: this sheet must not be one of them.
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            Assert.False(await db.PatientLinks.AnyAsync(l => l.DisclosingPatientId == patientId));
        }

        var kanji = sheet.Name.First(n => n.Extension.Any(e => e.Value is Code { Value: "IDE" })).Text!;
        var kana = sheet.Name.First(n => n.Extension.Any(e => e.Value is Code { Value: "SYL" })).Text!;
        await using var context = await browser.NewContextAsync(Infrastructure.Device.Pc);
        var page = await context.NewPageAsync();
        await page.SignInAsync("staff");

        await page.Locator(".site-header").GetByRole(AriaRole.Link, new() { Name = "患者", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("患者一覧");
        await page.GetByRole(AriaRole.Link, new() { Name = "患者IDの登録" }).ClickAsync();
        // The カナ typed in hiragana, as a receptionist might: the match is made after normalisation.
        await Screens.FillPatientLinkFormAsync(
            page, $"{hospital.Name}（D00002）", patientId, kanji, new string(kana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c).ToArray()),
            sheet.Gender == AdministrativeGender.Female ? "女" : "男", sheet.BirthDate!, "E2E-0001");
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync("patient-link-form-pc");
        await page.GetByRole(AriaRole.Button, new() { Name = "照合して登録する" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("患者IDを登録しました");
        await Assertions.Expect(page.Locator("article.link-card")).ToContainTextAsync(hospital.Name);
        await page.SaveScreenshotAsync("patient-links-pc");
        await page.GetByRole(AriaRole.Link, new() { Name = "患者一覧に戻る" }).ClickAsync();
        await page.GetByLabel("自院の患者ID").FillAsync("E2E-0001");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索" }).ClickAsync();

        var row = page.Locator("tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(hospital.Name);
        await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = "E2E-0001" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/patients/[0-9a-f-]{36}$"));
        await page.GotoAsync("/patients");
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync("patients-list-pc");
    }
}
