using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Council.Shared;
using MioKarte.Web.Areas.FacilityAdmin.Users;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Facilities;

/// <summary>
/// 管理責任者の復旧: "only an administrator can fix an administrator" must never strand a facility.
/// When a facility has no usable 管理責任者 (locked out, disabled, rights taken away, left the job),
/// one council staff member asks for a member to be restored, with a reason; another confirms (the
/// four-eyes rule of <see cref="CouncilOptions.RequireFourEyes"/>). Confirmation, in one SaveChanges:
/// the member gets the role FacilityAdministrator and 利用者の管理 (clinical rights unchanged), is
/// enabled and unlocked, a validity that has ended is opened, every session of theirs ends (so the
/// new rights come with the next sign-in), and — when asked — a パスワード再設定 link is mailed. The
/// facility's history and the member's history (UserEvent) record who asked, who confirmed and why.
/// </summary>
public sealed class RestoreAdministratorHandler(
    MioKarteDbContext db,
    TimeProvider time,
    IOptions<CouncilOptions> council,
    MailText text,
    CouncilActorsHandler actors,
    ILogger<RestoreAdministratorHandler> logger) : IUseCaseHandler
{
    public async Task<FacilityChangeOutcome> RequestAsync(
        Guid facilityId, Guid version, string? userName, bool sendPasswordLink, string? reason, Actor actor)
    {
        var (facility, refusal) = await AtVersionAsync(facilityId, version, actor.UserName, FacilityEventKind.AdministratorRestoreRequested);
        if (facility is null)
        {
            return refusal!;
        }

        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return new FacilityChangeOutcome.Invalid("Facilities.Error.ReasonRequired");
        }

        if (reason.Length > Facility.MaxRestorationReasonLength)
        {
            return new FacilityChangeOutcome.Invalid("Facilities.Error.ReasonTooLong", Facility.MaxRestorationReasonLength);
        }

        // Only a member of this very facility: a forged user name of another facility finds nobody.
        var member = await db.Users.AsNoTracking().OfFacility(facilityId).Where(u => u.UserName == userName)
            .Select(u => new { u.Id, u.DisplayName, u.UserName, u.Email }).SingleOrDefaultAsync();
        if (member is null)
        {
            return new FacilityChangeOutcome.Invalid("Facilities.Restore.Error.NoMember");
        }

        if (sendPasswordLink && string.IsNullOrEmpty(member.Email))
        {
            return new FacilityChangeOutcome.Invalid("FacilityUsers.Error.NoEmail");
        }

        if (!facility.Allows(FacilityEventKind.AdministratorRestoreRequested))
        {
            return new FacilityChangeOutcome.Refused(facility.Status);
        }

        facility.RequestRestoration(member.Id, $"{member.DisplayName}（{member.UserName}）", sendPasswordLink, reason, actor.UserName, time.GetUtcNow().UtcDateTime);
        if (!await db.TrySaveAtVersionAsync(facility, version))
        {
            return await ChangeFacilityStatusHandler.StaleAsync(db, actors, facilityId, actor.UserName, FacilityEventKind.AdministratorRestoreRequested, alreadyDone: false);
        }

        logger.LogInformation("Facility {FacilityCode}: restoration of administrator {TargetUserId} asked for", facility.Code, member.Id);
        return new FacilityChangeOutcome.Changed();
    }

    /// <summary>The second staff member confirms; the one who asked is refused while the four-eyes rule is on.</summary>
    public async Task<FacilityChangeOutcome> CompleteAsync(Guid facilityId, Guid version, Actor actor, Func<string, string> activationUrl)
    {
        ArgumentNullException.ThrowIfNull(activationUrl);
        var (facility, refusal) = await AtVersionAsync(facilityId, version, actor.UserName, FacilityEventKind.AdministratorRestored);
        if (facility is null)
        {
            return refusal!;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var sendLink = facility.RestorationSendsPasswordLink;
        string userId;
        try
        {
            userId = facility.CompleteRestoration(actor.UserName, now, council.Value.RequireFourEyes);
        }
        catch (FourEyesException)
        {
            return new FacilityChangeOutcome.Invalid("Facilities.Restore.Error.FourEyes", await actors.DisplayNameAsync(facility.RestorationRequestedBy!));
        }

        var user = await db.Users.OfFacility(facilityId).SingleAsync(u => u.Id == userId);
        await MakeAdministratorAsync(user, now);
        var actorId = actor.UserId;
        db.UserEvents.Add(UserEvent.Record(user.Id, facilityId, UserEventKind.RestoredByCouncil, actorId, actor.UserName, now));
        if (sendLink && !string.IsNullOrEmpty(user.Email))
        {
            await UserLinkMail.QueuePasswordResetAsync(db, text, facility, user, actor.UserName, now, council.Value.ActivationLifetime, activationUrl);
            db.UserEvents.Add(UserEvent.Record(user.Id, facilityId, UserEventKind.PasswordResetSent, actorId, actor.UserName, now));
        }

        // Every session of the member ends: their cookie carries the old rights.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        if (!await db.TrySaveAtVersionAsync(facility, version))
        {
            return await ChangeFacilityStatusHandler.StaleAsync(db, actors, facilityId, actor.UserName, FacilityEventKind.AdministratorRestored, alreadyDone: false);
        }

        logger.LogWarning(
            "Facility {FacilityCode}: user {TargetUserId} restored as administrator by the council (password link: {PasswordLink})",
            facility.Code, user.Id, sendLink);
        return new FacilityChangeOutcome.Changed();
    }

    public async Task<FacilityChangeOutcome> CancelAsync(Guid facilityId, Guid version, Actor actor)
    {
        var (facility, refusal) = await AtVersionAsync(facilityId, version, actor.UserName, FacilityEventKind.AdministratorRestoreCancelled);
        if (facility is null)
        {
            return refusal!;
        }

        facility.CancelRestoration(actor.UserName, time.GetUtcNow().UtcDateTime);
        return await db.TrySaveAtVersionAsync(facility, version)
            ? new FacilityChangeOutcome.Changed()
            : await ChangeFacilityStatusHandler.StaleAsync(db, actors, facilityId, actor.UserName, FacilityEventKind.AdministratorRestoreCancelled, alreadyDone: false);
    }

    /// <summary>
    /// The tracked facility when it is still at the version the page showed; otherwise why not. A
    /// stale form whose move is already done (a double submit) counts as done. Confirming and
    /// withdrawing need a pending request; a request is checked further by the caller (its member
    /// and reason are validated before the move itself).
    /// </summary>
    private async Task<(Facility? Facility, FacilityChangeOutcome? Refusal)> AtVersionAsync(
        Guid facilityId, Guid version, string actor, FacilityEventKind move)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var facility = await db.Facilities.SingleOrDefaultAsync(f => f.Id == facilityId);
        if (facility is null)
        {
            return (null, new FacilityChangeOutcome.NotFound());
        }

        if (facility.Version != version)
        {
            var done = move == FacilityEventKind.AdministratorRestoreRequested ? facility.HasPendingRestoration : !facility.HasPendingRestoration;
            return (null, await ChangeFacilityStatusHandler.StaleAsync(db, actors, facilityId, actor, move, alreadyDone: done));
        }

        return move != FacilityEventKind.AdministratorRestoreRequested && !facility.Allows(move)
            ? (null, new FacilityChangeOutcome.Refused(facility.Status))
            : (facility, null);
    }

    /// <summary>The role and the right of a 管理責任者, and an account that can be used again now.</summary>
    private async Task MakeAdministratorAsync(PortalUser user, DateTime now)
    {
        user.Rights |= UserRights.ManageUsers;
        user.DisabledAtUtc = null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        if (user.ValidUntilUtc <= now)
        {
            user.ValidUntilUtc = null;
        }

        // 利用者の管理 ⇔ role FacilityAdministrator (docs/facility-admin.md): the Staff role goes.
        var roles = await db.Roles.Where(r => r.NormalizedName == PortalRoles.FacilityAdministrator.ToUpperInvariant()
                                              || r.NormalizedName == PortalRoles.Staff.ToUpperInvariant())
            .ToDictionaryAsync(r => r.Name!, r => r.Id);
        var held = await db.UserRoles.Where(ur => ur.UserId == user.Id).ToListAsync();
        db.UserRoles.RemoveRange(held.Where(ur => ur.RoleId == roles[PortalRoles.Staff]));
        if (!held.Any(ur => ur.RoleId == roles[PortalRoles.FacilityAdministrator]))
        {
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles[PortalRoles.FacilityAdministrator] });
        }
    }
}
