using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MioKarte.Core.Applications;
using MioKarte.Core.Mail;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Areas.Apply.Application;

namespace MioKarte.IntegrationTests.Council;

/// <summary>The detail page and the decisions 書類受領・承認・差戻し・却下, through the real forms.</summary>
public sealed class ApplicationDecisionTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_detail_page_shows_every_stated_field_the_forms_and_the_history_with_names_in_Japan_time()
    {
        const string reviewer = "council.shinsa";
        using var client = await portal.CouncilStaffClientAsync(reviewer, "審査 一郎");
        var submitted = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        var application = await portal.AddApplicationAsync("詳細確認クリニック", ApplicationStatus.UnderReview,
            d => d with { Fax = "042-663-0199" }, submitted, reviewer);

        var page = await client.GetDocumentAsync($"/council/applications/{application.Id}");
        var text = page.Body!.TextContent;

        var stored = (await portal.StoredAsync(application.Id)).Data;
        foreach (var property in typeof(ParticipationApplicationData).GetProperties().Where(p => p.PropertyType == typeof(string)))
        {
            if (property.GetValue(stored) is string { Length: > 0 } value)
            {
                Assert.True(text.Contains(value, StringComparison.Ordinal), $"{property.Name} ({value}) is not on the page");
            }
        }

        Assert.Contains("診療所", text, StringComparison.Ordinal);
        Assert.Contains("インターネット（SSL暗号化通信）", text, StringComparison.Ordinal);
        Assert.Contains("2027/01/04", text, StringComparison.Ordinal);
        Assert.Equal(3, page.QuerySelectorAll(".facts--wide dd").Count(dd => dd.TextContent == "同意済み"));
        Assert.Equal("審査中", page.GetElementById("current-status")!.TextContent);
        var history = page.QuerySelectorAll(".history__entry").Select(e => e.TextContent).ToList();
        Assert.Equal(3, history.Count);
        Assert.Contains("2026/11/20 09:00", history[0], StringComparison.Ordinal);
        Assert.Contains("申込者", history[0], StringComparison.Ordinal);
        Assert.Contains("システム", history[1], StringComparison.Ordinal);
        Assert.Contains("2026/11/20 10:00", history[2], StringComparison.Ordinal);
        Assert.Contains("審査 一郎", history[2], StringComparison.Ordinal);
        Assert.Contains("審査中", history[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_form_of_the_application_downloads_as_a_PDF_and_unknown_ones_are_not_found()
    {
        using var client = await portal.CouncilStaffClientAsync("council.shorui", "書類 確認");
        var application = await portal.AddApplicationAsync("書類ダウンロード医院");
        var page = await client.GetDocumentAsync($"/council/applications/{application.Id}");
        var links = page.QuerySelectorAll(".form-downloads a").Select(a => a.GetAttribute("href")!).ToList();

        using var pdf = await client.GetAsync(new Uri(links[0], UriKind.Relative));
        using var missingForm = await client.GetAsync(new Uri($"/council/applications/{application.Id}/forms/9", UriKind.Relative));
        using var missingApplication = await client.GetAsync(new Uri($"/council/applications/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(2, links.Count);
        Assert.Equal($"/council/applications/{application.Id}/forms/0", links[0]);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition!.DispositionType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(), 0, 4), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missingForm.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingApplication.StatusCode);
    }

    [Theory]
    [InlineData(ApplicationStatus.AwaitingDocuments, new[] { "receive-documents", "reject" })]
    [InlineData(ApplicationStatus.UnderReview, new[] { "approve", "return", "reject" })]
    [InlineData(ApplicationStatus.Returned, new[] { "reject" })]
    [InlineData(ApplicationStatus.Approved, new[] { "register", "reject" })]
    [InlineData(ApplicationStatus.Registered, new string[0])]
    [InlineData(ApplicationStatus.Rejected, new string[0])]
    public async Task Only_the_decisions_legal_in_the_current_status_are_offered(ApplicationStatus status, string[] offered)
    {
        using var client = await portal.CouncilStaffClientAsync("council.gamen", "画面 確認");
        var application = await portal.AddApplicationAsync($"ボタン確認{status}", status);

        var page = await client.GetDocumentAsync($"/council/applications/{application.Id}");

        var prefix = $"/council/applications/{application.Id}/";
        var actions = page.QuerySelectorAll<IHtmlFormElement>("form")
            .Select(f => f.GetAttribute("action")!)
            .Where(a => a.StartsWith(prefix, StringComparison.Ordinal))
            .Select(a => a[prefix.Length..])
            .ToList();
        Assert.Equal(offered.Order(), actions.Order());
    }

    [Fact]
    public async Task Documents_are_received_and_the_application_approved_through_the_forms_with_who_and_when_recorded()
    {
        const string userName = "council.juryou";
        using var client = await portal.CouncilStaffClientAsync(userName, "受領 花子");
        var application = await portal.AddApplicationAsync("受領承認クリニック");
        var page = await client.GetDocumentAsync($"/council/applications/{application.Id}");

        using var received = await client.SubmitAsync(page.Form($"/council/applications/{application.Id}/receive-documents"), new Dictionary<string, string>());
        page = await client.FollowAsync(received);
        Assert.Equal("審査中", page.GetElementById("current-status")!.TextContent);
        Assert.Contains("書類を受領しました", page.GetElementById("decision-done")!.TextContent, StringComparison.Ordinal);

        using var approved = await client.SubmitAsync(page.Form($"/council/applications/{application.Id}/approve"), new Dictionary<string, string>());
        page = await client.FollowAsync(approved);

        Assert.Equal("承認", page.GetElementById("current-status")!.TextContent);
        Assert.Contains("受領 花子", page.QuerySelectorAll(".history__entry").Last().TextContent, StringComparison.Ordinal);
        var stored = await portal.StoredAsync(application.Id);
        Assert.Equal(ApplicationStatus.Approved, stored.Status);
        Assert.Equal(userName, stored.ApprovedBy);
        Assert.Equal([ApplicationStatus.UnderReview, ApplicationStatus.Approved], stored.InOrder().Skip(2).Select(e => e.Status));
        Assert.All(stored.InOrder().Skip(2), e => Assert.Equal(userName, e.Actor));
        Assert.All(stored.InOrder().Skip(2), e => Assert.Equal(portal.Clock.GetUtcNow().UtcDateTime, e.AtUtc));
    }

    [Theory]
    [InlineData(ApplicationStatus.AwaitingDocuments, "approve", "書類到着待ち", "承認")]
    [InlineData(ApplicationStatus.AwaitingDocuments, "return", "書類到着待ち", "差戻し")]
    [InlineData(ApplicationStatus.UnderReview, "receive-documents", "審査中", "書類受領")]
    [InlineData(ApplicationStatus.Returned, "approve", "差戻し", "承認")]
    [InlineData(ApplicationStatus.Approved, "approve", "承認", "承認")]
    [InlineData(ApplicationStatus.Approved, "return", "承認", "差戻し")]
    [InlineData(ApplicationStatus.Registered, "reject", "登録完了", "却下")]
    [InlineData(ApplicationStatus.Rejected, "receive-documents", "却下", "書類受領")]
    [InlineData(ApplicationStatus.Rejected, "reject", "却下", "却下")]
    public async Task An_illegal_decision_posted_directly_is_refused_in_Japanese_and_changes_nothing(
        ApplicationStatus status, string action, string statusLabel, string decisionLabel)
    {
        using var client = await portal.CouncilStaffClientAsync("council.fusei", "不正 操作");
        var application = await portal.AddApplicationAsync($"不正操作{status}{action}", status);
        var before = await portal.StoredAsync(application.Id);
        var page = await client.GetDocumentAsync($"/council/applications/{application.Id}");

        using var response = await client.PostWithTokenAsync(page, $"/council/applications/{application.Id}/{action}", new Dictionary<string, string>
        {
            ["version"] = before.Version.ToString(),
            ["comment"] = "理由を書きました。",
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var refused = await HtmlClient.ParseAsync(response);
        Assert.Equal($"この申込は現在「{statusLabel}」のため、「{decisionLabel}」はできません。最新の内容を確認してください。", refused.GetElementById("decision-problem")!.TextContent);
        var after = await portal.StoredAsync(application.Id);
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Events.Count, after.Events.Count);
        Assert.Equal(0, await MailCountAsync(application.ReceiptNumber));
    }

    [Fact]
    public async Task When_two_staff_act_at_once_the_second_is_told_who_changed_it_and_keeps_the_comment_typed()
    {
        const string firstUser = "council.sente1";
        using var first = await portal.CouncilStaffClientAsync(firstUser, "先手 太郎");
        using var second = await portal.CouncilStaffClientAsync("council.gote1", "後手 次郎");
        var application = await portal.AddApplicationAsync("同時操作クリニック", ApplicationStatus.UnderReview);
        var firstPage = await first.GetDocumentAsync($"/council/applications/{application.Id}");
        var secondPage = await second.GetDocumentAsync($"/council/applications/{application.Id}");

        using var approved = await first.SubmitAsync(firstPage.Form($"/council/applications/{application.Id}/approve"), new Dictionary<string, string>());
        using var returned = await second.SubmitAsync(secondPage.Form($"/council/applications/{application.Id}/return"), new Dictionary<string, string>
        {
            ["comment"] = "管理者の役職を確認してください。",
        });

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, returned.StatusCode);
        var page = await HtmlClient.ParseAsync(returned);
        Assert.Equal("先手 太郎さんが 2026/11/23 09:00 にこの申込を変更しました。最新の内容を確認してからやり直してください。", page.GetElementById("decision-problem")!.TextContent);
        Assert.Equal("承認", page.GetElementById("current-status")!.TextContent);
        Assert.Equal("管理者の役職を確認してください。", page.QuerySelector<IHtmlTextAreaElement>("#kept-comment-text")!.Value);
        var stored = await portal.StoredAsync(application.Id);
        Assert.Equal(ApplicationStatus.Approved, stored.Status);
        Assert.Equal(firstUser, stored.LastActor);
        Assert.DoesNotContain(stored.Events, e => e.Status == ApplicationStatus.Returned);
        Assert.Equal(0, await MailCountAsync(application.ReceiptNumber));
    }

    [Fact]
    public async Task A_rejection_refused_by_a_conflict_keeps_its_reason_in_its_own_form()
    {
        using var first = await portal.CouncilStaffClientAsync("council.sente2", "先手 三郎");
        using var second = await portal.CouncilStaffClientAsync("council.gote2", "後手 四郎");
        var application = await portal.AddApplicationAsync("同時却下クリニック", ApplicationStatus.AwaitingDocuments);
        var firstPage = await first.GetDocumentAsync($"/council/applications/{application.Id}");
        var secondPage = await second.GetDocumentAsync($"/council/applications/{application.Id}");

        using var received = await first.SubmitAsync(firstPage.Form($"/council/applications/{application.Id}/receive-documents"), new Dictionary<string, string>());
        using var rejected = await second.SubmitAsync(secondPage.Form($"/council/applications/{application.Id}/reject"), new Dictionary<string, string>
        {
            ["comment"] = "対象地域外です。",
        });

        Assert.Equal(HttpStatusCode.Conflict, rejected.StatusCode);
        var page = await HtmlClient.ParseAsync(rejected);
        Assert.Contains("先手 三郎さんが", page.GetElementById("decision-problem")!.TextContent, StringComparison.Ordinal);
        var form = page.Form($"/council/applications/{application.Id}/reject");
        Assert.Equal("対象地域外です。", form.QuerySelector<IHtmlTextAreaElement>("textarea")!.Value);
        Assert.True(page.QuerySelector<IHtmlDetailsElement>("details.decision-details--danger")!.IsOpen);
        Assert.Equal(ApplicationStatus.UnderReview, (await portal.StoredAsync(application.Id)).Status);

        // The page now carries the latest version: posting again goes through.
        using var again = await second.SubmitAsync(form, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(ApplicationStatus.Rejected, (await portal.StoredAsync(application.Id)).Status);
    }

    [Fact]
    public async Task The_same_decision_posted_twice_is_done_once()
    {
        using var client = await portal.CouncilStaffClientAsync("council.nidooshi", "二度 押し");
        var application = await portal.AddApplicationAsync("二度押しクリニック", ApplicationStatus.UnderReview);
        var page = await client.GetDocumentAsync($"/council/applications/{application.Id}");
        var form = page.Form($"/council/applications/{application.Id}/return");
        var values = new Dictionary<string, string> { ["comment"] = "住所の番地をご確認ください。" };

        using var firstPost = await client.SubmitAsync(form, values);
        using var secondPost = await client.SubmitAsync(form, values);

        Assert.Equal(HttpStatusCode.Redirect, firstPost.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, secondPost.StatusCode);
        var stored = await portal.StoredAsync(application.Id);
        Assert.Single(stored.Events, e => e.Status == ApplicationStatus.Returned);
        Assert.Equal(1, await MailCountAsync(application.ReceiptNumber));
    }

    [Theory]
    [InlineData("return", "差戻しの理由を入力してください。")]
    [InlineData("reject", "却下の理由を入力してください。")]
    public async Task A_return_or_rejection_without_a_reason_is_refused_and_changes_nothing(string action, string message)
    {
        using var client = await portal.CouncilStaffClientAsync("council.riyuunashi", "理由 なし");
        var application = await portal.AddApplicationAsync($"理由なし{action}", ApplicationStatus.UnderReview);
        var before = await portal.StoredAsync(application.Id);
        var page = await client.GetDocumentAsync($"/council/applications/{application.Id}");

        using var response = await client.SubmitAsync(page.Form($"/council/applications/{application.Id}/{action}"), new Dictionary<string, string> { ["comment"] = "  \n " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, (await HtmlClient.ParseAsync(response)).GetElementById("decision-problem")!.TextContent, StringComparison.Ordinal);
        var after = await portal.StoredAsync(application.Id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(ApplicationStatus.UnderReview, after.Status);
    }

    [Fact]
    public async Task A_return_mails_the_administrator_in_Japanese_with_the_status_link_and_the_applicant_can_correct_and_resubmit()
    {
        using var client = await portal.CouncilStaffClientAsync("council.sashimodoshi", "差戻 担当");
        var application = await portal.AddApplicationAsync("差戻メールクリニック", ApplicationStatus.UnderReview);
        var page = await client.GetDocumentAsync($"/council/applications/{application.Id}");
        const string comment = "開設者の役職が原本と異なります。\n正しい役職に修正してください。";

        using var returned = await client.SubmitAsync(page.Form($"/council/applications/{application.Id}/return"), new Dictionary<string, string> { ["comment"] = comment });
        page = await client.FollowAsync(returned);

        Assert.Equal("差戻し", page.GetElementById("current-status")!.TextContent);
        var mail = await SentMailAsync("ApplicationReturned", application.ReceiptNumber);
        var statusUrl = $"https://localhost/apply/status/{application.StatusToken}";
        Assert.Equal("kanri@example.jp", mail.To.Mailboxes.Single().Address);
        Assert.Equal($"【MIO Karte】参加申込の修正のお願い（受付番号 {application.ReceiptNumber}）", mail.Subject);
        Assert.Contains("差戻メールクリニック", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("南多摩　花子 様", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("開設者の役職が原本と異なります。", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(statusUrl, mail.TextBody, StringComparison.Ordinal);

        // The applicant follows the link: the comment is there, and the corrected application goes back to review.
        using var applicant = portal.CreatePortalClient();
        var status = await applicant.GetDocumentAsync(new Uri(statusUrl).PathAndQuery);
        Assert.Contains("正しい役職に修正してください。", status.Body!.TextContent, StringComparison.Ordinal);
        await applicant.GetDocumentAsync(new Uri(statusUrl).PathAndQuery + "/edit");
        var corrected = SampleApplication.Input("差戻メールクリニック");
        corrected.FounderTitle = "理事長";
        var outcome = await portal.WithServiceAsync<ResubmitOutcome, ResubmitApplicationHandler>(h => h.HandleAsync(application.StatusToken, corrected));

        Assert.IsType<ResubmitOutcome.Resubmitted>(outcome);
        var detail = await client.GetDocumentAsync($"/council/applications/{application.Id}");
        Assert.Equal("審査中", detail.GetElementById("current-status")!.TextContent);
        Assert.Contains("理事長", detail.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("申込者", detail.QuerySelectorAll(".history__entry").Last().TextContent, StringComparison.Ordinal);
        Assert.Contains("開設者の役職が原本と異なります。", detail.QuerySelector(".history__comment")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejection_mails_the_administrator_the_reason_in_Japanese_and_the_status_page_shows_it()
    {
        using var client = await portal.CouncilStaffClientAsync("council.kyakka", "却下 担当");
        var application = await portal.AddApplicationAsync("却下メールクリニック", ApplicationStatus.Approved);
        var page = await client.GetDocumentAsync($"/council/applications/{application.Id}");

        using var rejected = await client.SubmitAsync(page.Form($"/council/applications/{application.Id}/reject"), new Dictionary<string, string>
        {
            ["comment"] = "連携する病院の紹介実績がないため、今回はお受けできません。",
        });
        page = await client.FollowAsync(rejected);

        Assert.Equal("却下", page.GetElementById("current-status")!.TextContent);
        Assert.Empty(page.QuerySelectorAll(".decision-form"));
        var mail = await SentMailAsync("ApplicationRejected", application.ReceiptNumber);
        Assert.Equal($"【MIO Karte】参加申込の審査結果について（受付番号 {application.ReceiptNumber}）", mail.Subject);
        Assert.Contains("紹介実績がないため", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://localhost/apply/status/{application.StatusToken}", mail.TextBody, StringComparison.Ordinal);
        using var applicant = portal.CreatePortalClient();
        var status = await applicant.GetDocumentAsync($"/apply/status/{application.StatusToken}");
        Assert.Contains("紹介実績がないため", status.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_approver_sees_the_registration_button_disabled_and_another_staff_member_sees_it_enabled()
    {
        const string approverName = "council.shounin";
        using var approver = await portal.CouncilStaffClientAsync(approverName, "承認 一子");
        using var colleague = await portal.CouncilStaffClientAsync("council.touroku", "登録 二子");
        var application = await portal.AddApplicationAsync("四つの目クリニック", ApplicationStatus.Approved, reviewer: approverName);

        var approverPage = await approver.GetDocumentAsync($"/council/applications/{application.Id}");
        var colleaguePage = await colleague.GetDocumentAsync($"/council/applications/{application.Id}");

        var version = (await portal.StoredAsync(application.Id)).Version.ToString();
        var blocked = approverPage.Form($"/council/applications/{application.Id}/register");
        var open = colleaguePage.Form($"/council/applications/{application.Id}/register");
        Assert.True(blocked.QuerySelector<IHtmlButtonElement>("button")!.IsDisabled);
        Assert.Contains("あなたがこの申込を承認したため", approverPage.GetElementById("four-eyes-note")!.TextContent, StringComparison.Ordinal);
        Assert.False(open.QuerySelector<IHtmlButtonElement>("button")!.IsDisabled);
        Assert.Contains("承認した職員：承認 一子", colleaguePage.GetElementById("four-eyes-note")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(version, open.QuerySelector<IHtmlInputElement>("input[name=version]")!.Value);
        Assert.NotNull(open.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal("登録完了", open.QuerySelector("details.confirm > summary")!.TextContent);
        Assert.Equal("登録完了を確定する", open.QuerySelector("details.confirm button[type=submit]")!.TextContent); // asks once, in the page
    }

    private async Task<int> MailCountAsync(string receiptNumber) =>
        (await portal.OutboxAsync(m => (m.Kind == "ApplicationReturned" || m.Kind == "ApplicationRejected") && m.Subject.Contains(receiptNumber))).Count;

    /// <summary>The outbox row of that kind, delivered to the pickup folder and read back as the recipient gets it.</summary>
    private async Task<MimeMessage> SentMailAsync(string kind, string receiptNumber)
    {
        var queued = Assert.Single(await portal.OutboxAsync(m => m.Kind == kind && m.Subject.Contains(receiptNumber)));
        await portal.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
        return await MimeMessage.LoadAsync(Path.Combine(portal.DataFolder, "mail-pickup", $"{queued.Id:N}.eml"));
    }
}
