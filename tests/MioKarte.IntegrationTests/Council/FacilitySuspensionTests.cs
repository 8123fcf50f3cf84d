using System.Net;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>
/// 利用停止 blocks all of a facility's users at once: new sign-ins are refused with a Japanese message
/// and open sessions end within the security-stamp validation interval (one minute). Each test has
/// its own portal because each moves the clock.
/// </summary>
public sealed class FacilitySuspensionTests : IDisposable
{
    private const string RefusedMessage = "所属施設の利用が停止されているか、退会済みのため、ログインできません。";
    private readonly PortalFactory portal = new();

    [Fact]
    public async Task Suspending_a_facility_ends_its_members_sessions_within_a_minute_and_refuses_new_sign_ins()
    {
        var facility = await portal.AddFacilityAsync("停止対象クリニック");
        var other = await portal.AddFacilityAsync("無関係クリニック");
        await portal.CreateUserAsync("member.suspended", PortalRoles.Staff, facilityId: facility.Id);
        await portal.CreateUserAsync("member.other", PortalRoles.Staff, facilityId: other.Id);
        using var member = await portal.SignedInClientAsync("member.suspended");
        using var bystander = await portal.SignedInClientAsync("member.other");
        using var council = await portal.CouncilStaffClientAsync("council.blocker");
        portal.Clock.Advance(TimeSpan.FromSeconds(30));
        await member.GetDocumentAsync("/account");

        using var suspended = await council.SubmitStatusFormAsync(facility.Id, "suspend", "セキュリティ事故の調査");
        Assert.Equal(HttpStatusCode.Redirect, suspended.StatusCode);
        portal.Clock.Advance(TimeSpan.FromSeconds(61));

        using var next = await member.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.StartsWith("https://localhost/account/login", next.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var stillOut = await member.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, stillOut.StatusCode);

        using var signIn = await member.SignInAsync("member.suspended", PortalFactory.TestPassword);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var page = await HtmlClient.ParseAsync(signIn);
        Assert.Contains(RefusedMessage, page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        using var afterRefusal = await member.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, afterRefusal.StatusCode);

        // Another facility's member and the council (who belong to no facility) carry on.
        await bystander.GetDocumentAsync("/account");
        await council.GetDocumentAsync("/council/facilities");
    }

    [Fact]
    public async Task A_wrong_password_for_a_member_of_a_suspended_facility_counts_for_nothing_and_reveals_nothing()
    {
        // Only the right password learns that the facility is suspended (#17 F4): a guesser learns nothing about the ID.
        var facility = await portal.AddFacilityAsync("停止中クリニック", then: f => f.Suspend("seed", "調査中", DateTime.UtcNow));
        var user = await portal.CreateUserAsync("member.guess", PortalRoles.Staff, facilityId: facility.Id);
        using var client = portal.CreatePortalClient();

        using var response = await client.SignInAsync("member.guess", "Wrong-Passw0rd-2026!");

        var alert = (await HtmlClient.ParseAsync(response)).QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("利用者IDまたはパスワードが正しくありません。", alert, StringComparison.Ordinal);
        Assert.DoesNotContain(RefusedMessage, alert, StringComparison.Ordinal);
        var failures = await portal.WithServiceAsync<int, UserManager<PortalUser>>(async users => await users.GetAccessFailedCountAsync((await users.FindByIdAsync(user.Id))!));
        Assert.Equal(0, failures);
    }

    [Fact]
    public async Task Reinstating_the_facility_lets_its_members_sign_in_again()
    {
        var facility = await portal.AddFacilityAsync("再開クリニック");
        await portal.CreateUserAsync("member.back", PortalRoles.FacilityAdministrator, facilityId: facility.Id);
        using var council = await portal.CouncilStaffClientAsync("council.reinstater");
        using var member = portal.CreatePortalClient();
        using (var suspended = await council.SubmitStatusFormAsync(facility.Id, "suspend", "一時停止"))
        {
            Assert.Equal(HttpStatusCode.Redirect, suspended.StatusCode);
        }

        using (var refused = await member.SignInAsync("member.back", PortalFactory.TestPassword))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }

        using var reinstated = await council.SubmitStatusFormAsync(facility.Id, "reinstate");

        Assert.Equal(HttpStatusCode.Redirect, reinstated.StatusCode);
        await member.SignInSuccessfullyAsync("member.back");
        portal.Clock.Advance(TimeSpan.FromMinutes(2));
        await member.GetDocumentAsync("/account");
    }

    [Fact]
    public async Task Members_of_a_withdrawn_facility_can_never_sign_in()
    {
        var facility = await portal.AddFacilityAsync("退会済みクリニック");
        await portal.CreateUserAsync("member.gone", PortalRoles.Staff, facilityId: facility.Id);
        using var council = await portal.CouncilStaffClientAsync("council.closer");
        using (var withdrawn = await council.SubmitStatusFormAsync(facility.Id, "withdraw", "閉院"))
        {
            Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        }

        using var client = portal.CreatePortalClient();
        using var response = await client.SignInAsync("member.gone", PortalFactory.TestPassword);

        Assert.Contains(RefusedMessage, (await HtmlClient.ParseAsync(response)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gate_for_terminals_answers_from_the_facility_status()
    {
        var active = await portal.AddFacilityAsync("端末可クリニック");
        var suspended = await portal.AddFacilityAsync("端末停止クリニック", then: f => f.Suspend("seed", "停止", DateTime.UtcNow));
        var withdrawn = await portal.AddFacilityAsync("端末退会クリニック", then: f => f.Withdraw("seed", "退会", DateTime.UtcNow));

        async Task<bool> IsActive(Guid id) => await portal.WithServiceAsync<bool, FacilityAccess>(access => access.IsActiveAsync(id));

        Assert.True(await IsActive(active.Id));
        Assert.False(await IsActive(suspended.Id));
        Assert.False(await IsActive(withdrawn.Id));
        Assert.False(await IsActive(Guid.NewGuid()));
        Assert.True(await portal.WithServiceAsync<bool, FacilityAccess>(access => access.AdmitsMemberOfAsync(null)));
    }

    public void Dispose() => portal.Dispose();
}
