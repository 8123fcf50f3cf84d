using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>
/// Two registrations at the same moment pick the same next facility code; the unique index lets one
/// win. The interceptor plays the other one: just before the registration saves, it saves a facility
/// with the very code the registration chose.
/// </summary>
public sealed class FacilityCodeRacePortal : PortalFactory
{
    public FacilityCodeThief Thief { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureDbContext<MioKarteDbContext>(o => o.AddInterceptors(Thief)));
    }
}

public sealed class FacilityCodeThief : SaveChangesInterceptor
{
    private int armed;

    public IServiceProvider? Services { get; set; }

    public string? StolenCode { get; private set; }

    public void Arm() => Interlocked.Exchange(ref armed, 1);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        var registering = eventData.Context!.ChangeTracker.Entries<Facility>().FirstOrDefault(e => e.State == EntityState.Added)?.Entity;
        if (registering is not null && Interlocked.Exchange(ref armed, 0) == 1)
        {
            await using var scope = Services!.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            db.Facilities.Add(Facility.Create(
                registering.Code, "同時に登録された診療所", "ドウジニトウロクサレタシンリョウジョ", FacilityType.Clinic, FacilityRole.Viewing, null,
                "193-0832", "東京都八王子市散田町3-10-1", "042-663-0111", 1, 1, "council.other", DateTime.UtcNow));
            await db.SaveChangesAsync(cancellationToken);
            StolenCode = registering.Code;
        }

        return result;
    }
}

public sealed class FacilityCodeRaceTests(FacilityCodeRacePortal portal) : IClassFixture<FacilityCodeRacePortal>
{
    [Fact]
    public async Task A_facility_code_taken_while_registering_is_not_duplicated_the_registration_takes_the_next_one()
    {
        var id = await portal.ApprovedApplicationAsync("競合テスト歯科", "kyougou@example.jp");
        using var council = await portal.CouncilStaffClientAsync();
        portal.Thief.Services = portal.Services;
        portal.Thief.Arm();

        using var response = await council.RegisterAsync(id);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(portal.Thief.StolenCode);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var codes = await db.Facilities.Select(f => f.Code).ToListAsync();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        var registered = await db.Facilities.SingleAsync(f => f.ApplicationId == id);
        Assert.Equal(FacilityCode.Next(FacilityRole.Viewing, [portal.Thief.StolenCode!]), registered.Code);
        Assert.Equal(registered.Code + "-01", await db.Users.Where(u => u.FacilityId == registered.Id).Select(u => u.UserName).SingleAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.ToAddress == "kyougou@example.jp" && m.Kind == "AccountActivation"));
        Assert.Equal(ApplicationStatus.Registered, (await db.ParticipationApplications.SingleAsync(a => a.Id == id)).Status);
    }
}
