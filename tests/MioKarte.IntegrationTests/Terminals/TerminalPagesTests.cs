using System.Net;
using MioKarte.Core.Identity;
using MioKarte.Core.Pki;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.IntegrationTests.Pki;
using MioKarte.Tests.Shared;

namespace MioKarte.IntegrationTests.Terminals;

/// <summary>/facility/terminals: the 管理責任者 registers terminals, issues, renews and revokes their certificates.</summary>
public sealed class TerminalPagesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_administrator_registers_a_terminal_and_sees_it_listed_without_a_certificate()
    {
        var facility = await portal.AddFacilityAsync("登録クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "term.register");
        using var client = await portal.SignedInClientAsync("term.register");

        var id = await client.RegisterTerminalAsync("受付iPad", TerminalKind.Ipad, "受付", "受付 一郎");
        var list = await client.GetDocumentAsync("/facility/terminals");

        var row = Assert.Single(list.QuerySelectorAll("tbody tr"));
        Assert.Equal(id.ToString(), row.GetAttribute("data-terminal"));
        Assert.Contains("受付iPad", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("iPad", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("受付 一郎", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("証明書なし", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("有効な証明書: 0 台 ／ 利用できる端末数: 3 台", list.Text(), StringComparison.Ordinal);
        var terminal = await portal.TerminalAsync(id);
        Assert.Equal(facility.Id, terminal.FacilityId);
        Assert.Equal("term.register", terminal.RegisteredBy);
    }

    [Fact]
    public async Task A_second_terminal_with_the_same_name_is_refused()
    {
        var facility = await portal.AddFacilityAsync("同名クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "term.samename");
        using var client = await portal.SignedInClientAsync("term.samename");
        await client.RegisterTerminalAsync("診察室PC");

        var form = await client.GetDocumentAsync("/facility/terminals/new");
        using var response = await client.SubmitAsync(form.Form("/facility/terminals"), new Dictionary<string, string> { ["Name"] = " 診察室PC ", ["Kind"] = "Pc" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("同じ端末名の端末がすでに登録されています。", (await HtmlClient.ParseAsync(response)).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issuing_shows_the_password_once_and_the_downloaded_file_opens_with_it_as_a_certificate_of_the_network_CA()
    {
        var facility = await portal.AddFacilityAsync("発行クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "term.issue");
        using var client = await portal.SignedInClientAsync("term.issue");
        var id = await client.RegisterTerminalAsync("受付PC");

        using var certificate = await client.IssueAndDownloadAsync(id);

        var record = Assert.Single(await portal.CertificatesOfAsync(id));
        Assert.Equal(record.SerialNumber, certificate.SerialNumber);
        Assert.Equal(facility.Id, record.FacilityId);
        Assert.Contains("CN=受付PC", certificate.Subject, StringComparison.Ordinal);
        var check = await portal.WithCaAsync(ca => ca.CheckAsync(certificate));
        Assert.Equal(TerminalCertificateStatus.Valid, check.Status);
        var detail = await client.GetDocumentAsync($"/facility/terminals/{id}");
        Assert.Null(detail.GetElementById("certificate-password"));
        Assert.Contains("証明書を更新する", detail.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_one_time_page_shows_install_steps_for_Windows_Mac_and_iPad()
    {
        var facility = await portal.AddFacilityAsync("手順クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "term.steps");
        using var client = await portal.SignedInClientAsync("term.steps");
        var id = await client.RegisterTerminalAsync("待合iPad", TerminalKind.Ipad);

        using var response = await client.PressIssueAsync(id);

        var text = (await HtmlClient.ParseAsync(response)).Text();
        Assert.Contains("Windows パソコンへのインストール", text, StringComparison.Ordinal);
        Assert.Contains("Mac へのインストール", text, StringComparison.Ordinal);
        Assert.Contains("iPad へのインストール", text, StringComparison.Ordinal);
        Assert.Contains("AirDrop", text, StringComparison.Ordinal);
        // This page cannot be opened on the iPad, so its steps start from the moved file, not from "open this page in Safari".
        Assert.Contains("iPadの「ファイル」に移した証明書ファイル", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Safari でこの画面を開き", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_double_submit_of_issue_issues_one_certificate_and_the_second_is_told_the_terminal_changed()
    {
        var facility = await portal.AddFacilityAsync("二重発行クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "term.double");
        using var client = await portal.SignedInClientAsync("term.double");
        var id = await client.RegisterTerminalAsync("受付PC");
        var page = await client.GetDocumentAsync($"/facility/terminals/{id}");
        var form = page.Form($"/facility/terminals/{id}/certificate");

        using var first = await client.SubmitAsync(form, new Dictionary<string, string>());
        using var second = await client.SubmitAsync(form, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("この端末はほかの操作ですでに変更されています", (await HtmlClient.ParseAsync(second)).Text(), StringComparison.Ordinal);
        Assert.Single(await portal.CertificatesOfAsync(id));
    }

    [Fact]
    public async Task A_second_revoke_of_the_same_page_names_the_person_who_revoked_not_their_user_id()
    {
        var facility = await portal.AddFacilityAsync("二重失効クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "term.revoke.twice");
        using var client = await portal.SignedInClientAsync("term.revoke.twice");
        var id = await client.RegisterTerminalAsync("往診用iPad");
        var page = await client.GetDocumentAsync($"/facility/terminals/{id}");
        var form = page.Form($"/facility/terminals/{id}/revoke");

        using var first = await client.SubmitAsync(form, new Dictionary<string, string> { ["Reason"] = "LostOrStolen" });
        using var second = await client.SubmitAsync(form, new Dictionary<string, string> { ["Reason"] = "LostOrStolen" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var text = (await HtmlClient.ParseAsync(second)).Text();
        Assert.Contains("この端末は 管理 花子 さんがすでに変更しました", text, StringComparison.Ordinal);
        Assert.DoesNotContain("term.revoke.twice", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renewing_issues_a_new_certificate_and_revokes_the_old_one_as_superseded_in_the_CRL()
    {
        var facility = await portal.AddFacilityAsync("更新クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "term.renew");
        using var client = await portal.SignedInClientAsync("term.renew");
        var id = await client.RegisterTerminalAsync("受付PC");
        using var old = await client.IssueAndDownloadAsync(id);
        portal.Clock.Advance(TimeSpan.FromMinutes(1));

        using var renewed = await client.IssueAndDownloadAsync(id);

        var records = await portal.CertificatesOfAsync(id);
        Assert.Equal(2, records.Count);
        Assert.Equal(CertificateRevocationReason.Superseded, records[0].RevocationReason);
        Assert.Null(records[1].RevokedAtUtc);
        Assert.Equal(TerminalCertificateStatus.Revoked, (await portal.WithCaAsync(ca => ca.CheckAsync(old))).Status);
        Assert.Equal(TerminalCertificateStatus.Valid, (await portal.WithCaAsync(ca => ca.CheckAsync(renewed))).Status);
        var crl = CrlReader.Read(await portal.CreatePortalClient().GetCrlAsync());
        Assert.True(crl.Entries.ContainsKey(old.SerialNumber));
    }

    [Fact]
    public async Task Revoking_a_lost_terminal_revokes_its_certificate_as_key_compromise_and_retires_it()
    {
        var facility = await portal.AddFacilityAsync("紛失クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "term.lost");
        using var client = await portal.SignedInClientAsync("term.lost");
        var id = await client.RegisterTerminalAsync("往診iPad", TerminalKind.Ipad);
        using var certificate = await client.IssueAndDownloadAsync(id);

        using var response = await client.RevokeTerminalAsync(id, "LostOrStolen");
        var page = await client.FollowAsync(response);

        Assert.Contains("端末の証明書を失効させ、利用終了にしました。", page.Text(), StringComparison.Ordinal);
        var record = Assert.Single(await portal.CertificatesOfAsync(id));
        Assert.Equal(CertificateRevocationReason.KeyCompromise, record.RevocationReason);
        Assert.Equal("term.lost", record.RevokedBy);
        Assert.True((await portal.TerminalAsync(id)).IsRetired);
        Assert.Null(page.QuerySelector($"form[action='/facility/terminals/{id}/certificate']"));
        var crl = CrlReader.Read(await client.GetCrlAsync());
        Assert.True(crl.Entries.ContainsKey(certificate.SerialNumber));
    }

    [Fact]
    public async Task Ten_minutes_after_sign_in_issuing_asks_for_password_and_code_first_but_revoking_a_lost_iPad_does_not()
    {
        var facility = await portal.AddFacilityAsync("再認証クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "term.reauth");
        using var client = await portal.SignedInClientAsync("term.reauth");
        var pc = await client.RegisterTerminalAsync("受付PC");
        var ipad = await client.RegisterTerminalAsync("往診iPad", TerminalKind.Ipad);
        using var lost = await client.IssueAndDownloadAsync(ipad);
        var page = await client.GetDocumentAsync($"/facility/terminals/{pc}");
        portal.Clock.Advance(TimeSpan.FromMinutes(11));

        using var revoked = await client.RevokeTerminalAsync(ipad, "LostOrStolen");
        using var asked = await client.SubmitAsync(page.Form($"/facility/terminals/{pc}/certificate"), new Dictionary<string, string>());

        Assert.Equal($"/facility/terminals/{ipad}", revoked.Headers.Location?.OriginalString);
        Assert.True((await portal.TerminalAsync(ipad)).IsRetired);
        Assert.Equal($"/account/reauthenticate?returnUrl=%2Ffacility%2Fterminals%2F{pc}%2Fcertificate", asked.Headers.Location?.OriginalString);
        Assert.Empty(await portal.CertificatesOfAsync(pc));
        using var back = await client.ReauthenticateAsync(asked);
        Assert.Equal($"/facility/terminals/{pc}/certificate", back.Headers.Location?.OriginalString);
        using var toPage = await client.GetAsync(back.Headers.Location);
        Assert.Equal($"/facility/terminals/{pc}", toPage.Headers.Location?.OriginalString);
        using var issued = await client.IssueAndDownloadAsync(pc);
        Assert.Single(await portal.CertificatesOfAsync(pc));
    }

    [Fact]
    public async Task Revoking_without_a_reason_is_refused_and_changes_nothing()
    {
        var facility = await portal.AddFacilityAsync("理由なしクリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "term.noreason");
        using var client = await portal.SignedInClientAsync("term.noreason");
        var id = await client.RegisterTerminalAsync("受付PC");

        var page = await client.GetDocumentAsync($"/facility/terminals/{id}");
        using var response = await client.SubmitAsync(page.Form($"/facility/terminals/{id}/revoke"), new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await portal.TerminalAsync(id)).IsRetired);
    }

    [Fact]
    public async Task The_terminal_allowance_counts_live_certificates_and_a_revoked_terminal_frees_its_place()
    {
        var facility = await portal.AddFacilityAsync("上限クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "term.allowance");
        using var client = await portal.SignedInClientAsync("term.allowance");
        var ids = new List<Guid>();
        for (var i = 1; i <= 4; i++)
        {
            ids.Add(await client.RegisterTerminalAsync($"PC-{i}"));
        }

        for (var i = 0; i < 3; i++)
        {
            (await client.IssueAndDownloadAsync(ids[i])).Dispose();
        }

        var full = await client.GetDocumentAsync($"/facility/terminals/{ids[3]}");
        Assert.Null(full.QuerySelector($"form[action='/facility/terminals/{ids[3]}/certificate']"));
        using var refused = await client.PostWithTokenAsync(full, $"/facility/terminals/{ids[3]}/certificate",
            new Dictionary<string, string> { ["version"] = (await portal.TerminalAsync(ids[3])).Version.ToString() });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("利用できる端末数（3 台）に達しているため、発行できませんでした。", (await HtmlClient.ParseAsync(refused)).Text(), StringComparison.Ordinal);
        Assert.Empty(await portal.CertificatesOfAsync(ids[3]));

        // Renewing at the limit is allowed: the count does not change.
        portal.Clock.Advance(TimeSpan.FromMinutes(1));
        (await client.IssueAndDownloadAsync(ids[0])).Dispose();
        (await client.RevokeTerminalAsync(ids[2], "Disposed")).Dispose();
        (await client.IssueAndDownloadAsync(ids[3])).Dispose();

        Assert.Single(await portal.CertificatesOfAsync(ids[3]));
        Assert.Equal(CertificateRevocationReason.CessationOfOperation, Assert.Single(await portal.CertificatesOfAsync(ids[2])).RevocationReason);
    }

    [Fact]
    public async Task The_list_shows_expiry_and_last_use_of_each_terminal()
    {
        var facility = await portal.AddFacilityAsync("最終利用クリニック");
        await portal.CreateFacilityAdministratorAsync(facility, "term.lastuse");
        using var client = await portal.SignedInClientAsync("term.lastuse");
        var id = await client.RegisterTerminalAsync("受付PC");
        (await client.IssueAndDownloadAsync(id)).Dispose();
        var record = Assert.Single(await portal.CertificatesOfAsync(id));
        await portal.WithServiceAsync<int, MioKarte.Web.Infrastructure.ClientCertificates.TerminalLastUse>(async lastUse =>
        {
            await lastUse.RecordAsync(record.Id, CancellationToken.None);
            return 0;
        });

        var row = Assert.Single((await client.GetDocumentAsync("/facility/terminals")).QuerySelectorAll("tbody tr"));

        Assert.Contains("2027/11/23", row.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(row.TextContent, "20\\d\\d/\\d\\d/\\d\\d").Count);
    }

    [Fact]
    public async Task Another_facilitys_terminal_is_not_found_for_every_action_and_the_attempt_is_logged()
    {
        var mine = await portal.AddFacilityAsync("自院クリニック");
        var theirs = await portal.AddFacilityAsync("他院クリニック");
        await portal.CreateFacilityAdministratorAsync(mine, "term.mine");
        await portal.CreateFacilityAdministratorAsync(theirs, "term.theirs");
        using var other = await portal.SignedInClientAsync("term.theirs");
        var theirTerminal = await other.RegisterTerminalAsync("他院PC");
        using var client = await portal.SignedInClientAsync("term.mine");
        var list = await client.GetDocumentAsync("/facility/terminals");
        var version = (await portal.TerminalAsync(theirTerminal)).Version.ToString();

        using var detail = await client.GetAsync(new Uri($"/facility/terminals/{theirTerminal}", UriKind.Relative));
        using var issue = await client.PostWithTokenAsync(list, $"/facility/terminals/{theirTerminal}/certificate", new Dictionary<string, string> { ["version"] = version });
        using var revoke = await client.PostWithTokenAsync(list, $"/facility/terminals/{theirTerminal}/revoke",
            new Dictionary<string, string> { ["Version"] = version, ["Reason"] = "LostOrStolen" });

        Assert.Equal(HttpStatusCode.NotFound, detail.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, issue.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Empty(await portal.CertificatesOfAsync(theirTerminal));
        Assert.False((await portal.TerminalAsync(theirTerminal)).IsRetired);
        Assert.DoesNotContain("他院PC", list.Text(), StringComparison.Ordinal);
        var log = await portal.ReadLogsOnceTheyContainAsync($"asked for terminal \"{theirTerminal}\"");
        Assert.Contains($"asked for terminal \"{theirTerminal}\" of facility \"{theirs.Id}\": answered 404", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PortalRoles.Staff, UserRights.ViewClinicalData)]
    [InlineData(PortalRoles.FacilityAdministrator, UserRights.ViewClinicalData)]
    [InlineData(PortalRoles.CouncilStaff, UserRights.None)]
    [InlineData(PortalRoles.SystemAdministrator, UserRights.None)]
    public async Task Only_an_administrator_with_the_right_to_manage_the_facility_reaches_the_terminal_pages(string role, UserRights rights)
    {
        var facility = await portal.AddFacilityAsync("権限クリニック");
        var userName = $"term.role.{role}.{rights}".ToLowerInvariant();
        var user = await portal.CreateUserAsync(userName, role, "権限 太郎", role is PortalRoles.Staff or PortalRoles.FacilityAdministrator ? facility.Id : null);
        await portal.WithServiceAsync<bool, Microsoft.AspNetCore.Identity.UserManager<PortalUser>>(async users =>
        {
            var saved = await users.FindByIdAsync(user.Id);
            saved!.Rights = rights;
            return (await users.UpdateAsync(saved)).Succeeded;
        });
        using var client = await portal.SignedInClientAsync(userName);

        foreach (var path in new[] { "/facility/terminals", "/facility/terminals/new", $"/facility/terminals/{Guid.NewGuid()}" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/access-denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_visitor_is_sent_to_sign_in()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri("/facility/terminals", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
