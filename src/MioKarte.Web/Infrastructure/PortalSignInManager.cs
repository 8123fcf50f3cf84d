using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Identity's sign-in manager with the portal's extra rules: an account its 管理責任者 disabled
/// (利用停止) or outside its validity period (<see cref="PortalUser.IsUsableAt"/>), and a member of a
/// suspended (利用停止) or withdrawn (退会) facility, are not let in, and a session already open is ended.
/// </summary>
/// <remarks>
/// Both checks ask <see cref="FacilityAccess"/>, the same question the terminal certificate check
/// asks, so the rule lives in one place (docs/facilities.md):
/// <list type="bullet">
/// <item><see cref="CanSignInAsync"/> is Identity's gate for every way in (password, a second
/// factor, a refreshed sign-in). It answers <c>SignInResult.NotAllowed</c>; accounts need no
/// confirmation in this portal, so an unusable account or an inactive facility are the only causes,
/// and the sign-in page tells them apart with <see cref="PortalUser.IsUsableAt"/>. Identity asks it before the password is
/// checked, so the message tells only that the facility is not active, never whether the password
/// was right.</item>
/// <item><see cref="ValidateSecurityStampAsync(PortalUser, string)"/> runs for every signed-in user
/// once per <see cref="SecurityStampValidatorOptions.ValidationInterval"/> (one minute, set in
/// PortalComposition): a member's open session ends at their first request more than a minute
/// after the cookie was last validated, so within a minute of the suspension (at once for a
/// cookie older than that).</item>
/// </list>
/// Chosen over rotating every member's security stamp when the facility is suspended: the stamp
/// rotation would need a write to every member's row in the suspension's transaction and a second,
/// separate check at sign-in anyway, and would miss a user added to the facility while it is
/// suspended. This check costs one primary-key lookup per signed-in member per minute and needs
/// nothing undone when the facility is reinstated (利用再開).
/// </remarks>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    FacilityAccess facilities,
    TimeProvider time)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await base.CanSignInAsync(user))
        {
            return false;
        }

        if (!user.IsUsableAt(time.GetUtcNow().UtcDateTime))
        {
            Logger.LogWarning("Sign-in of user {UserId} refused: the account is disabled or outside its validity period", user.Id);
            return false;
        }

        if (await facilities.AdmitsMemberOfAsync(user.FacilityId))
        {
            return true;
        }

        Logger.LogWarning("Sign-in of user {UserId} refused: facility {FacilityId} is not active", user.Id, user.FacilityId);
        return false;
    }

    public override async Task<bool> ValidateSecurityStampAsync(PortalUser? user, string? securityStamp)
    {
        if (!await base.ValidateSecurityStampAsync(user, securityStamp))
        {
            return false;
        }

        if (!user!.IsUsableAt(time.GetUtcNow().UtcDateTime))
        {
            Logger.LogWarning("Session of user {UserId} ended: the account is disabled or outside its validity period", user.Id);
            return false;
        }

        if (await facilities.AdmitsMemberOfAsync(user!.FacilityId))
        {
            return true;
        }

        Logger.LogWarning("Session of user {UserId} ended: facility {FacilityId} is not active", user.Id, user.FacilityId);
        return false;
    }
}
