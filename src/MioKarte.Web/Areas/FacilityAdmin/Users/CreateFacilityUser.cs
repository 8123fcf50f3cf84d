using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.FacilityAdmin.Users;

public abstract record CreateUserOutcome
{
    private CreateUserOutcome()
    {
    }

    /// <summary>Created now, or by an earlier submit of the same form (nothing new then).</summary>
    public sealed record Created(string UserId) : CreateUserOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : CreateUserOutcome;

    /// <summary>利用者数の上限: as many enabled users as the facility may have.</summary>
    public sealed record Full(int Allowance) : CreateUserOutcome;
}

/// <summary>
/// 利用者の登録 by the 管理責任者, in ONE SaveChanges: the account (利用者ID {施設コード}-{nn}, no
/// password, role FacilityAdministrator with 利用者の管理, otherwise Staff), its single-use link
/// (<see cref="AccountActivation"/>, the same flow as the administrator's own activation) with the
/// invitation mail in the outbox, and the history row. The form carries a key: a second submit of it
/// finds the user the first one created. Two creations at once that pick the same 利用者ID collide
/// on the unique user name; the loser starts again with the next number.
/// </summary>
public sealed class CreateFacilityUserHandler(
    MioKarteDbContext db,
    UserManager<PortalUser> users,
    TimeProvider time,
    IOptions<FacilityAdminOptions> facilityAdmin,
    MailText text,
    ILogger<CreateFacilityUserHandler> logger) : IUseCaseHandler
{
    private const int MaxAttempts = 5;

    public async Task<CreateUserOutcome> HandleAsync(Actor actor, FacilityUserInput input, Guid formKey, Func<string, string> activationUrl)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(activationUrl);
        Guid? key = formKey == Guid.Empty ? null : formKey;
        if (await CreatedByAsync(key) is { } already)
        {
            return new CreateUserOutcome.Created(already);
        }

        var (values, errors) = FacilityUserValidation.Check(input);
        if (values is null)
        {
            return new CreateUserOutcome.Invalid(errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            var facility = await db.Facilities.SingleAsync(f => f.Id == actor.Facility);
            if (await FacilityUserRules.EnabledCountAsync(db, actor) >= facility.UserAllowance)
            {
                logger.LogWarning("User creation refused: facility {FacilityId} is at its user allowance", facility.Id);
                return new CreateUserOutcome.Full(facility.UserAllowance);
            }

            var now = time.GetUtcNow().UtcDateTime;
            var prefix = facility.Code + "-";
            var taken = await db.Users.Where(u => u.UserName != null && u.UserName.StartsWith(prefix)).Select(u => u.UserName!).ToListAsync();
            var userName = PortalUserName.Next(facility.Code, taken);
            var user = new PortalUser
            {
                UserName = userName,
                NormalizedUserName = users.NormalizeName(userName),
                FacilityId = facility.Id,
                LockoutEnabled = users.Options.Lockout.AllowedForNewUsers,
            };
            values.ApplyTo(user, users.NormalizeEmail);
            db.Users.Add(user);
            await FacilityUserRules.SetRoleAsync(db, user, values.Rights.HasFlag(UserRights.ManageUsers));
            var (activation, token) = AccountActivation.Start(user.Id, facility.Id, null, actor.UserName, now, facilityAdmin.Value.InvitationLifetime);
            db.AccountActivations.Add(activation);
            db.UserEvents.Add(UserEvent.Record(user.Id, facility.Id, UserEventKind.Created, actor.UserId, actor.UserName, now, key));
            db.OutboxMessages.Add(UserLinkMail.Create(text, UserLinkMail.Kind.Invitation, facility, user, activationUrl(token), activation.ExpiresAtUtc, now));
            try
            {
                await db.SaveChangesAsync();
                logger.LogInformation(
                    "User {TargetUserId} created in facility {FacilityId} by administrator {ActorUserId}; activation {ActivationId} mailed",
                    user.Id, facility.Id, actor.UserId, activation.Id);
                return new CreateUserOutcome.Created(user.Id);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another creation took this 利用者ID, or this very form was submitted twice at once.
                db.ChangeTracker.Clear();
                if (await CreatedByAsync(key) is { } created)
                {
                    return new CreateUserOutcome.Created(created);
                }
            }
        }
    }

    private async Task<string?> CreatedByAsync(Guid? formKey) => formKey is null ? null : await
        db.UserEvents.Where(e => e.FormKey == formKey && e.Kind == UserEventKind.Created).Select(e => e.UserId).FirstOrDefaultAsync();
}
