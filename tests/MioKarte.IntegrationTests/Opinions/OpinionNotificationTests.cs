using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Opinions;

/// <summary>Without <c>Council:NotificationEmail</c> the council reads new opinions in its queue only.</summary>
public sealed class OpinionNotificationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Without_a_council_address_a_new_opinion_queues_no_mail()
    {
        await portal.CreateMemberAsync("on.staff", PortalRoles.Staff, "南多摩 花子", "hanako@example.jp", null);
        using var staff = await portal.SignedInClientAsync("on.staff");

        var id = await staff.SendOpinionAsync(OpinionSteps.Values("通知なし", "本文"));

        Assert.True(await portal.WithServiceAsync<bool, MioKarteDbContext>(db => db.Opinions.AnyAsync(o => o.Id == id)));
        Assert.Empty(await portal.OutboxAsync(m => m.Kind == "OpinionReceived"));
    }
}
