using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.FacilityAdmin.Users;

/// <summary>The buttons of a user's page.</summary>
public enum UserAccessAction
{
    Disable,        // 利用停止
    Enable,         // 再開
    ResetPassword,  // パスワード再設定
    Unlock,         // ロック解除
    SignOut,        // 強制サインアウト
    RemovePasskeys, // パスキーの削除（端末の紛失など）
}

/// <summary>
/// 利用停止, 再開, パスワード再設定, ロック解除, 強制サインアウト and パスキーの削除 of a user of the administrator's
/// facility. Each checks the version the page showed (the account's ConcurrencyStamp); a repeated
/// submit finds its own change done and does nothing more. Everything that must end the user's
/// sessions — 利用停止, パスワード再設定, 強制サインアウト, パスキーの削除 — replaces the security stamp
/// (<c>UserManager.UpdateSecurityStampAsync</c>), which the session check compares on every request.
/// The account, its link, the mail and the history row are saved in one SaveChanges.
/// </summary>
public sealed class ChangeUserAccessHandler(
    MioKarteDbContext db,
    UserManager<PortalUser> users,
    TimeProvider time,
    IOptions<FacilityAdminOptions> facilityAdmin,
    MailText text,
    ILogger<ChangeUserAccessHandler> logger) : IUseCaseHandler
{
    public async Task<UserChangeOutcome> HandleAsync(
        Actor actor, string id, UserAccessAction action, string? version, Func<string, string> activationUrl)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(activationUrl);
        var user = await FacilityUserRules.FindAsync(db, actor, id, action.ToString(), logger);
        if (user is null)
        {
            return new UserChangeOutcome.NotFound();
        }

        var kind = KindOf(action);
        var now = time.GetUtcNow().UtcDateTime;
        if (!string.Equals(user.ConcurrencyStamp, version, StringComparison.Ordinal))
        {
            return await FacilityUserRules.StaleAsync(db, actor, user.Id, [kind]);
        }

        var refusal = await ApplyAsync(actor, user, action, now, activationUrl);
        if (refusal is not null)
        {
            return refusal;
        }

        db.UserEvents.Add(UserEvent.Record(user.Id, actor.Facility, kind, actor.UserId, actor.UserName, now));
        var endsSessions = action is UserAccessAction.Disable or UserAccessAction.ResetPassword or UserAccessAction.SignOut
            or UserAccessAction.RemovePasskeys;
        if (await FacilityUserRules.SaveAtVersionAsync(db, users, actor, user, version, endsSessions) is { } stale)
        {
            return stale;
        }

        logger.LogInformation(
            "User {TargetUserId} of facility {FacilityId}: {Action} by administrator {ActorUserId}", user.Id, actor.Facility, action, actor.UserId);
        return new UserChangeOutcome.Changed();
    }

    /// <summary>Makes the change on the tracked account; a refusal when it does not fit.</summary>
    private async Task<UserChangeOutcome?> ApplyAsync(
        Actor actor, PortalUser user, UserAccessAction action, DateTime now, Func<string, string> activationUrl)
    {
        switch (action)
        {
            case UserAccessAction.Disable:
                if (user.DisabledAtUtc is not null)
                {
                    return new UserChangeOutcome.NotAllowed("FacilityUsers.Error.AlreadyDisabled");
                }

                if (user.Has(UserRights.ManageUsers) && !await FacilityUserRules.AnotherAdministratorExistsAsync(db, actor, user.Id))
                {
                    logger.LogWarning("Disabling user {TargetUserId} refused: the last administrator of facility {FacilityId}", user.Id, actor.Facility);
                    return new UserChangeOutcome.LastAdministrator();
                }

                user.DisabledAtUtc = now;
                // A link not yet used dies with the account; 再開 then パスワード再設定 sends a new one.
                var pending = await db.AccountActivations.SingleOrDefaultAsync(a => a.UserId == user.Id);
                if (pending is not null && pending.StateAt(now) is ActivationState.Pending or ActivationState.Expired)
                {
                    pending.Cancel(actor.UserName, now);
                }

                return null;
            case UserAccessAction.Enable:
                if (user.DisabledAtUtc is null)
                {
                    return new UserChangeOutcome.NotAllowed("FacilityUsers.Error.NotDisabled");
                }

                var facility = await db.Facilities.AsNoTracking().SingleAsync(f => f.Id == actor.Facility);
                if (await FacilityUserRules.EnabledCountAsync(db, actor) >= facility.UserAllowance)
                {
                    logger.LogWarning("Enabling user {TargetUserId} refused: facility {FacilityId} is at its user allowance", user.Id, facility.Id);
                    return new UserChangeOutcome.Full(facility.UserAllowance);
                }

                user.DisabledAtUtc = null;
                return null;
            case UserAccessAction.ResetPassword:
                if (user.DisabledAtUtc is not null)
                {
                    return new UserChangeOutcome.NotAllowed("FacilityUsers.Error.ResetWhileDisabled");
                }

                if (string.IsNullOrEmpty(user.Email))
                {
                    return new UserChangeOutcome.NotAllowed("FacilityUsers.Error.NoEmail");
                }

                var facilityOfUser = await db.Facilities.AsNoTracking().SingleAsync(f => f.Id == actor.Facility);
                await UserLinkMail.QueuePasswordResetAsync(db, text, facilityOfUser, user, actor.UserName, now, facilityAdmin.Value.InvitationLifetime, activationUrl);
                return null;
            case UserAccessAction.Unlock:
                if (!FacilityUserRules.IsLockedAt(user, now) && user.AccessFailedCount == 0)
                {
                    return new UserChangeOutcome.NotAllowed("FacilityUsers.Error.NotLocked");
                }

                user.LockoutEnd = null;
                user.AccessFailedCount = 0;
                return null;
            case UserAccessAction.SignOut:
                return null;
            case UserAccessAction.RemovePasskeys:
                // A lost or stolen device: every passkey of the user goes (which one was on the lost
                // device cannot be told from here), and with the new security stamp its open sessions end.
                var passkeys = await db.UserPasskeys.Where(p => p.UserId == user.Id).ToListAsync();
                if (passkeys.Count == 0)
                {
                    return new UserChangeOutcome.NotAllowed("FacilityUsers.Error.NoPasskeys");
                }

                db.UserPasskeys.RemoveRange(passkeys);
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }

    /// <summary>The history row (and the page's "done" message) of a button.</summary>
    public static UserEventKind KindOf(UserAccessAction action) => action switch
    {
        UserAccessAction.Disable => UserEventKind.Disabled,
        UserAccessAction.Enable => UserEventKind.Enabled,
        UserAccessAction.ResetPassword => UserEventKind.PasswordResetSent,
        UserAccessAction.Unlock => UserEventKind.Unlocked,
        UserAccessAction.SignOut => UserEventKind.SignedOut,
        UserAccessAction.RemovePasskeys => UserEventKind.PasskeysRemoved,
    };
}
