using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Identity's sign-in manager with the portal's rules: a member of a suspended (利用停止) or withdrawn
/// (退会) facility, or an account that is disabled or outside its validity period
/// (<see cref="PortalUser.IsUsableAt"/>), is not let in; and no browser is ever "remembered" for
/// the second factor.
/// </summary>
/// <remarks>
/// <see cref="CanSignInAsync"/> is Identity's gate for every way in (password, a second factor, a
/// refreshed sign-in). It answers <c>SignInResult.NotAllowed</c>; the sign-in handler tells the
/// two causes apart for its message. Identity asks it before the password is checked. The facility
/// rule is <see cref="FacilityAccess"/>, the same question the terminal certificate check asks.
/// Sessions already open are ended by <see cref="SessionGate"/> on their next request, which
/// checks the same rules in its one query (docs/sign-in-and-sessions.md).
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

    /// <summary>
    /// Signs in (or starts the code step) a user whose password the caller has already checked —
    /// the sign-in handler checks it first, so that nothing about the account (disabled, locked,
    /// facility suspended) is said to someone who does not know the password.
    /// </summary>
    public async Task<SignInResult> SignInAfterPasswordAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await PreSignInCheck(user) ?? await SignInOrTwoFactorAsync(user, isPersistent: false);
    }

    /// <summary>Whether a user whose password the caller has checked may go on (<see cref="CanSignInAsync"/>, not locked).</summary>
    public async Task<SignInResult> CheckAllowedAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await PreSignInCheck(user) ?? SignInResult.Success;
    }

    /// <summary>
    /// Signs in a user whose passkey the caller has just checked — after the password (the passkey is
    /// the second factor) or alone (where the facility allows it: a passkey is already two factors,
    /// the device and its screen lock). The same gate as every other way in (disabled, outside the
    /// validity period, locked, facility not active); the pending two-factor step ends.
    /// </summary>
    public async Task<SignInResult> SignInWithPasskeyAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await PreSignInCheck(user) is { } refused)
        {
            return refused;
        }

        await UserManager.ResetAccessFailedCountAsync(user);
        await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        // RFC 8176: several factors, one of them proof of possession of a key.
        await SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa"), new Claim("amr", "pop")]);
        return SignInResult.Success;
    }

    /// <summary>No "remember this device": every sign-in asks for the second factor.</summary>
    public override Task<bool> IsTwoFactorClientRememberedAsync(PortalUser user) => Task.FromResult(false);

    /// <summary>No "remember this device": the remember-me cookie is never written.</summary>
    public override Task RememberTwoFactorClientAsync(PortalUser user) => Task.CompletedTask;
}
