using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>
/// Two registrations at the same moment pick the same next facility code; the unique index lets one
/// win. The race plays the other one: just before the registration saves, it saves a facility with
/// the very code the registration chose.
/// </summary>
public sealed class FacilityCodeRaceTests(RacingPortal portal) : IClassFixture<RacingPortal>
{
    [Fact]
    public async Task A_facility_code_taken_while_registering_is_not_duplicated_the_registration_takes_the_next_one()
    {
        var id = await portal.ApprovedApplicationAsync("競合テスト歯科", "kyougou@example.jp");
        using var council = await portal.RegistrarClientAsync();
        string? stolenCode = null;
        portal.Race.Arm(
            async registration =>
            {
                var code = Registering(registration)!.Code;
                await using var scope = portal.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
                db.Facilities.Add(Facility.Create(
                    code, "同時に登録された診療所", "ドウジニトウロクサレタシンリョウジョ", FacilityType.Clinic, FacilityRole.Viewing, null,
                    "193-0832", "東京都八王子市散田町3-10-1", "042-663-0111", 1, 1, "council.other", DateTime.UtcNow));
                await db.SaveChangesAsync();
                stolenCode = code;
            },
            when: context => Registering(context) is not null);

        using var response = await council.RegisterAsync(id);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(stolenCode);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var codes = await db.Facilities.Select(f => f.Code).ToListAsync();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        var registered = await db.Facilities.SingleAsync(f => f.ApplicationId == id);
        Assert.Equal(FacilityCode.Next(FacilityRole.Viewing, [stolenCode!]), registered.Code);
        Assert.Equal(registered.Code + "-01", await db.Users.Where(u => u.FacilityId == registered.Id).Select(u => u.UserName).SingleAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.ToAddress == "kyougou@example.jp" && m.Kind == "AccountActivation"));
        Assert.Equal(ApplicationStatus.Registered, (await db.ParticipationApplications.SingleAsync(a => a.Id == id)).Status);
    }

    /// <summary>The facility a registration is about to add, if this save is one.</summary>
    private static Facility? Registering(DbContext context) =>
        context.ChangeTracker.Entries<Facility>().FirstOrDefault(e => e.State == EntityState.Added)?.Entity;
}
