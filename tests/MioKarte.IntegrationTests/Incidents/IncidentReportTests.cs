using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Incidents;
using MioKarte.Core.Pki;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.IntegrationTests.Pki;
using MioKarte.Tests.Shared;

namespace MioKarte.IntegrationTests.Incidents;

/// <summary>事故報告: the facility reports, its terminals are revoked at once, the council is told and follows up.</summary>
public sealed class IncidentReportTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Reporting_a_lost_ipad_revokes_its_certificate_publishes_the_crl_and_mails_the_council()
    {
        var facility = await portal.AddFacilityAsync("紛失報告クリニック");
        var (ipad, _) = await portal.IssueAsync(facility, "訪問用iPad-1");
        var (pc, _) = await portal.IssueAsync(facility, "受付PC-1");
        await portal.CreateFacilityAdministratorAsync("ir.admin1", facility.Id, "紛失 報告者");
        using var admin = await portal.SignedInClientAsync("ir.admin1");

        var id = await admin.ReportSuccessfullyAsync(IncidentSteps.LostTerminal(), ipad.CertificateId);

        var incident = await portal.IncidentAsync(id);
        Assert.Equal(facility.Id, incident.FacilityId);
        Assert.Equal(IncidentStatus.Reported, incident.Status);
        Assert.Equal(IncidentKind.TerminalLostOrStolen, incident.Kind);
        Assert.Equal(new DateTime(2026, 11, 22, 9, 30, 0, DateTimeKind.Utc), incident.OccurredAtUtc); // 18:30 Japan time
        var terminal = Assert.Single(incident.Terminals);
        Assert.Equal((ipad.CertificateId, "訪問用iPad-1", true), (terminal.CertificateId, terminal.TerminalName, terminal.RevokedByReport));
        Assert.Equal(IncidentEventKind.Reported, Assert.Single(incident.Events).Kind);

        var revoked = await portal.CertificateRecordAsync(ipad.CertificateId);
        Assert.True(revoked.IsRevoked);
        Assert.Equal(CertificateRevocationReason.KeyCompromise, revoked.RevocationReason);
        Assert.Equal("ir.admin1", revoked.RevokedBy);
        Assert.False((await portal.CertificateRecordAsync(pc.CertificateId)).IsRevoked);

        using var anonymous = portal.CreatePortalClient();
        var crl = CrlReader.Read(await anonymous.GetCrlAsync());
        Assert.Equal(System.Security.Cryptography.X509Certificates.X509RevocationReason.KeyCompromise, crl.Entries[ipad.SerialNumber]);
        Assert.False(crl.Entries.ContainsKey(pc.SerialNumber));

        var mail = Assert.Single(await portal.OutboxAsync(m => m.Kind == "IncidentReported" && m.Subject.Contains(incident.ReferenceNumber)));
        Assert.Equal("mio-karte@eisei.or.jp", mail.ToAddress);
        Assert.Contains("紛失報告クリニック", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("端末の紛失・盗難", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/council/incidents/{id}", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("iPadが盗まれた", mail.TextBody, StringComparison.Ordinal); // the report's text stays in the portal

        var page = await admin.GetDocumentAsync($"/facility/incidents/{id}?done=reported");
        Assert.Contains("連絡協議会に通知しました", page.QuerySelector("#done")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("この報告で失効", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_the_same_report_form_twice_keeps_one_incident_one_revocation_and_one_mail()
    {
        var facility = await portal.AddFacilityAsync("二重送信クリニック");
        var (ipad, _) = await portal.IssueAsync(facility, "iPad-二重");
        await portal.CreateFacilityAdministratorAsync("ir.admin2", facility.Id);
        using var admin = await portal.SignedInClientAsync("ir.admin2");

        var (first, form) = await admin.ReportAsync(IncidentSteps.LostTerminal(), ipad.CertificateId);
        var revokedAt = (await portal.CertificateRecordAsync(ipad.CertificateId)).RevokedAtUtc;
        portal.Clock.Advance(TimeSpan.FromSeconds(3));
        using var second = await admin.SubmitAsync(form, IncidentSteps.LostTerminal());

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var count = await portal.WithServiceAsync<int, MioKarteDbContext>(db => db.SecurityIncidents.CountAsync(i => i.FacilityId == facility.Id));
        Assert.Equal(1, count);
        Assert.Equal(revokedAt, (await portal.CertificateRecordAsync(ipad.CertificateId)).RevokedAtUtc);
        var reference = (await portal.IncidentAsync(IncidentSteps.IdFrom(first))).ReferenceNumber;
        Assert.Single(await portal.OutboxAsync(m => m.Kind == "IncidentReported" && m.Subject.Contains(reference)));
        first.Dispose();
    }

    [Fact]
    public async Task Two_copies_of_one_report_arriving_together_store_one_incident()
    {
        var facility = await portal.AddFacilityAsync("同時送信クリニック");
        var (ipad, _) = await portal.IssueAsync(facility, "iPad-同時");
        await portal.CreateFacilityAdministratorAsync("ir.admin3", facility.Id);
        using var admin = await portal.SignedInClientAsync("ir.admin3");
        var page = await admin.GetDocumentAsync("/facility/incidents/new");
        var form = page.Form("/facility/incidents");
        foreach (var box in form.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=Terminals]"))
        {
            box.IsChecked = true;
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => admin.SubmitAsync(form, IncidentSteps.LostTerminal())));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location!.OriginalString).Distinct());
        var incidents = await portal.WithServiceAsync<int, MioKarteDbContext>(db => db.SecurityIncidents.CountAsync(i => i.FacilityId == facility.Id));
        Assert.Equal(1, incidents);
        Assert.True((await portal.CertificateRecordAsync(ipad.CertificateId)).IsRevoked);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_lost_terminal_report_without_a_terminal_is_refused_with_what_to_do_and_revokes_nothing()
    {
        var facility = await portal.AddFacilityAsync("未選択クリニック");
        var (pc, _) = await portal.IssueAsync(facility, "受付PC-未選択");
        await portal.CreateFacilityAdministratorAsync("ir.admin4", facility.Id);
        using var admin = await portal.SignedInClientAsync("ir.admin4");

        var values = IncidentSteps.LostTerminal("2099-01-01T00:00");
        values["Description"] = "";
        var (response, _) = await admin.ReportAsync(values);

        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var page = await HtmlClient.ParseAsync(response);
            var summary = page.QuerySelector("#error-summary")!.TextContent;
            Assert.Contains("該当する端末を選んでください", summary, StringComparison.Ordinal);
            Assert.Contains("発生日時が未来になっています", summary, StringComparison.Ordinal);
            Assert.Contains("発生した事象を書いてください", summary, StringComparison.Ordinal);
        }

        Assert.False((await portal.CertificateRecordAsync(pc.CertificateId)).IsRevoked);
        Assert.Equal(0, await portal.WithServiceAsync<int, MioKarteDbContext>(db => db.SecurityIncidents.CountAsync(i => i.FacilityId == facility.Id)));
    }

    [Fact]
    public async Task A_lost_ipad_revoked_before_the_report_is_offered_and_recorded_as_already_revoked()
    {
        var facility = await portal.AddFacilityAsync("先に失効クリニック");
        var (ipad, _) = await portal.IssueAsync(facility, "往診用iPad-失効済み");
        var (pc, _) = await portal.IssueAsync(facility, "受付PC-失効済み");
        await portal.RevokeAsync(ipad.CertificateId, "ir.admin10", CertificateRevocationReason.KeyCompromise);
        var revokedAt = (await portal.CertificateRecordAsync(ipad.CertificateId)).RevokedAtUtc;
        await portal.CreateFacilityAdministratorAsync("ir.admin10", facility.Id);
        using var admin = await portal.SignedInClientAsync("ir.admin10");

        var form = await admin.GetDocumentAsync("/facility/incidents/new");
        var offered = form.QuerySelectorAll("#Terminals label").Select(l => l.TextContent).ToList();
        Assert.Contains(offered, t => t.Contains("往診用iPad-失効済み", StringComparison.Ordinal) && t.Contains("失効済み）", StringComparison.Ordinal));
        var id = await admin.ReportSuccessfullyAsync(IncidentSteps.LostTerminal(), ipad.CertificateId);

        var incident = await portal.IncidentAsync(id);
        Assert.Equal(IncidentKind.TerminalLostOrStolen, incident.Kind);
        var terminal = Assert.Single(incident.Terminals);
        Assert.Equal((ipad.CertificateId, "往診用iPad-失効済み", false), (terminal.CertificateId, terminal.TerminalName, terminal.RevokedByReport));
        var record = await portal.CertificateRecordAsync(ipad.CertificateId);
        Assert.Equal((revokedAt, "ir.admin10"), (record.RevokedAtUtc, record.RevokedBy)); // recorded, not revoked a second time
        Assert.False((await portal.CertificateRecordAsync(pc.CertificateId)).IsRevoked);
        var page = await admin.GetDocumentAsync($"/facility/incidents/{id}");
        Assert.Contains("報告時点で失効済み", page.QuerySelector(".incident-terminals")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_terminal_of_another_facility_cannot_be_named_so_its_certificate_stays_valid()
    {
        var facility = await portal.AddFacilityAsync("自施設クリニック");
        var other = await portal.AddFacilityAsync("他施設クリニック");
        var (own, _) = await portal.IssueAsync(facility, "自施設iPad");
        var (foreign, _) = await portal.IssueAsync(other, "他施設iPad");
        await portal.CreateFacilityAdministratorAsync("ir.admin5", facility.Id);
        using var admin = await portal.SignedInClientAsync("ir.admin5");
        var page = await admin.GetDocumentAsync("/facility/incidents/new");
        Assert.DoesNotContain("他施設iPad", page.Body!.TextContent, StringComparison.Ordinal);

        var fields = IncidentSteps.LostTerminal();
        fields["Terminals"] = foreign.CertificateId.ToString();
        fields["submissionKey"] = Guid.NewGuid().ToString();
        using var response = await admin.PostWithTokenAsync(page, "/facility/incidents", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await portal.CertificateRecordAsync(foreign.CertificateId)).IsRevoked);
        Assert.False((await portal.CertificateRecordAsync(own.CertificateId)).IsRevoked);
    }

    [Fact]
    public async Task The_council_comments_takes_in_hand_and_completes_and_the_facility_reads_each_step()
    {
        var facility = await portal.AddFacilityAsync("対応確認クリニック");
        await portal.CreateFacilityAdministratorAsync("ir.admin6", facility.Id);
        using var admin = await portal.SignedInClientAsync("ir.admin6");
        var values = IncidentSteps.LostTerminal();
        values["Kind"] = nameof(IncidentKind.MisdeliveryOrMisdisplay);
        var id = await admin.ReportSuccessfullyAsync(values);
        using var council = await portal.CouncilStaffClientAsync("ir.council", "協議会 対応者");

        var queue = await council.GetDocumentAsync("/council/incidents?facility=" + facility.Code);
        Assert.Contains(queue.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/council/incidents/{id}");

        foreach (var (button, comment, done) in new[]
                 {
                     ("", "警察への届出番号を連絡してください。", "commented"),
                     ("/start", "", "started"),
                     ("/complete", "再発防止策を確認しました。", "completed"),
                 })
        {
            var detail = await council.GetDocumentAsync($"/council/incidents/{id}");
            var form = detail.Form($"/council/incidents/{id}/comment");
            using var response = await council.SubmitAsync(form, new Dictionary<string, string> { ["comment"] = comment },
                button == "" ? null : $"/council/incidents/{id}{button}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.EndsWith($"done={done}", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var incident = await portal.IncidentAsync(id);
        Assert.Equal(IncidentStatus.Completed, incident.Status);
        Assert.Equal(
            [IncidentEventKind.Reported, IncidentEventKind.Commented, IncidentEventKind.StartedHandling, IncidentEventKind.Completed],
            incident.Events.OrderBy(e => e.Id).Select(e => e.Kind));
        Assert.All(incident.Events.Skip(1), e => Assert.True(e.ByCouncil && e.ActorName == "協議会 対応者"));

        var facilityPage = await admin.GetDocumentAsync($"/facility/incidents/{id}");
        Assert.Equal("完了", facilityPage.QuerySelector("#incident-status")!.TextContent.Trim());
        var history = facilityPage.QuerySelector(".incident-history")!.TextContent;
        Assert.Contains("警察への届出番号を連絡してください。", history, StringComparison.Ordinal);
        Assert.Contains("再発防止策を確認しました。", history, StringComparison.Ordinal);
        Assert.Null(facilityPage.QuerySelector($"form[action='/facility/incidents/{id}/comment']")); // completed: no more comments
    }

    [Fact]
    public async Task A_council_move_on_a_page_someone_changed_since_is_refused_and_names_who_changed_it()
    {
        var facility = await portal.AddFacilityAsync("競合確認クリニック");
        await portal.CreateFacilityAdministratorAsync("ir.admin7", facility.Id, "施設 追記者");
        using var admin = await portal.SignedInClientAsync("ir.admin7");
        var id = await admin.ReportSuccessfullyAsync(new Dictionary<string, string>(IncidentSteps.LostTerminal()) { ["Kind"] = "Other" });
        using var council = await portal.CouncilStaffClientAsync("ir.council2", "協議会 二人目");
        var stale = await council.GetDocumentAsync($"/council/incidents/{id}");

        var facilityPage = await admin.GetDocumentAsync($"/facility/incidents/{id}");
        using (var added = await admin.SubmitAsync(facilityPage.Form($"/facility/incidents/{id}/comment"), new Dictionary<string, string> { ["comment"] = "端末が見つかりました。" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        using var refused = await council.SubmitAsync(stale.Form($"/council/incidents/{id}/comment"), new Dictionary<string, string> { ["comment"] = "完了とします。" },
            $"/council/incidents/{id}/complete");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var page = await HtmlClient.ParseAsync(refused);
        Assert.Contains("施設 追記者 さんがすでに変更しました", page.QuerySelector("#conflict")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("完了とします。", page.QuerySelector("textarea#comment")!.TextContent);
        Assert.Equal(IncidentStatus.Reported, (await portal.IncidentAsync(id)).Status);
    }

    [Fact]
    public async Task A_facility_administrator_cannot_change_the_status_even_with_a_crafted_post()
    {
        var facility = await portal.AddFacilityAsync("状況変更クリニック");
        await portal.CreateFacilityAdministratorAsync("ir.admin8", facility.Id);
        using var admin = await portal.SignedInClientAsync("ir.admin8");
        var id = await admin.ReportSuccessfullyAsync(new Dictionary<string, string>(IncidentSteps.LostTerminal()) { ["Kind"] = "Malware" });
        var page = await admin.GetDocumentAsync($"/facility/incidents/{id}");

        using var response = await admin.PostWithTokenAsync(page, $"/council/incidents/{id}/complete",
            new Dictionary<string, string> { ["version"] = (await portal.IncidentAsync(id)).Version.ToString() });

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect);
        Assert.DoesNotContain("/council/incidents", response.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.Equal(IncidentStatus.Reported, (await portal.IncidentAsync(id)).Status);
    }
}
