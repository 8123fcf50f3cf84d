using System.Net;
using System.Security.Cryptography.X509Certificates;
using AngleSharp.Html.Dom;
using MioKarte.Core.Identity;
using MioKarte.Core.Pki;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Tests.Shared;

namespace MioKarte.IntegrationTests.Pki;

/// <summary>/council/certificates: the council lists terminal certificates and revokes them; nobody else may.</summary>
public sealed class CouncilCertificatesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_council_lists_certificates_with_facility_terminal_serial_validity_and_status()
    {
        var facility = await portal.CreateFacilityAsync("V00201", "一覧クリニック");
        var (issued, certificate) = await portal.IssueAsync(facility, "一覧PC");
        certificate.Dispose();
        using var client = await CouncilClientAsync("council.list");

        var page = await client.GetDocumentAsync("/council/certificates?facility=V00201");

        var row = Assert.Single(page.QuerySelectorAll("tbody tr"));
        Assert.Contains("V00201", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("一覧クリニック", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("一覧PC", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(issued.SerialNumber, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026/11/23 〜 2027/11/23", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("有効", row.TextContent, StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector($"a[href='/council/certificates/{issued.CertificateId}']"));
    }

    [Fact]
    public async Task The_list_filters_by_facility_code_typed_in_full_width_and_by_status()
    {
        var facility = await portal.CreateFacilityAsync("V00202", "絞込クリニック");
        var (live, liveCertificate) = await portal.IssueAsync(facility, "残すPC");
        var (gone, goneCertificate) = await portal.IssueAsync(facility, "失効PC");
        liveCertificate.Dispose();
        goneCertificate.Dispose();
        await portal.RevokeAsync(gone.CertificateId, "council-a", CertificateRevocationReason.CessationOfOperation);
        using var client = await CouncilClientAsync("council.filter");

        var all = await client.GetDocumentAsync("/council/certificates?facility=" + Uri.EscapeDataString("ｖ００２０２"));
        var revoked = await client.GetDocumentAsync("/council/certificates?facility=V00202&status=Revoked");
        var valid = await client.GetDocumentAsync("/council/certificates?facility=V00202&status=Valid");
        var none = await client.GetDocumentAsync("/council/certificates?facility=V99999");

        Assert.Equal(2, all.QuerySelectorAll("tbody tr").Length);
        Assert.Equal("V00202", ((IHtmlInputElement)all.GetElementById("facility")!).Value);
        Assert.Contains(gone.SerialNumber, Assert.Single(revoked.QuerySelectorAll("tbody tr")).TextContent, StringComparison.Ordinal);
        Assert.Contains(live.SerialNumber, Assert.Single(valid.QuerySelectorAll("tbody tr")).TextContent, StringComparison.Ordinal);
        Assert.Contains("条件に合う証明書はありません。", none.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_is_paged_fifty_at_a_time_newest_first()
    {
        var facility = await portal.CreateFacilityAsync("V00203", "多数クリニック");
        for (var i = 1; i <= 51; i++)
        {
            portal.Clock.Advance(TimeSpan.FromSeconds(1));
            (await portal.IssueAsync(facility, $"端末{i:D2}")).Certificate.Dispose();
        }

        using var client = await CouncilClientAsync("council.pages");

        var first = await client.GetDocumentAsync("/council/certificates?facility=V00203");
        var second = await client.GetDocumentAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);

        Assert.Equal(50, first.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("端末51", first.QuerySelectorAll("tbody tr")[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("端末01", Assert.Single(second.QuerySelectorAll("tbody tr")).TextContent, StringComparison.Ordinal);
        Assert.Contains("51 件中 51〜51 件目", second.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(second.QuerySelector("a[rel=next]"));
    }

    [Fact]
    public async Task Revoking_through_the_council_page_puts_the_serial_into_the_served_CRL()
    {
        var facility = await portal.CreateFacilityAsync("V00204", "失効画面クリニック");
        var (issued, certificate) = await portal.IssueAsync(facility, "盗難iPad");
        certificate.Dispose();
        using var client = await CouncilClientAsync("council.revoke");
        var detail = await client.GetDocumentAsync($"/council/certificates/{issued.CertificateId}");

        using var response = await client.SubmitAsync(detail.Form($"/council/certificates/{issued.CertificateId}/revoke"),
            new Dictionary<string, string> { ["Reason"] = nameof(CertificateRevocationReason.KeyCompromise) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("証明書を失効させ、証明書失効リスト（CRL）に反映しました。", after.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("紛失・盗難・鍵の漏えい", after.Body.TextContent, StringComparison.Ordinal);
        // Named by 氏名, not by 利用者ID.
        Assert.Contains("事務局 花子", after.Body.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("council.revoke", after.Body.TextContent, StringComparison.Ordinal);
        Assert.Empty(after.QuerySelectorAll("form[action$='/revoke']"));
        using var anonymous = portal.CreatePortalClient();
        var crl = CrlReader.Read(await anonymous.GetCrlAsync());
        Assert.Equal(X509RevocationReason.KeyCompromise, crl.Entries[issued.SerialNumber]);
    }

    [Fact]
    public async Task A_second_revocation_from_an_old_page_changes_nothing_and_says_who_revoked_it()
    {
        var facility = await portal.CreateFacilityAsync("V00205", "二重クリニック");
        var (issued, certificate) = await portal.IssueAsync(facility, "二重PC");
        certificate.Dispose();
        using var first = await CouncilClientAsync("council.first", "事務局 一郎");
        using var second = await CouncilClientAsync("council.second", "事務局 二郎");
        var firstPage = await first.GetDocumentAsync($"/council/certificates/{issued.CertificateId}");
        var secondPage = await second.GetDocumentAsync($"/council/certificates/{issued.CertificateId}");
        var action = $"/council/certificates/{issued.CertificateId}/revoke";
        using var revoked = await first.SubmitAsync(firstPage.Form(action), new Dictionary<string, string> { ["Reason"] = "Superseded" });

        using var late = await second.SubmitAsync(secondPage.Form(action), new Dictionary<string, string> { ["Reason"] = "KeyCompromise" });

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var page = await HtmlClient.ParseAsync(late);
        Assert.Contains("この証明書は council.first さんがすでに変更しました", page.Body!.TextContent, StringComparison.Ordinal);
        var record = await portal.CertificateRecordAsync(issued.CertificateId);
        Assert.Equal("council.first", record.RevokedBy);
        Assert.Equal(CertificateRevocationReason.Superseded, record.RevocationReason);
    }

    [Fact]
    public async Task A_revocation_without_a_reason_is_refused_with_a_Japanese_message()
    {
        var facility = await portal.CreateFacilityAsync("V00206", "理由なしクリニック");
        var (issued, certificate) = await portal.IssueAsync(facility, "理由なしPC");
        certificate.Dispose();
        using var client = await CouncilClientAsync("council.noreason");
        var detail = await client.GetDocumentAsync($"/council/certificates/{issued.CertificateId}");

        using var response = await client.SubmitAsync(detail.Form($"/council/certificates/{issued.CertificateId}/revoke"),
            new Dictionary<string, string> { ["Reason"] = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("失効の理由を選んでから", page.Body!.TextContent, StringComparison.Ordinal);
        var record = await portal.CertificateRecordAsync(issued.CertificateId);
        Assert.False(record.IsRevoked);
    }

    [Theory]
    [InlineData(PortalRoles.Staff)]
    [InlineData(PortalRoles.FacilityAdministrator)]
    [InlineData(PortalRoles.SystemAdministrator)]
    public async Task Users_who_are_not_council_staff_are_refused_on_every_action(string role)
    {
        var facility = await portal.CreateFacilityAsync("V0030" + PortalRoles.All.ToList().IndexOf(role), "権限クリニック " + role);
        var (issued, certificate) = await portal.IssueAsync(facility, "権限PC");
        certificate.Dispose();
        var userName = "not.council." + role.ToLowerInvariant();
        await portal.CreateUserAsync(userName, role);
        using var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync(userName);
        var version = (await portal.CertificateRecordAsync(issued.CertificateId)).Version;
        var antiforgery = await client.GetDocumentAsync("/account");
        var token = antiforgery.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";

        using var list = await client.GetAsync(new Uri("/council/certificates", UriKind.Relative));
        using var detail = await client.GetAsync(new Uri($"/council/certificates/{issued.CertificateId}", UriKind.Relative));
        using var revoke = await client.PostAsync(new Uri($"/council/certificates/{issued.CertificateId}/revoke", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Version"] = version.ToString(),
                ["Reason"] = "KeyCompromise",
                ["__RequestVerificationToken"] = token,
            }));

        foreach (var response in new[] { list, detail, revoke })
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }

        var record = await portal.CertificateRecordAsync(issued.CertificateId);
        Assert.False(record.IsRevoked);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        using var client = portal.CreatePortalClient();

        using var list = await client.GetAsync(new Uri("/council/certificates", UriKind.Relative));
        using var detail = await client.GetAsync(new Uri($"/council/certificates/{Guid.NewGuid()}", UriKind.Relative));

        Assert.All(new[] { list, detail }, response =>
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_unknown_certificate_is_not_found()
    {
        using var client = await CouncilClientAsync("council.unknown");

        using var response = await client.GetAsync(new Uri($"/council/certificates/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<HttpClient> CouncilClientAsync(string userName, string displayName = "事務局 花子")
    {
        await portal.CreateUserAsync(userName, PortalRoles.CouncilStaff, displayName);
        var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync(userName);
        return client;
    }
}
