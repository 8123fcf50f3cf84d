using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>Facilities and their members made directly in the database, and the council's steps on the register.</summary>
internal static class FacilitySteps
{
    private static int lastNumber = 1000;

    /// <summary>A new active facility with a code no other test uses.</summary>
    public static async Task<Facility> AddFacilityAsync(
        this PortalFactory portal, string name, string kana = "テストシセツ", FacilityRole role = FacilityRole.Viewing,
        FacilityType type = FacilityType.Clinic, string? institutionCode = null, int userAllowance = 5, Action<Facility>? then = null)
    {
        var code = FacilityCode.Format(role, Interlocked.Increment(ref lastNumber));
        var facility = Facility.Create(code, name, kana, type, role, institutionCode, "193-0832", "東京都八王子市散田町1-1", "042-600-0000",
            userAllowance, 3, "seed", portal.Clock.GetUtcNow().UtcDateTime);
        then?.Invoke(facility);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        return facility;
    }

    /// <summary>A user of <paramref name="facilityId"/> with <see cref="PortalFactory.TestPassword"/>.</summary>
    public static async Task<PortalUser> CreateMemberAsync(this PortalFactory portal, string userName, string role, Guid facilityId, string displayName = "試験 太郎")
    {
        var user = await portal.CreateUserAsync(userName, role, displayName);
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var stored = (await users.FindByIdAsync(user.Id))!;
        stored.FacilityId = facilityId;
        Assert.True((await users.UpdateAsync(stored)).Succeeded);
        return stored;
    }

    public static async Task<Facility> ReloadAsync(this PortalFactory portal, Guid facilityId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().Facilities.AsNoTracking()
            .Include(f => f.Events).SingleAsync(f => f.Id == facilityId);
    }

    public static async Task<int> CountFacilitiesAsync(this PortalFactory portal, string name)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().Facilities.CountAsync(f => f.Name == name);
    }

    /// <summary>A signed-in client of a new council staff member.</summary>
    public static async Task<HttpClient> CouncilClientAsync(this PortalFactory portal, string userName, string displayName = "連絡 一郎")
    {
        await portal.CreateUserAsync(userName, PortalRoles.CouncilStaff, displayName);
        var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync(userName);
        return client;
    }

    /// <summary>Opens the facility's page and submits one of its status forms, as the council would.</summary>
    public static async Task<HttpResponseMessage> SubmitStatusFormAsync(this HttpClient client, Guid facilityId, string action, string? reason = null)
    {
        var page = await client.GetDocumentAsync($"/council/facilities/{facilityId}");
        return await client.SubmitAsync(page.Form($"/council/facilities/{facilityId}/{action}"),
            reason is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["reason"] = reason });
    }
}
