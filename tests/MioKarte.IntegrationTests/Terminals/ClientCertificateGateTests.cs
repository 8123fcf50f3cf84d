using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Pki;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.IntegrationTests.Pki;

namespace MioKarte.IntegrationTests.Terminals;

/// <summary>
/// Mutual TLS on a real port: /facility (and /patients) open only with a valid terminal certificate
/// of the signed-in user's own facility; public pages need none.
/// </summary>
public sealed class ClientCertificateGateTests(MutualTlsPortal portal) : IClassFixture<MutualTlsPortal>
{
    private const string RequiredPage = "/facility/terminals";

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/apply")]
    [InlineData("/pki/ca.crt")]
    public async Task Public_pages_and_sign_up_open_without_a_certificate(string path)
    {
        using var client = portal.CreateTlsClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.DoesNotContain("/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_valid_terminal_of_the_users_facility_is_let_in_and_recorded_as_the_presented_terminal()
    {
        var facility = await portal.AddFacilityAsync("正規クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "gate.valid");
        var (issued, certificate) = await portal.IssueAsync(facility, "受付PC");
        using (certificate)
        using (var client = portal.CreateTlsClient(certificate))
        {
            await client.SignInSuccessfullyAsync("gate.valid");

            using var response = await GetAsync(client, RequiredPage, "gate-valid-0001");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var terminal = Assert.IsType<MioKarte.Web.Infrastructure.PresentedTerminal>(portal.Terminals["gate-valid-0001"]);
            Assert.Equal(issued.CertificateId, terminal.CertificateId);
            Assert.Equal(facility.Id, terminal.FacilityId);
            Assert.Equal("受付PC", terminal.TerminalName);
            Assert.NotNull((await portal.CertificateRecordAsync(issued.CertificateId)).LastUsedAtUtc);
        }
    }

    [Fact]
    public async Task Without_a_certificate_the_page_is_refused_naming_the_problem_and_the_refusal_is_logged()
    {
        var facility = await portal.AddFacilityAsync("証明書なしクリニック");
        var user = await portal.CreateFacilityAdministratorAsync(facility, "gate.none");
        using var client = portal.CreateTlsClient();
        await client.SignInSuccessfullyAsync("gate.none");

        using var response = await GetAsync(client, RequiredPage, "gate-none-0001");

        await AssertRefusedAsync(response, "NoCertificate", "端末の電子証明書が提示されませんでした。");
        Assert.Null(portal.Terminals["gate-none-0001"]);
        var log = await portal.ReadLogsOnceTheyContainAsync("Client certificate refused: NoCertificate");
        Assert.Contains($"Client certificate refused: NoCertificate for user {user.Id} of facility \"{facility.Id}\"", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_of_another_CA_is_refused()
    {
        var facility = await portal.AddFacilityAsync("他CAクリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "gate.foreign");
        var folder = Path.Combine(portal.DataFolder, "foreign-ca");
        using var foreignCa = DevelopmentCertificateAuthority.LoadOrCreate(folder, TimeProvider.System);
        using var certificate = foreignCa.IssueClientCertificate($"CN=受付PC, OU={facility.Code}, O=他CAクリニック, C=JP", TimeProvider.System);
        using var client = portal.CreateTlsClient(certificate);
        await client.SignInSuccessfullyAsync("gate.foreign");

        using var response = await GetAsync(client, RequiredPage, "gate-foreign-0001");

        await AssertRefusedAsync(response, "NotOurs", "この地域医療連携ネットワークの認証局が発行したものではありません。");
    }

    [Fact]
    public async Task A_revoked_certificate_is_refused_on_the_very_next_request()
    {
        var facility = await portal.AddFacilityAsync("失効クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "gate.revoked");
        var (issued, certificate) = await portal.IssueAsync(facility, "往診iPad");
        using (certificate)
        using (var client = portal.CreateTlsClient(certificate))
        {
            await client.SignInSuccessfullyAsync("gate.revoked");
            using var before = await GetAsync(client, RequiredPage, "gate-revoked-0001");
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            var terminalId = (await portal.CertificateRecordAsync(issued.CertificateId)).TerminalId;

            using var revoke = await client.RevokeTerminalAsync(terminalId, "LostOrStolen");
            Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
            using var after = await GetAsync(client, RequiredPage, "gate-revoked-0002");

            await AssertRefusedAsync(after, "Revoked", "提示された電子証明書は失効しています。");
        }
    }

    [Fact]
    public async Task An_expired_certificate_is_refused()
    {
        var facility = await portal.AddFacilityAsync("期限切れクリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "gate.expired");
        var (_, certificate) = await portal.IssueAsync(facility, "受付PC");
        using (certificate)
        {
            // A year and a day later (every other test of this class issues its own certificate and signs in afresh).
            portal.Clock.Advance(TimeSpan.FromDays(366));
            Assert.True(certificate.NotAfter.ToUniversalTime() < portal.Clock.GetUtcNow().UtcDateTime);
            using var client = portal.CreateTlsClient(certificate);
            await client.SignInSuccessfullyAsync("gate.expired");

            using var response = await GetAsync(client, RequiredPage, "gate-expired-0001");

            await AssertRefusedAsync(response, "OutOfDate", "有効期間外です（期限切れ）。");
        }
    }

    [Fact]
    public async Task A_terminal_of_another_facility_is_refused()
    {
        var mine = await portal.AddFacilityAsync("自施設クリニック");
        var theirs = await portal.AddFacilityAsync("他施設クリニック");
        await portal.CreateFacilityAdministratorAsync(mine, "gate.other");
        var (_, certificate) = await portal.IssueAsync(theirs, "他施設PC");
        using (certificate)
        using (var client = portal.CreateTlsClient(certificate))
        {
            await client.SignInSuccessfullyAsync("gate.other");

            using var response = await GetAsync(client, RequiredPage, "gate-other-0001");

            await AssertRefusedAsync(response, "OtherFacility", "あなたの施設の端末のものではありません。");
            Assert.Null(portal.Terminals["gate-other-0001"]);
        }
    }

    [Fact]
    public async Task The_terminals_of_a_suspended_facility_are_refused()
    {
        var facility = await portal.AddFacilityAsync("停止クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "gate.suspended");
        var (_, certificate) = await portal.IssueAsync(facility, "受付PC");
        using (certificate)
        using (var client = portal.CreateTlsClient(certificate))
        {
            await client.SignInSuccessfullyAsync("gate.suspended");
            await SuspendAsync(facility.Id);

            using var response = await GetAsync(client, RequiredPage, "gate-suspended-0001");
            var check = await portal.WithServiceAsync<TerminalCertificateCheck, NetworkCertificateAuthority>(ca => ca.CheckAsync(certificate));

            // The session gate runs first and ends the member's session on this very request; the
            // certificate itself is refused too, whoever would present it.
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.Equal(TerminalCertificateStatus.FacilityInactive, check.Status);
        }
    }

    [Fact]
    public async Task The_clinical_area_is_guarded_too_while_other_signed_in_pages_need_no_certificate()
    {
        var facility = await portal.AddFacilityAsync("診療クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "gate.clinical", Core.Identity.UserRights.ViewClinicalData | Core.Identity.UserRights.ManageUsers);
        using var client = portal.CreateTlsClient();
        await client.SignInSuccessfullyAsync("gate.clinical");

        using var patients = await GetAsync(client, "/patients", "gate-clinical-0001");
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));

        await AssertRefusedAsync(patients, "NoCertificate", "端末の電子証明書が提示されませんでした。");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string requestId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Request-Id", requestId);
        return await client.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string refusal, string message)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Equal(refusal, page.QuerySelector("[data-refusal]")!.GetAttribute("data-refusal"));
        Assert.Contains(message, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("この端末からは開けません", page.Title, StringComparison.Ordinal);
    }

    private async Task SuspendAsync(Guid facilityId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var facility = await db.Facilities.SingleAsync(f => f.Id == facilityId);
        facility.Suspend("council", "試験のため", portal.Clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
    }
}
