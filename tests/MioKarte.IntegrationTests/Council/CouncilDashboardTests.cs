using AngleSharp.Dom;
using MioKarte.Core.Applications;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>A portal with one application in each state (two awaiting documents), seeded once.</summary>
public sealed class DashboardPortal : PortalFactory, IAsyncLifetime
{
    public const string Approver = "dashboard.approver";

    public HttpClient ApproverClient { get; private set; } = null!;

    public HttpClient ColleagueClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ApproverClient = await this.CouncilStaffClientAsync(Approver, "承認 担当");
        ColleagueClient = await this.CouncilStaffClientAsync("dashboard.colleague", "登録 担当");
        var now = Clock.GetUtcNow().UtcDateTime;
        await this.AddApplicationAsync("二十日待ちクリニック", ApplicationStatus.AwaitingDocuments, submittedAtUtc: now.AddDays(-20));
        await this.AddApplicationAsync("二日待ち薬局", ApplicationStatus.AwaitingDocuments, submittedAtUtc: now.AddDays(-2));
        await this.AddApplicationAsync("審査待ち歯科", ApplicationStatus.UnderReview, submittedAtUtc: now.AddDays(-6));
        await this.AddApplicationAsync("登録待ち医院", ApplicationStatus.Approved, submittedAtUtc: now.AddDays(-9), reviewer: Approver);
        await this.AddApplicationAsync("修正待ちクリニック", ApplicationStatus.Returned, submittedAtUtc: now.AddDays(-4));
        await this.AddApplicationAsync("却下済みクリニック", ApplicationStatus.Rejected, submittedAtUtc: now.AddDays(-30));
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        ApproverClient.Dispose();
        ColleagueClient.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>本日の業務: what needs doing today, at a glance, for the person looking.</summary>
public sealed class CouncilDashboardTests(DashboardPortal portal) : IClassFixture<DashboardPortal>
{
    private HttpClient ApproverClient => portal.ApproverClient;

    private HttpClient ColleagueClient => portal.ColleagueClient;

    [Fact]
    public async Task The_dashboard_counts_what_needs_doing_and_lists_the_longest_waiting_first()
    {
        var page = await ColleagueClient.GetDocumentAsync("/council");

        Assert.Contains("対応が必要な申込が 4 件あります", page.QuerySelector(".council-lead")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2 件", Tile(page, "awaitingdocuments").QuerySelector(".work-tile__count")!.TextContent);
        Assert.Equal("1 件", Tile(page, "underreview").QuerySelector(".work-tile__count")!.TextContent);
        Assert.Equal("1 件", Tile(page, "approved").QuerySelector(".work-tile__count")!.TextContent);
        Assert.Equal("1 件", Tile(page, "returned").QuerySelector(".work-tile__count")!.TextContent);
        Assert.Equal(["二十日待ちクリニック", "二日待ち薬局"], Names(page, "awaitingdocuments"));
        Assert.Equal(["修正待ちクリニック"], Names(page, "returned"));
        Assert.DoesNotContain("却下済みクリニック", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sealed_originals_awaited_over_14_days_are_highlighted_with_the_days_waited()
    {
        var page = await ColleagueClient.GetDocumentAsync("/council");

        var items = page.QuerySelectorAll("#work-awaitingdocuments .work-item").ToList();
        Assert.Contains("work-item--overdue", items[0].ClassList);
        Assert.Contains("申込から 20 日", items[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("14日超", items[0].QuerySelector(".overdue-badge")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("work-item--overdue", items[1].ClassList);
        Assert.Contains("申込から 2 日", items[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("うち 1 件は14日を超えています", Tile(page, "awaitingdocuments").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_approved_list_tells_each_person_whether_they_may_register_under_the_four_eyes_rule()
    {
        var asApprover = await ApproverClient.GetDocumentAsync("/council");
        var asColleague = await ColleagueClient.GetDocumentAsync("/council");

        var approverLine = asApprover.QuerySelector("#work-approved .work-item__register")!;
        var colleagueLine = asColleague.QuerySelector("#work-approved .work-item__register")!;
        Assert.Contains("承認：承認 担当。", approverLine.TextContent, StringComparison.Ordinal);
        Assert.Contains("別の職員が登録します", approverLine.TextContent, StringComparison.Ordinal);
        Assert.Contains("work-item__register--blocked", approverLine.ClassList);
        Assert.Contains("あなたが登録できます", colleagueLine.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_tile_leads_to_the_queue_filtered_to_its_status_oldest_first()
    {
        var page = await ColleagueClient.GetDocumentAsync("/council");
        var link = Tile(page, "awaitingdocuments").GetAttribute("href")!;

        var queue = await ColleagueClient.GetDocumentAsync(link);

        Assert.Equal("/council/applications?status=AwaitingDocuments&sort=updated", link);
        Assert.Equal(["二十日待ちクリニック", "二日待ち薬局"], queue.QuerySelectorAll(".queue-name").Select(n => n.TextContent));
        Assert.Contains("queue-row--overdue", queue.QuerySelector("tbody tr")!.ClassList);
    }

    [Fact]
    public async Task Council_staff_find_the_council_area_from_the_header_and_other_people_do_not()
    {
        await portal.CreateUserAsync("dashboard-staff", PortalRoles.Staff);
        using var staff = await portal.SignedInClientAsync("dashboard-staff");

        var councilHome = await ColleagueClient.GetDocumentAsync("/");
        var staffHome = await staff.GetDocumentAsync("/");
        var dashboard = await ColleagueClient.GetDocumentAsync("/council");

        Assert.NotNull(councilHome.QuerySelector(".site-header a[href='/council']"));
        Assert.Null(staffHome.QuerySelector("a[href='/council']"));
        var nav = dashboard.QuerySelectorAll(".council-nav a").Select(a => (a.GetAttribute("href"), a.TextContent)).ToList();
        Assert.Equal(
            [("/council", "ダッシュボード"), ("/council/applications", "申込一覧"), ("/council/facilities", "参加施設"),
             ("/council/certificates", "電子証明書"), ("/council/notices", "お知らせ"), ("/council/opinions", "ご意見・ご要望"),
             ("/council/incidents", "事故報告"), ("/council/access-log", "閲覧記録"), ("/council/emergency-access", "非常時アクセス")],
            nav);
        Assert.Equal("page", dashboard.QuerySelector(".council-nav a[href='/council']")!.GetAttribute("aria-current"));
        Assert.Single(dashboard.QuerySelectorAll(".council-nav"));
    }

    private static IElement Tile(IDocument page, string status) => page.QuerySelector($".work-tile--{status}")!;

    private static List<string> Names(IDocument page, string status) =>
        [.. page.QuerySelectorAll($"#work-{status} .work-item__name").Select(n => n.TextContent)];
}
