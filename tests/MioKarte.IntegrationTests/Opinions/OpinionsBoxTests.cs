using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.Core.Opinions;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Opinions;

/// <summary>ご意見・ご要望 (section 4-2): a user sends one, the council answers and closes it, mails go through the outbox.</summary>
public sealed class OpinionsBoxTests(OpinionsPortal portal) : IClassFixture<OpinionsPortal>
{
    [Fact]
    public async Task A_user_sends_an_opinion_once_even_when_the_form_is_sent_twice_and_the_council_is_notified_without_its_text()
    {
        await portal.CreateMemberAsync("ob.staff1", PortalRoles.Staff, "南多摩 花子", "hanako@example.jp", "南多摩クリニック");
        using var staff = await portal.SignedInClientAsync("ob.staff1");
        var form = (await staff.GetDocumentAsync("/opinions/new")).Form("/opinions");
        var values = OpinionSteps.Values("検査結果の並び順", "患者 山田太郎さんの検査結果が古い順に表示されます。");

        using var first = await staff.SubmitAsync(form, values);
        using var second = await staff.SubmitAsync(form, values);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var opinion = await portal.WithServiceAsync<Opinion, MioKarteDbContext>(db => db.Opinions.SingleAsync(o => o.Subject == "検査結果の並び順"));
        Assert.Equal(("南多摩 花子", "南多摩クリニック", OpinionStatus.Received), (opinion.SenderName, opinion.SenderFacilityName, opinion.Status));
        var notice = Assert.Single(await portal.OutboxAsync(m => m.Kind == "OpinionReceived" && m.TextBody.Contains(opinion.Id.ToString())));
        Assert.Equal(OpinionsPortal.CouncilInbox, notice.ToAddress);
        Assert.Contains("ご要望", notice.Subject, StringComparison.Ordinal);
        Assert.Contains($"https://localhost/council/opinions/{opinion.Id}", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("山田太郎", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("検査結果の並び順", notice.TextBody + notice.Subject, StringComparison.Ordinal);

        var page = await staff.GetDocumentAsync(first.Headers.Location!.OriginalString);
        Assert.Contains("ご意見・ご要望を受け付けました。", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("検査結果の並び順", (await staff.GetDocumentAsync("/opinions")).Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_user_cannot_open_an_opinion_by_changing_the_id_in_the_address()
    {
        await portal.CreateMemberAsync("ob.staff2", PortalRoles.Staff, "南多摩 花子", null, "南多摩クリニック");
        await portal.CreateMemberAsync("ob.other2", PortalRoles.FacilityAdministrator, "八王子 次郎", null, "八王子薬局");
        using var staff = await portal.SignedInClientAsync("ob.staff2");
        var id = await staff.SendOpinionAsync(OpinionSteps.Values("他の人には見せない件名", "本文"));

        using var other = await portal.SignedInClientAsync("ob.other2");
        using var response = await other.GetAsync(new Uri($"/opinions/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("他の人には見せない件名", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("他の人には見せない件名", (await other.GetDocumentAsync("/opinions")).Body!.TextContent, StringComparison.Ordinal);
        await staff.GetDocumentAsync($"/opinions/{id}");
    }

    [Fact]
    public async Task The_council_answers_and_the_sender_reads_the_answer_on_the_portal_and_gets_a_mail_without_it()
    {
        await portal.CreateMemberAsync("ob.staff3", PortalRoles.Staff, "南多摩 花子", "hanako3@example.jp", "南多摩クリニック");
        await portal.CreateUserAsync("ob.council3", PortalRoles.CouncilStaff, "事務局 一郎");
        using var staff = await portal.SignedInClientAsync("ob.staff3");
        var id = await staff.SendOpinionAsync(OpinionSteps.Values("画像の拡大表示", "iPad で画像を拡大したいです。", OpinionCategory.Opinion));

        using var council = await portal.SignedInClientAsync("ob.council3");
        var queue = await council.GetDocumentAsync("/council/opinions");
        Assert.Contains("画像の拡大表示", queue.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
        var detail = await council.GetDocumentAsync($"/council/opinions/{id}");
        using var answered = await council.SubmitAsync(detail.Form($"/council/opinions/{id}/answer"),
            new Dictionary<string, string> { ["answer"] = "次回の改修で、二本指で拡大できるようにします。\n改修の時期はお知らせでご案内します。" });

        Assert.Equal($"/council/opinions/{id}?done=answered", answered.Headers.Location?.OriginalString);
        var mine = await staff.GetDocumentAsync($"/opinions/{id}");
        Assert.Equal("次回の改修で、二本指で拡大できるようにします。\n改修の時期はお知らせでご案内します。", mine.QuerySelector("#answer")!.TextContent);
        Assert.Contains("回答済", mine.Body!.TextContent, StringComparison.Ordinal);
        var mail = Assert.Single(await portal.OutboxAsync(m => m.Kind == "OpinionAnswered" && m.ToAddress == "hanako3@example.jp"));
        Assert.Equal("南多摩 花子", mail.ToName);
        Assert.Contains($"https://localhost/opinions/{id}", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("二本指", mail.TextBody + mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("画像の拡大表示", mail.TextBody + mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("iPad で画像", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answered_opinion_is_closed_and_the_sender_sees_it_completed()
    {
        await portal.CreateMemberAsync("ob.staff4", PortalRoles.Staff, "南多摩 花子", null, "南多摩クリニック");
        await portal.CreateUserAsync("ob.council4", PortalRoles.CouncilStaff, "事務局 一郎");
        using var staff = await portal.SignedInClientAsync("ob.staff4");
        var id = await staff.SendOpinionAsync(OpinionSteps.Values("ログイン画面の文字", "文字を大きくしてください。"));
        using var council = await portal.SignedInClientAsync("ob.council4");

        var detail = await council.GetDocumentAsync($"/council/opinions/{id}");
        Assert.Empty(detail.QuerySelectorAll($"form[action='/council/opinions/{id}/close']"));
        using var started = await council.SubmitAsync(detail.Form($"/council/opinions/{id}/start"), new Dictionary<string, string>());
        detail = await council.GetDocumentAsync($"/council/opinions/{id}");
        using var answered = await council.SubmitAsync(detail.Form($"/council/opinions/{id}/answer"), new Dictionary<string, string> { ["answer"] = "対応しました。" });
        detail = await council.GetDocumentAsync($"/council/opinions/{id}");
        using var closed = await council.SubmitAsync(detail.Form($"/council/opinions/{id}/close"), new Dictionary<string, string>());

        Assert.Equal($"/council/opinions/{id}?done=closed", closed.Headers.Location?.OriginalString);
        var opinion = await portal.FindOpinionAsync(id);
        Assert.Equal((OpinionStatus.Closed, "事務局 一郎"), (opinion.Status, opinion.ClosedBy));
        Assert.Contains("完了", (await staff.GetDocumentAsync($"/opinions/{id}")).QuerySelector(".board-status")!.TextContent, StringComparison.Ordinal);
        using var queue = await council.GetAsync(new Uri("/council/opinions", UriKind.Relative));
        Assert.DoesNotContain("ログイン画面の文字", await queue.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("ログイン画面の文字", (await council.GetDocumentAsync("/council/opinions?status=Closed")).Body!.TextContent, StringComparison.Ordinal);
        // No mail: this sender has no e-mail address.
        Assert.Empty(await portal.OutboxAsync(m => m.Kind == "OpinionAnswered" && m.TextBody.Contains(id.ToString())));
    }

    [Fact]
    public async Task An_empty_answer_is_refused_in_Japanese_and_the_opinion_does_not_move()
    {
        await portal.CreateMemberAsync("ob.staff5", PortalRoles.Staff, "南多摩 花子", "hanako5@example.jp", null);
        await portal.CreateUserAsync("ob.council5", PortalRoles.CouncilStaff, "事務局 一郎");
        using var staff = await portal.SignedInClientAsync("ob.staff5");
        var id = await staff.SendOpinionAsync(OpinionSteps.Values("空の回答", "本文"));
        using var council = await portal.SignedInClientAsync("ob.council5");
        var detail = await council.GetDocumentAsync($"/council/opinions/{id}");

        using var response = await council.SubmitAsync(detail.Form($"/council/opinions/{id}/answer"), new Dictionary<string, string> { ["answer"] = " \n " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Equal("回答を入力してください。", page.QuerySelector("#answer-error")!.TextContent);
        var opinion = await portal.FindOpinionAsync(id);
        Assert.Equal(OpinionStatus.Received, opinion.Status);
        Assert.Null(opinion.Answer);
    }

    [Fact]
    public async Task An_opinion_with_errors_is_refused_in_Japanese_and_nothing_is_sent()
    {
        await portal.CreateUserAsync("ob.staff6", PortalRoles.Staff, "南多摩 花子");
        using var staff = await portal.SignedInClientAsync("ob.staff6");
        var page = await staff.GetDocumentAsync("/opinions/new");

        using var response = await staff.SubmitAsync(page.Form("/opinions"), new Dictionary<string, string>
        {
            ["Subject"] = new('件', Opinion.SubjectMaxLength + 1),
            ["Body"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = await HtmlClient.ParseAsync(response);
        Assert.Equal("種別を選んでください。", form.QuerySelector("#Category-error")!.TextContent);
        Assert.Equal("件名は100文字以内で入力してください（現在 101 文字）。", form.QuerySelector("#Subject-error")!.TextContent);
        Assert.Equal("内容を入力してください。", form.QuerySelector("#Body-error")!.TextContent);
        Assert.Empty((await staff.GetDocumentAsync("/opinions")).QuerySelectorAll(".opinion-list__item"));
    }

    [Fact]
    public async Task Two_council_members_acting_at_once_the_second_is_told_who_changed_it()
    {
        await portal.CreateMemberAsync("ob.staff7", PortalRoles.Staff, "南多摩 花子", null, "南多摩クリニック");
        await portal.CreateUserAsync("ob.council7a", PortalRoles.CouncilStaff, "事務局 一郎");
        await portal.CreateUserAsync("ob.council7b", PortalRoles.CouncilStaff, "事務局 二郎");
        using var staff = await portal.SignedInClientAsync("ob.staff7");
        var id = await staff.SendOpinionAsync(OpinionSteps.Values("同時操作", "本文"));
        using var first = await portal.SignedInClientAsync("ob.council7a");
        using var second = await portal.SignedInClientAsync("ob.council7b");
        var firstPage = await first.GetDocumentAsync($"/council/opinions/{id}");
        var secondPage = await second.GetDocumentAsync($"/council/opinions/{id}");

        using var answered = await second.SubmitAsync(secondPage.Form($"/council/opinions/{id}/answer"), new Dictionary<string, string> { ["answer"] = "二郎の回答" });
        using var late = await first.SubmitAsync(firstPage.Form($"/council/opinions/{id}/answer"), new Dictionary<string, string> { ["answer"] = "一郎の回答" });

        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var page = await HtmlClient.ParseAsync(late);
        Assert.Contains("事務局 二郎 さんがすでにこのご意見・ご要望を変更しました。", page.QuerySelector("#conflict")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("二郎の回答", (await portal.FindOpinionAsync(id)).Answer);
        // The stale answer is not thrown away: it stays on the page, unsaved, beside the conflict message.
        Assert.Equal("一郎の回答", page.GetElementById("unsaved-answer")!.TextContent);
        Assert.Contains("保存されていません", page.GetElementById("unsaved-answer-box")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_lists_open_opinions_first_and_filters_by_category()
    {
        await portal.CreateUserAsync("ob.staff8", PortalRoles.Staff, "南多摩 花子");
        await portal.CreateUserAsync("ob.council8", PortalRoles.CouncilStaff, "事務局 一郎");
        using var staff = await portal.SignedInClientAsync("ob.staff8");
        await staff.SendOpinionAsync(OpinionSteps.Values("不具合：印刷できない", "本文", OpinionCategory.DefectReport));
        await staff.SendOpinionAsync(OpinionSteps.Values("その他：連絡先の変更", "本文", OpinionCategory.Other));
        using var council = await portal.SignedInClientAsync("ob.council8");

        var defects = (await council.GetDocumentAsync("/council/opinions?status=all&category=DefectReport")).QuerySelector("tbody")!.TextContent;
        Assert.Contains("不具合：印刷できない", defects, StringComparison.Ordinal);
        Assert.DoesNotContain("その他：連絡先の変更", defects, StringComparison.Ordinal);
        var all = (await council.GetDocumentAsync("/council/opinions?status=all")).QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        var firstClosed = all.FindIndex(r => r.Contains("完了", StringComparison.Ordinal));
        var lastOpen = all.FindLastIndex(r => !r.Contains("完了", StringComparison.Ordinal));
        Assert.True(firstClosed < 0 || firstClosed > lastOpen, string.Join(" | ", all));
        Assert.Equal("open", ((IHtmlSelectElement)(await council.GetDocumentAsync("/council/opinions?status=nonsense")).QuerySelector("#filter-status")!).Value);
    }
}
