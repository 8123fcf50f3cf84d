using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.FacilityAdmin.Users;

/// <summary>The state shown in the user list: 有効 / 無効 / ロック中 / 有効化待ち / 期間外.</summary>
public enum FacilityUserState
{
    Active,             // 有効
    Disabled,           // 無効（利用停止）
    Locked,             // ロック中
    AwaitingActivation, // 有効化待ち（パスワードまたは認証アプリの設定待ち）
    OutsidePeriod,      // 期間外
}

/// <summary>
/// The rules every user-administration handler shares: records are only ever loaded within the
/// administrator's own facility (anything else is "not found", and the refusal is logged with ids),
/// the user allowance, the facility's last administrator, and the role that goes with 利用者の管理.
/// </summary>
public static class FacilityUserRules
{
    /// <summary>
    /// The user <paramref name="userId"/> of the administrator's facility (tracked), or null — for an
    /// unknown id and for another facility's user alike, so the answer (404) tells nothing; the
    /// refusal is logged as a warning with the ids only.
    /// </summary>
    public static async Task<PortalUser?> FindAsync(MioKarteDbContext db, Actor actor, string? userId, string action, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(logger);
        var user = string.IsNullOrEmpty(userId) || userId.Length > 450
            ? null
            : await db.Users.ForFacility(actor).SingleOrDefaultAsync(u => u.Id == userId);
        if (user is null)
        {
            logger.LogWarning(
                "User administration {Action:l} refused: user {TargetUserId:l} is not in facility {FacilityId} of administrator {ActorUserId:l}",
                action, Guid.TryParse(userId, out var id) ? id.ToString("D") : "(not an id)", actor.Facility, actor.UserId);
        }

        return user;
    }

    /// <summary>Enabled (not 利用停止) users of the facility: what counts against 利用者数の上限, the administrators included.</summary>
    public static Task<int> EnabledCountAsync(MioKarteDbContext db, IActingFacility acting) =>
        db.Users.ForFacility(acting).CountAsync(u => u.DisabledAtUtc == null);

    /// <summary>Whether another enabled user of the facility holds 利用者の管理 (the facility must keep an administrator).</summary>
    public static async Task<bool> AnotherAdministratorExistsAsync(MioKarteDbContext db, IActingFacility acting, string exceptUserId)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Rights are stored as their names: compare in memory (a facility has a handful of users).
        var rights = await db.Users
            .ForFacility(acting)
            .Where(u => u.Id != exceptUserId && u.DisabledAtUtc == null)
            .Select(u => u.Rights)
            .ToListAsync();
        return rights.Any(r => r.HasFlag(UserRights.ManageUsers));
    }

    /// <summary>
    /// The role that goes with the rights: 利用者の管理 makes the user a FacilityAdministrator,
    /// otherwise Staff. Changed on the same DbContext so it is saved with the rest.
    /// </summary>
    public static async Task SetRoleAsync(MioKarteDbContext db, PortalUser user, bool administrator)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var wanted = administrator ? PortalRoles.FacilityAdministrator : PortalRoles.Staff;
        var facilityRoles = new[] { PortalRoles.FacilityAdministrator.ToUpperInvariant(), PortalRoles.Staff.ToUpperInvariant() };
        var roles = await db.Roles.Where(r => facilityRoles.Contains(r.NormalizedName!)).ToDictionaryAsync(r => r.NormalizedName!, r => r.Id);
        var held = await db.UserRoles.Where(ur => ur.UserId == user.Id && roles.Values.Contains(ur.RoleId)).ToListAsync();
        var wantedId = roles[wanted.ToUpperInvariant()];
        foreach (var stale in held.Where(ur => ur.RoleId != wantedId))
        {
            db.UserRoles.Remove(stale);
        }

        if (held.All(ur => ur.RoleId != wantedId))
        {
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = wantedId });
        }
    }

    public static bool IsLockedAt(PortalUser user, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.LockoutEnd is { } end && end.UtcDateTime > nowUtc;
    }

    /// <summary>The state of a user for the list; <paramref name="activation"/> is their link, if any.</summary>
    public static FacilityUserState StateOf(
        DateTime? disabledAtUtc, bool locked, bool usable, DateTime? activationUsedAtUtc, bool hasActivation, bool awaitsSecondFactor) =>
        disabledAtUtc is not null ? FacilityUserState.Disabled
        : hasActivation && (activationUsedAtUtc is null || awaitsSecondFactor) ? FacilityUserState.AwaitingActivation
        : locked ? FacilityUserState.Locked
        : !usable ? FacilityUserState.OutsidePeriod
        : FacilityUserState.Active;

    /// <summary>The name of whoever made the latest recorded change to the user (for 「…さんがすでに変更しました」).</summary>
    public static async Task<(UserEventKind Kind, string ActorId, string ActorName)?> LastChangeAsync(MioKarteDbContext db, string userId)
    {
        ArgumentNullException.ThrowIfNull(db);
        var last = await db.UserEvents.AsNoTracking().Where(e => e.UserId == userId).OrderByDescending(e => e.Id)
            .Select(e => new { e.Kind, e.ActorId, e.Actor }).FirstOrDefaultAsync();
        if (last is null)
        {
            return null;
        }

        var name = await db.Users.Where(u => u.Id == last.ActorId).Select(u => u.DisplayName).FirstOrDefaultAsync();
        return (last.Kind, last.ActorId, string.IsNullOrWhiteSpace(name) ? last.Actor : name);
    }

    /// <summary>
    /// Saves the tracked account through Identity — and with it everything else pending on
    /// <paramref name="db"/> (role, history row, link, mail) — on the condition that its
    /// ConcurrencyStamp is still <paramref name="version"/>, the one the page showed.
    /// <paramref name="renewSecurityStamp"/> also replaces the security stamp, which ends the user's
    /// open sessions. Null when saved; otherwise nothing is saved and the answer is <see cref="StaleAsync"/>'s.
    /// </summary>
    internal static async Task<UserChangeOutcome?> SaveAtVersionAsync(
        MioKarteDbContext db, UserManager<PortalUser> users, Actor actor, PortalUser user, string? version, bool renewSecurityStamp)
    {
        db.Entry(user).Property(u => u.ConcurrencyStamp).OriginalValue = version;
        var result = renewSecurityStamp ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
        if (result.Succeeded)
        {
            return null;
        }

        db.ChangeTracker.Clear();
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            return await StaleAsync(db, actor, user.Id, []);
        }

        throw new InvalidOperationException("The user could not be saved: " + string.Join(", ", result.Errors.Select(e => e.Code)));
    }

    /// <summary>
    /// The form's version is out of date. When the latest recorded change is one of
    /// <paramref name="sameChange"/> by this administrator (a double click, a reloaded POST), it is done;
    /// otherwise the one who changed the user is named.
    /// </summary>
    internal static async Task<UserChangeOutcome> StaleAsync(
        MioKarteDbContext db, Actor actor, string userId, IReadOnlyCollection<UserEventKind> sameChange)
    {
        var last = await LastChangeAsync(db, userId);
        if (last is { } change && sameChange.Contains(change.Kind) && change.ActorId == actor.UserId)
        {
            return new UserChangeOutcome.Changed();
        }

        return new UserChangeOutcome.Conflict(last?.ActorName ?? "");
    }
}
