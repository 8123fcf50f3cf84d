using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Account.Shared;

namespace MioKarte.Web.Areas.Account.Activation;

/// <summary>Step 2: the code the authenticator app shows, proving the key was stored.</summary>
public sealed class SecondFactorInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(20, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.AuthenticatorCode")]
    public string Code { get; set; } = "";
}

public sealed record SecondFactorPage(AuthenticatorSetupView View, SecondFactorInput Input, ActivationKind Kind);

/// <summary>The recovery codes shown once at the end of the authenticator step, and what comes next.</summary>
public sealed record ActivationRecoveryCodesPage(IReadOnlyList<string> Codes, ActivationKind Kind);

/// <summary>
/// Shows the authenticator key of the account named by the activation ticket, creating it on the
/// first visit (<see cref="AuthenticatorEnrolment"/>). Two-factor sign-in is NOT switched on here:
/// only a verified code does that.
/// </summary>
public sealed class SecondFactorSetupHandler(MioKarteDbContext db, AuthenticatorEnrolment enrolment) : IUseCaseHandler
{
    /// <summary>Null when the ticket names no activation waiting for its second factor.</summary>
    public async Task<AuthenticatorSetupView?> HandleAsync(Guid activationId, string userId)
    {
        var found = await WaitingForSecondFactorAsync(db, activationId, userId);
        return found is { } step ? AuthenticatorEnrolment.View(step.User, await enrolment.StoredKeyAsync(step.User)) : null;
    }

    internal static async Task<(AccountActivation Activation, PortalUser User)?> WaitingForSecondFactorAsync(
        MioKarteDbContext db, Guid activationId, string userId)
    {
        var activation = await db.AccountActivations.SingleOrDefaultAsync(a => a.Id == activationId && a.UserId == userId);
        if (activation is null || !activation.AwaitsSecondFactor)
        {
            return null;
        }

        var user = await db.Users.SingleAsync(u => u.Id == userId);
        var active = await db.Facilities.AnyAsync(f => f.Id == activation.FacilityId && f.Status == Core.Facilities.FacilityStatus.Active);
        // An account disabled by its 管理責任者 meanwhile does not finish its activation.
        return active && user.DisabledAtUtc is null ? (activation, user) : null;
    }
}

/// <summary>
/// Confirms the authenticator (<see cref="AuthenticatorEnrolment.ConfirmAsync"/>), records it on the
/// activation in the same save, and signs the administrator in: they have just shown the link,
/// their new password and their authenticator.
/// </summary>
public sealed class EnableSecondFactorHandler(
    MioKarteDbContext db,
    AuthenticatorEnrolment enrolment,
    Microsoft.AspNetCore.Identity.SignInManager<PortalUser> signIn,
    TimeProvider time,
    ILogger<EnableSecondFactorHandler> logger) : IUseCaseHandler
{
    public async Task<EnrolmentOutcome> HandleAsync(Guid activationId, string userId, string typedCode)
    {
        if (await SecondFactorSetupHandler.WaitingForSecondFactorAsync(db, activationId, userId) is not (var activation, var user))
        {
            return new EnrolmentOutcome.Gone();
        }

        var outcome = await enrolment.ConfirmAsync(user, await enrolment.StoredKeyAsync(user), typedCode,
            alongside: () => activation.RecordSecondFactor(user.UserName ?? user.Id, time.GetUtcNow().UtcDateTime));
        if (outcome is EnrolmentOutcome.Enabled)
        {
            await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "activation");
            logger.LogInformation("Activation {ActivationId}: two-factor sign-in enabled for user {UserId}", activation.Id, user.Id);
        }

        return outcome;
    }
}
