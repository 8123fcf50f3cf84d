using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.Core.Pki;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>
/// Step 3 of the activation: the first terminal certificate from the network CA (the portal's
/// registered <c>ITerminalCertificateIssuer</c>), its one-time password shown once, the PKCS#12 download.
/// </summary>
public sealed class FirstCertificateTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_first_certificate_is_issued_once_and_its_PKCS12_opens_with_the_password_shown()
    {
        var (_, path) = await portal.RegisteredApplicationAsync("証明書クリニック", "shoumei@example.jp");
        using var client = portal.CreatePortalClient();
        await client.ActivateAsync(path);
        var page = await client.GetDocumentAsync("/account/activation/certificate");
        var form = page.Form("/account/activation/certificate");

        using var issued = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.TerminalName"] = "受付PC-1" });

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var result = await HtmlClient.ParseAsync(issued);
        var password = result.GetElementById("certificate-password")!.TextContent;
        Assert.False(string.IsNullOrWhiteSpace(password));
        Assert.Contains("Windows パソコンへのインストール", result.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("iPad へのインストール", result.Body!.TextContent, StringComparison.Ordinal);
        using var download = await client.SubmitAsync(result.Form("/account/activation/certificate/download"), new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/x-pkcs12", download.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".p12", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var facilityCode = await portal.WithServiceAsync<string, MioKarteDbContext>(db =>
            db.Facilities.Where(f => f.Name == "証明書クリニック").Select(f => f.Code).SingleAsync());
        using (var certificate = X509CertificateLoader.LoadPkcs12(await download.Content.ReadAsByteArrayAsync(), password))
        {
            Assert.True(certificate.HasPrivateKey);
            Assert.Contains(facilityCode, certificate.Subject, StringComparison.Ordinal);
        }

        var issuedAt = await portal.WithServiceAsync<DateTime?, MioKarteDbContext>(db =>
            db.AccountActivations.Where(a => a.FacilityId == db.Facilities.Single(f => f.Code == facilityCode).Id).Select(a => a.CertificateIssuedAtUtc).SingleAsync());
        Assert.NotNull(issuedAt);

        using var again = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.TerminalName"] = "受付PC-2" });
        var second = await HtmlClient.ParseAsync(again);
        Assert.Contains("最初の端末の電子証明書は発行済みです。", second.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(second.GetElementById("certificate-password"));
    }

    [Fact]
    public async Task An_administrator_activating_on_an_iPad_records_the_first_terminal_as_an_iPad()
    {
        var (_, path) = await portal.RegisteredApplicationAsync("アイパッド訪問看護ステーション", "ipad-first@example.jp");
        using var client = portal.CreatePortalClient();
        await client.ActivateAsync(path);
        var page = await client.GetDocumentAsync("/account/activation/certificate");
        Assert.NotNull(page.QuerySelector("input[name='Input.Kind'][value='Pc'][checked]"));

        using var issued = await client.SubmitAsync(page.Form("/account/activation/certificate"), new Dictionary<string, string>
        {
            ["Input.TerminalName"] = "訪問用iPad-1",
            ["Input.Kind"] = "Ipad",
        });

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var kind = await portal.WithServiceAsync<TerminalKind, MioKarteDbContext>(db =>
            db.Terminals.Where(t => t.Name == "訪問用iPad-1").Select(t => t.Kind).SingleAsync());
        Assert.Equal(TerminalKind.Ipad, kind);
    }

    [Fact]
    public async Task The_download_works_for_15_minutes_only_and_only_with_the_package_the_page_carried()
    {
        var (_, path) = await portal.RegisteredApplicationAsync("期限付きダウンロード薬局", "dl@example.jp");
        using var client = portal.CreatePortalClient();
        await client.ActivateAsync(path);
        var page = await client.GetDocumentAsync("/account/activation/certificate");
        using var issued = await client.SubmitAsync(page.Form("/account/activation/certificate"), new Dictionary<string, string> { ["Input.TerminalName"] = "iPad-1" });
        var result = await HtmlClient.ParseAsync(issued);
        var downloadForm = result.Form("/account/activation/certificate/download");

        using var tampered = await client.SubmitAsync(downloadForm, new Dictionary<string, string> { ["package"] = "not-a-package" });
        portal.Clock.Advance(TimeSpan.FromMinutes(10));
        await client.GetDocumentAsync("/account"); // keeps the session alive (15 minutes idle)
        portal.Clock.Advance(TimeSpan.FromMinutes(6));
        using var late = await client.SubmitAsync(downloadForm, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Gone, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Contains("ダウンロードの有効時間が過ぎました", (await HtmlClient.ParseAsync(late)).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_terminal_name_is_required()
    {
        var (_, path) = await portal.RegisteredApplicationAsync("端末名確認クリニック", "tanmatsu@example.jp");
        using var client = portal.CreatePortalClient();
        await client.ActivateAsync(path);
        var page = await client.GetDocumentAsync("/account/activation/certificate");

        using var response = await client.SubmitAsync(page.Form("/account/activation/certificate"), new Dictionary<string, string> { ["Input.TerminalName"] = "" });

        var result = await HtmlClient.ParseAsync(response);
        Assert.Equal("端末の名前を入力してください。", result.QuerySelector("[data-valmsg-for='Input.TerminalName']")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_certificate_step_is_only_for_an_administrator_in_activation()
    {
        await portal.CreateUserAsync("facadmin.noactivation", PortalRoles.FacilityAdministrator);
        using var client = await portal.SignedInClientAsync("facadmin.noactivation");

        using var response = await client.GetAsync(new Uri("/account/activation/certificate", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
