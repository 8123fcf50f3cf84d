using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>Runs a step of another council member just before the next SaveChanges, to play a race.</summary>
public sealed class RaceInterceptor : SaveChangesInterceptor
{
    private Func<Task>? beforeNextSave;

    public void Arm(Func<Task> step) => beforeNextSave = step;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref beforeNextSave, null) is { } step)
        {
            await step();
        }

        return result;
    }
}

public sealed class RacingPortal : PortalFactory
{
    public RaceInterceptor Race { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureDbContext<MioKarteDbContext>(o => o.AddInterceptors(Race)));
    }
}

/// <summary>
/// The narrowest race: another council member saves after this request read the application but
/// before it wrote. The version check in the UPDATE catches it; nothing of the loser is kept.
/// </summary>
public sealed class ConcurrentSaveTests(RacingPortal portal) : IClassFixture<RacingPortal>
{
    [Fact]
    public async Task A_change_saved_between_reading_and_writing_is_detected_by_the_version_and_nothing_of_the_second_is_kept()
    {
        var (client, _) = await portal.SignedInCouncilStaffAsync("遅れ 六郎");
        await portal.CreateUserAsync("racer", PortalRoles.CouncilStaff, "横入 五郎");
        var application = await portal.AddApplicationAsync("競合保存クリニック", ApplicationStatus.UnderReview);
        var page = await client.GetDocumentAsync($"/council/applications/{application.Id}");
        portal.Race.Arm(async () =>
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            var stored = await db.ParticipationApplications.Include(a => a.Events).SingleAsync(a => a.Id == application.Id);
            stored.Approve("racer", portal.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        });

        using var response = await client.SubmitAsync(page.Form($"/council/applications/{application.Id}/return"), new Dictionary<string, string>
        {
            ["comment"] = "電話番号をご確認ください。",
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var refused = await HtmlClient.ParseAsync(response);
        Assert.Equal("横入 五郎さんが 09:00 にこの申込を変更しました。最新の内容を確認してからやり直してください。", refused.GetElementById("decision-problem")!.TextContent);
        var after = await portal.StoredAsync(application.Id);
        Assert.Equal(ApplicationStatus.Approved, after.Status);
        Assert.DoesNotContain(after.Events, e => e.Status == ApplicationStatus.Returned);
        await using var check = portal.Services.CreateAsyncScope();
        var mails = await check.ServiceProvider.GetRequiredService<MioKarteDbContext>().OutboxMessages
            .CountAsync(m => m.Kind == "ApplicationReturned" && m.Subject.Contains(application.ReceiptNumber));
        Assert.Equal(0, mails);
    }
}
