using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MioKarte.Core.Data;
using MioKarte.Core.Pki;
using MioKarte.EndToEndTests.Infrastructure;

namespace MioKarte.EndToEndTests.FacilityAdmin;

/// <summary>
/// Terminal certificates REQUIRED (as in production), in Chromium with an iPad profile: the
/// 管理責任者 opens the terminal pages from a terminal with a valid client certificate, revokes a
/// lost iPad, and that iPad's certificate is refused from then on.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TerminalsJourneyTests(BrowserFixture browser) : IDisposable
{
    private readonly PortalServer portal = new(new Dictionary<string, string?> { ["ClientCertificates:Mode"] = "Required" });

    [Fact]
    public async Task The_administrator_revokes_a_lost_iPad_from_a_registered_terminal_and_the_iPad_is_refused_next()
    {
        var device = Device.IpadLandscape;
        var adminTerminal = await IssueAsync("管理用iPad");
        var lostTerminal = await IssueAsync("往診用iPad");

        await using var admin = await NewContextAsync(device, adminTerminal);
        var page = await admin.NewPageAsync();
        await page.SignInAsync("facadmin");
        await page.GotoAsync("/facility/terminals");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "端末管理" })).ToBeVisibleAsync();
        await page.AssertNoHorizontalScrollAsync();
        await page.SaveScreenshotAsync($"facility-terminals-{device.Name}");

        await page.GetByRole(AriaRole.Link, new() { Name = "往診用iPad" }).ClickAsync();
        await page.GetByLabel("紛失・盗難").CheckAsync();
        await page.AssertTouchTargetsAsync();
        await Screens.ConfirmAsync(page, "失効させる");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("端末の証明書を失効させ、利用終了にしました。");
        await Assertions.Expect(page.Locator("tbody tr").First).ToContainTextAsync("失効");
        await Assertions.Expect(page.Locator("tbody tr").First).ToContainTextAsync("紛失・盗難");
        await page.SaveScreenshotAsync($"facility-terminal-revoked-{device.Name}");

        await using var lost = await NewContextAsync(device, lostTerminal);
        var lostPage = await lost.NewPageAsync();
        await lostPage.SignInAsync("facadmin");
        var refused = await lostPage.GotoAsync("/facility/terminals");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(lostPage.GetByRole(AriaRole.Alert)).ToContainTextAsync("提示された電子証明書は失効しています。");
        await lostPage.SaveScreenshotAsync($"facility-terminal-refused-{device.Name}");
    }

    public void Dispose() => portal.Dispose();

    private Task<IBrowserContext> NewContextAsync(Device device, (string Cert, string Key) certificate) =>
        browser.Browser.NewContextAsync(BrowserFixture.ContextOptions(portal.BaseUrl, device, new ClientCertificate
        {
            Origin = portal.BaseUrl,
            Cert = System.Text.Encoding.ASCII.GetBytes(certificate.Cert),
            Key = System.Text.Encoding.ASCII.GetBytes(certificate.Key),
        }));

    /// <summary>A terminal of the demo clinic V00001 with a certificate issued through the CA, as PEM certificate and key.</summary>
    private async Task<(string Cert, string Key)> IssueAsync(string name)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var facility = await db.Facilities.SingleAsync(f => f.Code == "V00001");
        var terminal = Terminal.Register(facility.Id, name, TerminalKind.Ipad, "診察室", "管理 花子", "facadmin", DateTime.UtcNow);
        db.Terminals.Add(terminal);
        var issued = await scope.ServiceProvider.GetRequiredService<ITerminalCertificateIssuer>()
            .IssueAsync(new TerminalCertificateRequest(facility.Id, terminal.Id, facility.Code, facility.Name, name, "facadmin"));
        await db.SaveChangesAsync();
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader
            .LoadPkcs12Collection(issued.Pkcs12, issued.OneTimePassword, System.Security.Cryptography.X509Certificates.X509KeyStorageFlags.Exportable)
            .Single(c => c.HasPrivateKey);
        using var key = certificate.GetECDsaPrivateKey()!;
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
