using System.Net;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.Core.Notices;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Notices;

/// <summary>お知らせ: the council posts, edits and withdraws notices; each audience reads its own after sign-in.</summary>
public sealed class NoticeBoardTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_notice_posted_by_the_council_is_shown_to_a_staff_user_on_the_home_page_after_sign_in()
    {
        await portal.CreateUserAsync("nb.council1", PortalRoles.CouncilStaff, "事務局 一郎");
        await portal.CreateUserAsync("nb.staff1", PortalRoles.Staff);
        using var council = await portal.SignedInClientAsync("nb.council1");

        await council.PostNoticeAsync(NoticeSteps.Values("施設の皆様へ：年末年始の問い合わせ窓口", NoticeAudience.FacilityMembers, Now()));

        using var visitor = portal.CreatePortalClient();
        var before = await visitor.GetDocumentAsync("/");
        Assert.DoesNotContain("年末年始の問い合わせ窓口", before.Body!.TextContent, StringComparison.Ordinal);
        using var staff = await portal.SignedInClientAsync("nb.staff1");
        var home = await staff.GetDocumentAsync("/");
        var link = Assert.Single(home.QuerySelectorAll(".home-notices a.notice-list__title"), a => a.TextContent == "施設の皆様へ：年末年始の問い合わせ窓口");
        var detail = await staff.GetDocumentAsync(link.GetAttribute("href")!);
        Assert.Equal("施設の皆様へ：年末年始の問い合わせ窓口", detail.QuerySelector("h1")!.TextContent);
        var list = await council.GetDocumentAsync("/council/notices?done=posted");
        Assert.Contains("お知らせを登録しました。", list.Body!.TextContent, StringComparison.Ordinal);
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("年末年始の問い合わせ窓口", StringComparison.Ordinal));
        Assert.Contains("掲載中", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("事務局 一郎", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notice_for_another_audience_is_neither_listed_nor_opened_by_its_id()
    {
        await portal.CreateUserAsync("nb.council2", PortalRoles.CouncilStaff, "事務局 一郎");
        await portal.CreateUserAsync("nb.staff2", PortalRoles.Staff);
        await portal.CreateUserAsync("nb.admin2", PortalRoles.FacilityAdministrator);
        using var council = await portal.SignedInClientAsync("nb.council2");
        await council.PostNoticeAsync(NoticeSteps.Values("管理責任者の皆様へ：利用者IDの棚卸し", NoticeAudience.FacilityAdministrators, Now()));
        var id = await portal.NoticeIdAsync("管理責任者の皆様へ：利用者IDの棚卸し");

        using var staff = await portal.SignedInClientAsync("nb.staff2");
        Assert.DoesNotContain("利用者IDの棚卸し", (await staff.GetDocumentAsync("/")).Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("利用者IDの棚卸し", (await staff.GetDocumentAsync("/notices")).Body!.TextContent, StringComparison.Ordinal);
        using var opened = await staff.GetAsync(new Uri($"/notices/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, opened.StatusCode);

        using var admin = await portal.SignedInClientAsync("nb.admin2");
        Assert.Contains("利用者IDの棚卸し", (await admin.GetDocumentAsync("/")).Body!.TextContent, StringComparison.Ordinal);
        await admin.GetDocumentAsync($"/notices/{id}");
    }

    [Fact]
    public async Task Important_notices_come_first_and_are_marked()
    {
        await portal.CreateUserAsync("nb.council3", PortalRoles.CouncilStaff, "事務局 一郎");
        await portal.CreateUserAsync("nb.sysadmin3", PortalRoles.SystemAdministrator);
        using var council = await portal.SignedInClientAsync("nb.council3");
        await council.PostNoticeAsync(NoticeSteps.Values("重要：証明書の更新期限", NoticeAudience.AllUsers, Now().AddMinutes(-30), importance: NoticeImportance.Important));
        await council.PostNoticeAsync(NoticeSteps.Values("定例会の議事録を掲載しました", NoticeAudience.AllUsers, Now()));

        using var sysadmin = await portal.SignedInClientAsync("nb.sysadmin3");
        var items = (await sysadmin.GetDocumentAsync("/notices")).QuerySelectorAll(".notice-list__item").Select(i => i.TextContent).ToList();

        var important = items.FindIndex(t => t.Contains("証明書の更新期限", StringComparison.Ordinal));
        var normal = items.FindIndex(t => t.Contains("定例会の議事録", StringComparison.Ordinal));
        Assert.True(important >= 0 && normal > important, string.Join(" | ", items));
        Assert.Contains("重要", items[important], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notice_body_is_shown_as_plain_text_with_its_line_breaks()
    {
        await portal.CreateUserAsync("nb.council4", PortalRoles.CouncilStaff, "事務局 一郎");
        await portal.CreateUserAsync("nb.staff4", PortalRoles.Staff);
        using var council = await portal.SignedInClientAsync("nb.council4");
        await council.PostNoticeAsync(NoticeSteps.Values("表示の確認", NoticeAudience.AllUsers, Now(),
            body: "一行目\r\n二行目\r\n<script>alert(1)</script><b>太字</b>"));

        using var staff = await portal.SignedInClientAsync("nb.staff4");
        var page = await staff.GetDocumentAsync($"/notices/{await portal.NoticeIdAsync("表示の確認")}");

        var body = page.QuerySelector(".plain-text")!;
        Assert.Equal("一行目\n二行目\n<script>alert(1)</script><b>太字</b>", body.TextContent);
        Assert.Empty(body.Children);
        Assert.Empty(page.QuerySelectorAll("main script"));
    }

    [Fact]
    public async Task Two_council_members_editing_at_once_the_second_is_told_who_changed_it_and_nothing_is_overwritten()
    {
        await portal.CreateUserAsync("nb.council5a", PortalRoles.CouncilStaff, "事務局 一郎");
        await portal.CreateUserAsync("nb.council5b", PortalRoles.CouncilStaff, "事務局 二郎");
        using var first = await portal.SignedInClientAsync("nb.council5a");
        using var second = await portal.SignedInClientAsync("nb.council5b");
        await first.PostNoticeAsync(NoticeSteps.Values("研修会のご案内", NoticeAudience.AllUsers, Now()));
        var id = await portal.NoticeIdAsync("研修会のご案内");
        var firstPage = await first.GetDocumentAsync($"/council/notices/{id}/edit");
        var secondPage = await second.GetDocumentAsync($"/council/notices/{id}/edit");

        using var saved = await second.SubmitAsync(secondPage.Form($"/council/notices/{id}"), new Dictionary<string, string> { ["Title"] = "研修会のご案内（会場変更）" });
        using var late = await first.SubmitAsync(firstPage.Form($"/council/notices/{id}"), new Dictionary<string, string> { ["Title"] = "研修会のご案内（日程変更）" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var page = await HtmlClient.ParseAsync(late);
        Assert.Contains("事務局 二郎 さんがすでにこのお知らせを変更しました。", page.QuerySelector("#conflict")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("研修会のご案内（日程変更）", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#Title")!).Value);
        var stored = await portal.FindNoticeAsync(id);
        Assert.Equal("研修会のご案内（会場変更）", stored.Title);
        Assert.Equal("事務局 二郎", stored.UpdatedBy);
    }

    [Fact]
    public async Task A_notice_with_errors_is_refused_in_Japanese_and_nothing_is_saved()
    {
        await portal.CreateUserAsync("nb.council6", PortalRoles.CouncilStaff, "事務局 一郎");
        using var council = await portal.SignedInClientAsync("nb.council6");
        var before = await CountAsync();
        var values = NoticeSteps.Values("", NoticeAudience.AllUsers, Now(), Now().AddHours(-1), body: new string('長', Notice.BodyMaxLength + 1));

        var form = await council.GetDocumentAsync("/council/notices/new");
        using var response = await council.SubmitAsync(form.Form("/council/notices"), values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Equal("件名を入力してください。", page.QuerySelector("#Title-error")!.TextContent);
        Assert.Equal("本文は4000文字以内で入力してください（現在 4001 文字）。", page.QuerySelector("#Body-error")!.TextContent);
        Assert.Equal("掲載終了日時は掲載開始日時より後の日時にしてください。", page.QuerySelector("#PublishUntil-error")!.TextContent);
        Assert.Contains("入力内容に 3 件の誤りがあります。", page.QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task The_same_create_form_sent_twice_posts_one_notice()
    {
        await portal.CreateUserAsync("nb.council7", PortalRoles.CouncilStaff, "事務局 一郎");
        using var council = await portal.SignedInClientAsync("nb.council7");
        var form = (await council.GetDocumentAsync("/council/notices/new")).Form("/council/notices");
        var values = NoticeSteps.Values("二重送信の確認", NoticeAudience.AllUsers, Now());

        using var first = await council.SubmitAsync(form, values);
        using var second = await council.SubmitAsync(form, values);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(1, await portal.WithServiceAsync<int, MioKarteDbContext>(db => db.Notices.CountAsync(n => n.Title == "二重送信の確認")));
    }

    [Fact]
    public async Task A_withdrawn_notice_disappears_at_once_and_a_second_withdrawal_changes_nothing()
    {
        await portal.CreateUserAsync("nb.council8", PortalRoles.CouncilStaff, "事務局 一郎");
        await portal.CreateUserAsync("nb.staff8", PortalRoles.Staff);
        using var council = await portal.SignedInClientAsync("nb.council8");
        await council.PostNoticeAsync(NoticeSteps.Values("誤って掲載したお知らせ", NoticeAudience.AllUsers, Now()));
        var id = await portal.NoticeIdAsync("誤って掲載したお知らせ");
        var edit = await council.GetDocumentAsync($"/council/notices/{id}/edit");
        var withdraw = edit.Form($"/council/notices/{id}/withdraw");

        using var first = await council.SubmitAsync(withdraw, new Dictionary<string, string>());
        var afterFirst = await portal.FindNoticeAsync(id);
        using var second = await council.SubmitAsync(withdraw, new Dictionary<string, string>());

        Assert.Equal("/council/notices?done=withdrawn", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.True(afterFirst.IsWithdrawn);
        Assert.Equal(afterFirst.Version, (await portal.FindNoticeAsync(id)).Version);
        using var staff = await portal.SignedInClientAsync("nb.staff8");
        Assert.DoesNotContain("誤って掲載したお知らせ", (await staff.GetDocumentAsync("/")).Body!.TextContent, StringComparison.Ordinal);
        using var opened = await staff.GetAsync(new Uri($"/notices/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, opened.StatusCode);
        var list = await council.GetDocumentAsync("/council/notices");
        Assert.Contains("取下げ", list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("誤って掲載したお知らせ", StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
    }

    private DateTime Now() => portal.Clock.GetUtcNow().UtcDateTime;

    private Task<int> CountAsync() => portal.WithServiceAsync<int, MioKarteDbContext>(db => db.Notices.CountAsync());
}
