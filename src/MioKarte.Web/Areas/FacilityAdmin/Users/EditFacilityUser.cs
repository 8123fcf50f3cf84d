using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Areas.FacilityAdmin.Users;

/// <summary>The edit form: the user's 利用者ID, the values and the version (the account's ConcurrencyStamp) it showed.</summary>
public sealed record EditUserPage(string UserId, string UserName, bool IsSelf, FacilityUserInput Input, string Version)
{
    public IReadOnlyDictionary<string, string>? Errors { get; init; }

    public string? Error { get; init; }

    public string? ErrorFor(string field) => Errors is not null && Errors.TryGetValue(field, out var message) ? message : null;
}

public abstract record UserChangeOutcome
{
    private UserChangeOutcome()
    {
    }

    /// <summary>Done now, or already done by this administrator (a repeated submit).</summary>
    public sealed record Changed : UserChangeOutcome;

    public sealed record NotFound : UserChangeOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : UserChangeOutcome;

    /// <summary>Someone changed the user after the page was shown (<paramref name="ChangedBy"/>: their name, or empty when unknown).</summary>
    public sealed record Conflict(string ChangedBy) : UserChangeOutcome;

    /// <summary>The change would leave the facility without an enabled user holding 利用者の管理.</summary>
    public sealed record LastAdministrator : UserChangeOutcome;

    /// <summary>利用者数の上限 is reached: no more enabled users.</summary>
    public sealed record Full(int Allowance) : UserChangeOutcome;

    /// <summary>The move does not fit the user's state (e.g. パスワード再設定 of a disabled user).</summary>
    public sealed record NotAllowed(string MessageKey) : UserChangeOutcome;
}

/// <summary>
/// 利用者の変更: 氏名, フリガナ, mail address, 職種, 利用権 and 有効期間, checked against the version the
/// form showed (the account's ConcurrencyStamp, which Identity replaces on every save). A change of
/// 利用権 also swaps the role (利用者の管理 ⇔ FacilityAdministrator) and replaces the security stamp,
/// so the user's open sessions end and come back with the new rights. The facility keeps at least
/// one enabled user with 利用者の管理. Account, role and history are saved in one SaveChanges.
/// </summary>
public sealed class EditFacilityUserHandler(
    MioKarteDbContext db, UserManager<PortalUser> users, TimeProvider time, ILogger<EditFacilityUserHandler> logger) : IUseCaseHandler
{
    public async Task<EditUserPage?> FormAsync(Actor actor, string id)
    {
        var user = await FacilityUserRules.FindAsync(db, actor, id, "edit", logger);
        return user is null ? null : new EditUserPage(user.Id, user.UserName ?? "", user.Id == actor.UserId, FacilityUserInput.From(user), user.ConcurrencyStamp ?? "");
    }

    public async Task<UserChangeOutcome> HandleAsync(Actor actor, string id, FacilityUserInput input, string? version)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var user = await FacilityUserRules.FindAsync(db, actor, id, "edit", logger);
        if (user is null)
        {
            return new UserChangeOutcome.NotFound();
        }

        var (values, errors) = FacilityUserValidation.Check(input);
        if (values is null)
        {
            return new UserChangeOutcome.Invalid(errors);
        }

        if (!string.Equals(user.ConcurrencyStamp, version, StringComparison.Ordinal))
        {
            return await FacilityUserRules.StaleAsync(db, actor, user.Id, values.AreOn(user) ? [UserEventKind.Edited, UserEventKind.RightsChanged] : []);
        }

        if (values.AreOn(user))
        {
            return new UserChangeOutcome.Changed();
        }

        var wasAdministrator = user.Has(UserRights.ManageUsers);
        var willBeAdministrator = values.Rights.HasFlag(UserRights.ManageUsers);
        if (wasAdministrator && !willBeAdministrator && user.DisabledAtUtc is null &&
            !await FacilityUserRules.AnotherAdministratorExistsAsync(db, actor, user.Id))
        {
            logger.LogWarning("Edit of user {TargetUserId} refused: the last administrator of facility {FacilityId}", user.Id, actor.Facility);
            return new UserChangeOutcome.LastAdministrator();
        }

        var rightsChanged = user.Rights != values.Rights;
        var now = time.GetUtcNow().UtcDateTime;
        values.ApplyTo(user, users.NormalizeEmail);
        if (wasAdministrator != willBeAdministrator)
        {
            await FacilityUserRules.SetRoleAsync(db, user, willBeAdministrator);
        }

        db.UserEvents.Add(UserEvent.Record(
            user.Id, actor.Facility, rightsChanged ? UserEventKind.RightsChanged : UserEventKind.Edited, actor.UserId, actor.UserName, now));
        if (await FacilityUserRules.SaveAtVersionAsync(db, users, actor, user, version, renewSecurityStamp: rightsChanged) is { } stale)
        {
            return stale;
        }

        logger.LogInformation(
            "User {TargetUserId} of facility {FacilityId} changed by administrator {ActorUserId} (rights changed: {RightsChanged})",
            user.Id, actor.Facility, actor.UserId, rightsChanged);
        return new UserChangeOutcome.Changed();
    }
}
