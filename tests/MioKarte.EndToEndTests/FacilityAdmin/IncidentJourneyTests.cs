using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;
using MioKarte.Development;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.FacilityAdmin;

[Collection(BrowserCollection.Name)]
public sealed class IncidentJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_administrator_reports_a_lost_ipad_and_its_certificate_is_revoked_at_once()
    {
        var device = Device.ByName("pc");
        var certificateId = await IssueForDemoClinicAsync("往診用iPad-E2E");
        await using var context = await browser.NewContextAsync(device);
        var page = await context.NewPageAsync();
        await page.SignInAsync("facadmin");

        await page.GotoAsync("/facility/incidents/new");
        await page.GetByLabel("端末の紛失・盗難").CheckAsync();
        var yesterday = JapanTime.ToLocal(DateTime.UtcNow).AddDays(-1);
        await page.GetByLabel("発生日時（分かった日時）").FillAsync(yesterday.ToString("yyyy-MM-dd'T'18:30", CultureInfo.InvariantCulture));
        await page.GetByLabel("発生した事象").FillAsync("往診の帰りに、車内に置いた往診用iPadが盗まれた。");
        await page.GetByLabel("影響を受けた患者").FillAsync("不明（端末内に患者情報の保存なし）");
        await page.GetByLabel("講じた措置").FillAsync("警察へ届出済み。利用者のパスワードを変更した。");
        await page.GetByLabel("往診用iPad-E2E").CheckAsync();
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"facility-incident-form-{device.Name}");
        await page.GetByRole(AriaRole.Button, new() { Name = "報告する" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("事故報告を受け付けました。連絡協議会に通知しました。");
        await Assertions.Expect(page.Locator("#incident-status")).ToHaveTextAsync("報告済");
        await Assertions.Expect(page.Locator(".incident-terminals")).ToContainTextAsync("この報告で失効");
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"facility-incident-reported-{device.Name}");

        await using var scope = browser.Portal.Services.CreateAsyncScope();
        var certificate = await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().TerminalCertificates.AsNoTracking().SingleAsync(c => c.Id == certificateId);
        Assert.Equal(CertificateRevocationReason.KeyCompromise, certificate.RevocationReason);
    }

    private async Task<Guid> IssueForDemoClinicAsync(string terminal)
    {
        await using var scope = browser.Portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var clinic = await db.Facilities.SingleAsync(f => f.Code == DemoAccounts.DemoClinicCode);
        var registered = Terminal.Register(clinic.Id, terminal, TerminalKind.Ipad, null, null, "facadmin", DateTime.UtcNow);
        db.Terminals.Add(registered);
        var issued = await scope.ServiceProvider.GetRequiredService<ITerminalCertificateIssuer>()
            .IssueAsync(new TerminalCertificateRequest(clinic.Id, registered.Id, clinic.Code, clinic.Name, terminal, "facadmin"));
        await db.SaveChangesAsync();
        return issued.CertificateId;
    }
}
