using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Sessions;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Profile;

/// <summary>パスワードの変更 on マイページ: the current password, and the new one twice.</summary>
public sealed class ChangePasswordInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.CurrentPassword")]
    public string CurrentPassword { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.NewPassword")]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Compare(nameof(NewPassword), ErrorMessage = "Activation.PasswordMismatch")]
    [Display(Name = "Field.ConfirmPassword")]
    public string ConfirmPassword { get; set; } = "";
}

public abstract record ChangePasswordOutcome
{
    private ChangePasswordOutcome()
    {
    }

    public sealed record Changed : ChangePasswordOutcome;

    /// <summary>Refused; each message belongs to a field (<c>null</c>: the form as a whole). Messages are in the UI language.</summary>
    public sealed record Refused(IReadOnlyList<(string? Field, string Message)> Errors) : ChangePasswordOutcome;

    /// <summary>Too many wrong current passwords: the account is locked and this session ended.</summary>
    public sealed record LockedOut : ChangePasswordOutcome;
}

/// <summary>
/// The signed-in user changes their own password (behind <see cref="RequireRecentAuthenticationAttribute"/>).
/// The new password follows <see cref="PasswordPolicy"/> (Identity's validators, as in the activation)
/// and must differ from the current one. A wrong current password counts towards the lockout, as at
/// sign-in and 再認証; a lockout ends this session. On success Identity's <c>ChangePasswordAsync</c>
/// replaces the security stamp, which ends every other session of the user at its next request
/// (sign-in-and-sessions.md), and saves the account together with the <see cref="UserEventKind.PasswordChanged"/>
/// history row in one save; this browser's cookie is refreshed and keeps its session.
/// </summary>
public sealed class ChangeOwnPasswordHandler(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, MioKarteDbContext db,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text, TimeProvider time, ILogger<ChangeOwnPasswordHandler> logger) : IUseCaseHandler
{
    public async Task<ChangePasswordOutcome> HandleAsync(Actor actor, ChangePasswordInput input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var user = await users.FindByIdAsync(actor.UserId) ?? throw new InvalidOperationException("No signed-in user.");
        var now = time.GetUtcNow().UtcDateTime;

        if (!await users.CheckPasswordAsync(user, input.CurrentPassword))
        {
            await users.AccessFailedAsync(user);
            logger.LogWarning("Password change of user {UserId} refused: wrong current password", user.Id);
            if (await users.IsLockedOutAsync(user))
            {
                if (actor.SessionId is { } sessionId)
                {
                    await SessionGate.EndAsync(db, sessionId, SessionEndReason.LockedOut, now);
                }

                await signIn.SignOutAsync();
                return new ChangePasswordOutcome.LockedOut();
            }

            return new ChangePasswordOutcome.Refused([(nameof(ChangePasswordInput.CurrentPassword), text["ChangePassword.WrongCurrent"])]);
        }

        if (string.Equals(input.CurrentPassword, input.NewPassword, StringComparison.Ordinal))
        {
            return new ChangePasswordOutcome.Refused([(nameof(ChangePasswordInput.NewPassword), text["ChangePassword.SameAsCurrent"])]);
        }

        await users.ResetAccessFailedCountAsync(user);
        // The history row rides on the save inside ChangePasswordAsync (Identity's UpdateAsync saves the
        // scoped DbContext). Users without a facility (council staff) have no user history: the log line records it.
        var entry = user.FacilityId is { } facilityId
            ? db.UserEvents.Add(UserEvent.Record(user.Id, facilityId, UserEventKind.PasswordChanged, user.Id, user.UserName ?? user.Id, now))
            : null;
        var result = await users.ChangePasswordAsync(user, input.CurrentPassword, input.NewPassword);
        if (!result.Succeeded)
        {
            if (entry is not null)
            {
                entry.State = Microsoft.EntityFrameworkCore.EntityState.Detached;
            }

            return new ChangePasswordOutcome.Refused([.. result.Errors.Select(e => ((string?)nameof(ChangePasswordInput.NewPassword), e.Description))]);
        }

        // The stamp changed: every other session ends at its next request; this one gets a cookie with the new stamp.
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} changed their password", user.Id);
        return new ChangePasswordOutcome.Changed();
    }
}
