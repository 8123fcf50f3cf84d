using System.Net;
using MioKarte.Core.Applications;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>
/// The narrowest race: another council member saves after this request read the application but
/// before it wrote. The version check in the UPDATE catches it; nothing of the loser is kept.
/// </summary>
public sealed class ConcurrentSaveTests(RacingPortal portal) : IClassFixture<RacingPortal>
{
    [Fact]
    public async Task A_change_saved_between_reading_and_writing_is_detected_by_the_version_and_nothing_of_the_second_is_kept()
    {
        using var client = await portal.CouncilStaffClientAsync("council.late", "遅れ 六郎");
        await portal.CreateUserAsync("racer", PortalRoles.CouncilStaff, "横入 五郎");
        var application = await portal.AddApplicationAsync("競合保存クリニック", ApplicationStatus.UnderReview);
        var page = await client.GetDocumentAsync($"/council/applications/{application.Id}");
        portal.Race.Arm(_ => portal.ChangeStoredAsync(application.Id, (stored, now) => stored.Approve("racer", now)));

        using var response = await client.SubmitAsync(page.Form($"/council/applications/{application.Id}/return"), new Dictionary<string, string>
        {
            ["comment"] = "電話番号をご確認ください。",
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var refused = await HtmlClient.ParseAsync(response);
        Assert.Equal("横入 五郎さんが 2026/11/23 09:00 にこの申込を変更しました。最新の内容を確認してからやり直してください。", refused.GetElementById("decision-problem")!.TextContent);
        var after = await portal.StoredAsync(application.Id);
        Assert.Equal(ApplicationStatus.Approved, after.Status);
        Assert.DoesNotContain(after.Events, e => e.Status == ApplicationStatus.Returned);
        Assert.Empty(await portal.OutboxAsync(m => m.Kind == "ApplicationReturned" && m.Subject.Contains(application.ReceiptNumber)));
    }
}
