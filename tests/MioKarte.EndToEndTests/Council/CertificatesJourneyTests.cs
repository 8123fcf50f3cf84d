using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MioKarte.Core.Data;
using MioKarte.Core.Pki;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.Council;

[Collection(BrowserCollection.Name)]
public sealed class CertificatesJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("pc", "V00771")]
    [InlineData("ipad-portrait", "V00772")]
    public async Task The_council_finds_a_lost_terminal_s_certificate_and_revokes_it(string deviceName, string facilityCode)
    {
        var device = Device.ByName(deviceName);
        var serial = await IssueAsync(facilityCode, "南多摩内科クリニック", "訪問診療用iPad");
        await using var context = await browser.NewContextAsync(device);
        var page = await context.NewPageAsync();
        await page.SignInAsync("council");

        await page.GotoAsync("/council/certificates");
        await page.GetByLabel("施設コード").FillAsync(facilityCode.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        var row = page.Locator("tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync(serial);
        await Assertions.Expect(row).ToContainTextAsync("有効");
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"council-certificates-{device.Name}");

        await row.GetByRole(AriaRole.Link, new() { Name = "訪問診療用iPad の証明書の詳細" }).ClickAsync();
        await page.GetByLabel("失効の理由").SelectOptionAsync(nameof(CertificateRevocationReason.KeyCompromise));
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertTouchTargetsAsync();
        await page.SaveScreenshotAsync($"council-certificate-detail-{device.Name}");
        await Screens.ConfirmAsync(page, "失効させる");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("証明書を失効させ、証明書失効リスト（CRL）に反映しました。");
        await Assertions.Expect(page.Locator(".cert-status").First).ToHaveTextAsync("失効");
        await page.SaveScreenshotAsync($"council-certificate-revoked-{device.Name}");
    }

    private async Task<string> IssueAsync(string code, string name, string terminal)
    {
        var facility = await browser.Portal.AddFacilityAsync(code, name);
        await using var scope = browser.Portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var record = Terminal.Register(facility.Id, terminal, TerminalKind.Pc, null, null, "facadmin", DateTime.UtcNow);
        db.Terminals.Add(record);
        var issued = await scope.ServiceProvider.GetRequiredService<ITerminalCertificateIssuer>()
            .IssueAsync(new TerminalCertificateRequest(facility.Id, record.Id, code, name, terminal, "facadmin"));
        await db.SaveChangesAsync();
        return issued.SerialNumber;
    }
}
