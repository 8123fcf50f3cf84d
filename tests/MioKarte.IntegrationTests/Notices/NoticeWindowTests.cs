using System.Net;
using MioKarte.Core.Identity;
using MioKarte.Core.Notices;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Notices;

/// <summary>The publication window on the real clock of the portal: its own portal, because it moves the clock.</summary>
public sealed class NoticeWindowTests : IDisposable
{
    private readonly PortalFactory portal = new();

    [Fact]
    public async Task A_notice_is_hidden_before_its_window_shown_during_it_and_hidden_after_it()
    {
        await portal.CreateUserAsync("nw.council", PortalRoles.CouncilStaff, "事務局 一郎");
        await portal.CreateUserAsync("nw.staff", PortalRoles.Staff);
        var now = portal.Clock.GetUtcNow().UtcDateTime;
        using (var council = await portal.SignedInClientAsync("nw.council"))
        {
            await council.PostNoticeAsync(NoticeSteps.Values("システム停止のお知らせ", NoticeAudience.FacilityMembers, now.AddHours(1), now.AddHours(3)));
            var list = await council.GetDocumentAsync("/council/notices");
            Assert.Contains("予約", list.QuerySelector("tbody tr")!.TextContent, StringComparison.Ordinal);
        }

        var id = await portal.NoticeIdAsync("システム停止のお知らせ");
        Assert.Equal(now.AddHours(1), (await portal.FindNoticeAsync(id)).PublishFromUtc);

        Assert.False(await StaffSeesAsync(id));
        portal.Clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.False(await StaffSeesAsync(id));
        portal.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await StaffSeesAsync(id));
        portal.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.True(await StaffSeesAsync(id));
        portal.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await StaffSeesAsync(id));

        using var again = await portal.SignedInClientAsync("nw.council");
        Assert.Contains("終了", (await again.GetDocumentAsync("/council/notices")).QuerySelector("tbody tr")!.TextContent, StringComparison.Ordinal);
    }

    public void Dispose() => portal.Dispose();

    /// <summary>Signs in afresh (the clock may have ended the last session) and looks on the home page and by id.</summary>
    private async Task<bool> StaffSeesAsync(Guid id)
    {
        using var staff = await portal.SignedInClientAsync("nw.staff");
        var onHome = (await staff.GetDocumentAsync("/")).Body!.TextContent.Contains("システム停止のお知らせ", StringComparison.Ordinal);
        using var detail = await staff.GetAsync(new Uri($"/notices/{id}", UriKind.Relative));
        Assert.Equal(onHome, detail.StatusCode == HttpStatusCode.OK);
        Assert.Equal(onHome ? HttpStatusCode.OK : HttpStatusCode.NotFound, detail.StatusCode);
        return onHome;
    }
}
