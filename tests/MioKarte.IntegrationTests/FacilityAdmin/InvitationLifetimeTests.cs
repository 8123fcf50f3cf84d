using System.Net;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.FacilityAdmin;

/// <summary>
/// Each options class owns its own settings: a facility's invitation link lasts
/// <c>FacilityAdmin:InvitationLifetime</c>, the council's activation link <c>Council:ActivationLifetime</c>.
/// </summary>
public sealed class InvitationLifetimeTests(FiveHourInvitationPortal portal) : IClassFixture<FiveHourInvitationPortal>
{
    [Fact]
    public async Task A_users_invitation_lasts_the_facility_setting_while_the_councils_activation_keeps_its_own()
    {
        var (_, admin) = await portal.FacilityWithAdministratorAsync("招待期限クリニック");
        using var client = await portal.SignedInClientAsync(admin.UserName!);
        using var added = await client.AddUserAsync(FacilityAdminSteps.Nurse("kigen.kango@example.jp"));
        var nurse = (await portal.FindUserByEmailAsync("kigen.kango@example.jp"))!;
        var id = await portal.ApprovedApplicationAsync("招待期限内科", "kigen.kanri@example.jp");
        using var council = await portal.RegistrarClientAsync();
        using var registered = await council.RegisterAsync(id);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (added.StatusCode, registered.StatusCode));
        var now = portal.Clock.GetUtcNow().UtcDateTime;
        var invitation = await portal.WithServiceAsync<DateTime, MioKarteDbContext>(db =>
            db.AccountActivations.Where(a => a.UserId == nurse.Id).Select(a => a.ExpiresAtUtc).SingleAsync());
        var activation = await portal.WithServiceAsync<DateTime, MioKarteDbContext>(db =>
            db.AccountActivations.Where(a => a.ApplicationId == id).Select(a => a.ExpiresAtUtc).SingleAsync());
        Assert.Equal((now.AddHours(5), now.AddHours(72)), (invitation, activation));
    }

    [Fact]
    public void An_invitation_lifetime_out_of_range_stops_the_portal_naming_the_key()
    {
        // Beyond the 14-day limit.
        using var portal = new PortalFactory { Settings = new Dictionary<string, string?> { ["FacilityAdmin:InvitationLifetime"] = "15.00:00:00" } };

        var error = Assert.ThrowsAny<Exception>(() => portal.CreatePortalClient());

        Assert.Contains("FacilityAdmin:InvitationLifetime", error.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>A portal whose facilities' invitation links last five hours (the council's keep the default 72).</summary>
public sealed class FiveHourInvitationPortal : PortalFactory
{
    public FiveHourInvitationPortal() => Settings = new Dictionary<string, string?> { ["FacilityAdmin:InvitationLifetime"] = "05:00:00" };
}
