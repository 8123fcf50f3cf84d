using MioKarte.Core.Identity;
using MioKarte.Web.Areas.FacilityAdmin.Users;

namespace MioKarte.UnitTests.Web;

/// <summary>The state a facility administrator sees for each user (有効 / 無効 / ロック中 / 有効化待ち / 期間外).</summary>
public sealed class FacilityUserRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);

    [Theory]
    // disabled, locked, usable, link used, has link, awaits 2nd factor → state
    [InlineData(true, true, false, false, true, true, FacilityUserState.Disabled)] // 利用停止 says it all
    [InlineData(false, true, true, false, true, false, FacilityUserState.AwaitingActivation)] // an unused link
    [InlineData(false, false, true, true, true, true, FacilityUserState.AwaitingActivation)] // a password set, the authenticator not yet
    [InlineData(false, true, false, true, true, false, FacilityUserState.Locked)]
    [InlineData(false, false, false, true, true, false, FacilityUserState.OutsidePeriod)]
    [InlineData(false, false, false, false, false, false, FacilityUserState.OutsidePeriod)]
    [InlineData(false, false, true, true, true, false, FacilityUserState.Active)] // a used link is history
    [InlineData(false, false, true, false, false, false, FacilityUserState.Active)]
    public void The_state_shown_is_the_one_that_most_needs_acting_on(
        bool disabled, bool locked, bool usable, bool linkUsed, bool hasLink, bool awaitsSecondFactor, FacilityUserState expected) =>
        Assert.Equal(expected, FacilityUserRules.StateOf(disabled ? Now : null, locked, usable, linkUsed ? Now : null, hasLink, awaitsSecondFactor));

    [Fact]
    public void A_user_is_locked_until_the_lockout_ends()
    {
        Assert.False(FacilityUserRules.IsLockedAt(new PortalUser(), Now));
        Assert.True(FacilityUserRules.IsLockedAt(new PortalUser { LockoutEnd = Now.AddSeconds(1) }, Now));
        Assert.False(FacilityUserRules.IsLockedAt(new PortalUser { LockoutEnd = Now }, Now));
        Assert.False(FacilityUserRules.IsLockedAt(new PortalUser { LockoutEnd = Now.AddMinutes(-1) }, Now));
    }
}
