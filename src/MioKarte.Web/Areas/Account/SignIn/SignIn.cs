using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Account.Activation;
using MioKarte.Web.Areas.Account.Shared;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.SignIn;

/// <summary>The sign-in form: 利用者ID and password.</summary>
public sealed class SignInInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.UserName")]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.Password")]
    public string Password { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public enum SignInOutcome
{
    SignedIn,
    Failed,
    LockedOut,
    NotAllowed,

    /// <summary>The password was right; the authenticator code (or a recovery code) comes next.</summary>
    RequiresTwoFactor,

    /// <summary>A new 管理責任者 set a password but has not enrolled the authenticator yet: the activation continues.</summary>
    ContinueActivation,

    /// <summary>The password was right, but the user has no authenticator yet and must enrol one before being signed in.</summary>
    MustEnrol,

    /// <summary>The account is disabled (利用停止) or outside its validity period.</summary>
    AccountUnusable,

    /// <summary>A valid passkey, but the user's facility does not allow sign-in without the password.</summary>
    PasswordRequired,
}

/// <summary>
/// Signs a user in. The password is checked first and alone: until it is right, every answer is
/// <see cref="SignInOutcome.Failed"/> with one message, after one password hash — for an unknown
/// 利用者ID, a wrong password, an account without a password yet, a locked or disabled account —
/// so neither the page nor its timing tells an outsider which IDs exist. Wrong passwords are held
/// back per typed ID and client address (<see cref="SignInThrottle"/>), not by locking the account.
/// With the right password, a user with two-factor sign-in gets
/// <see cref="SignInOutcome.RequiresTwoFactor"/> and finishes on the code page; a user who must use it
/// and has no authenticator yet gets <see cref="SignInOutcome.MustEnrol"/> (or, a new 管理責任者, the
/// activation's step); a disabled account or a suspended facility is told so. Logs the outcome with
/// the internal user id only: never the typed user name, which sometimes holds a mistyped password.
/// </summary>
public sealed class SignInHandler(
    PortalSignInManager signIn, UserManager<PortalUser> users, MioKarteDbContext db, AuthenticatorEnrolment enrolment,
    SignInThrottle throttle, SignInAlarm alarm, TimeProvider time, ILogger<SignInHandler> logger) : IUseCaseHandler
{
    /// <summary>A hash of a random password made by this portal's hasher: what an unknown ID's password is checked against.</summary>
    private static string? decoyHash;

    public async Task<SignInOutcome> HandleAsync(SignInInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var userName = input.UserName.Trim();
        var client = signIn.Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.IsHeld(userName, client))
        {
            CheckDecoy(input.Password);
            logger.LogWarning("Sign-in held back: too many wrong passwords for one user name from {Client}", client);
            return SignInOutcome.Failed;
        }

        var user = await users.FindByNameAsync(userName);
        if (!await PasswordIsRightAsync(user, input.Password) || user is null)
        {
            if (throttle.RecordFailure(userName, client))
            {
                await alarm.RaiseAsync(user, client);
            }

            if (user is null)
            {
                logger.LogWarning("Sign-in failed: unknown user name");
            }
            else
            {
                logger.LogInformation("Sign-in of user {UserId}: {Outcome}", user.Id, SignInOutcome.Failed);
            }

            return SignInOutcome.Failed;
        }

        throttle.Forget(userName, client);

        // The password is right: from here on the person may be told why they cannot go on.
        var mustEnrol = await enrolment.MustEnrolAsync(user);
        var result = mustEnrol ? await signIn.CheckAllowedAsync(user) : await signIn.SignInAfterPasswordAsync(user);
        var outcome = result.Succeeded && mustEnrol ? SignInOutcome.MustEnrol : OutcomeOf(result, user, time.GetUtcNow().UtcDateTime);
        if (outcome == SignInOutcome.MustEnrol)
        {
            if (await db.AccountActivations.Where(a => a.UserId == user.Id && a.UsedAtUtc != null && a.TwoFactorEnabledAtUtc == null)
                    .Select(a => (Guid?)a.Id).FirstOrDefaultAsync() is { } activationId)
            {
                // A new 管理責任者: the password only opens the activation's next step.
                ActivationTicket.Issue(signIn.Context, activationId, user.Id);
                outcome = SignInOutcome.ContinueActivation;
            }
            else
            {
                EnrolmentTicket.Issue(signIn.Context, user.Id, await users.GetSecurityStampAsync(user), enrolment.NewKey());
            }
        }

        logger.LogInformation("Sign-in of user {UserId}: {Outcome}", user.Id, outcome);
        return outcome;
    }

    /// <summary>
    /// Whether <paramref name="password"/> is the account's; one hash whatever the account: a
    /// missing, password-less or locked account is checked against the decoy (and is never right).
    /// </summary>
    private async Task<bool> PasswordIsRightAsync(PortalUser? user, string password)
    {
        if (user is null || user.PasswordHash is null || await users.IsLockedOutAsync(user))
        {
            CheckDecoy(password);
            return false;
        }

        return await users.CheckPasswordAsync(user, password);
    }

    private void CheckDecoy(string password)
    {
        var hash = decoyHash ??= users.PasswordHasher.HashPassword(new PortalUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        users.PasswordHasher.VerifyHashedPassword(new PortalUser(), hash, password);
    }

    /// <summary>Identity's answer as the portal's outcome; a refusal of an unusable account is told apart from a facility's.</summary>
    internal static SignInOutcome OutcomeOf(SignInResult result, PortalUser user, DateTime nowUtc) => result switch
    {
        { Succeeded: true } => SignInOutcome.SignedIn,
        { RequiresTwoFactor: true } => SignInOutcome.RequiresTwoFactor,
        { IsLockedOut: true } => SignInOutcome.LockedOut,
        { IsNotAllowed: true } => user.IsUsableAt(nowUtc) ? SignInOutcome.NotAllowed : SignInOutcome.AccountUnusable,
        _ => SignInOutcome.Failed,
    };
}

/// <summary>The second step of sign-in: a 6-digit authenticator code or one recovery code.</summary>
public sealed class TwoFactorInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(20, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.TwoFactorCode")]
    public string Code { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

/// <summary>
/// Finishes a two-factor sign-in. Six digits are an authenticator code; anything else is tried as a
/// recovery code (each works once). Wrong codes count towards the same lockout as wrong passwords.
/// </summary>
public sealed class TwoFactorSignInHandler(
    SignInManager<PortalUser> signIn, UserManager<PortalUser> users, TimeProvider time, ILogger<TwoFactorSignInHandler> logger) : IUseCaseHandler
{
    /// <summary>Whether a password was just accepted in this browser (the 5-minute two-factor cookie).</summary>
    public async Task<bool> IsPendingAsync() => await signIn.GetTwoFactorAuthenticationUserAsync() is not null;

    public async Task<SignInOutcome> HandleAsync(TwoFactorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return SignInOutcome.NotAllowed;
        }

        var code = AuthenticatorCode.Normalise(input.Code);
        SignInResult result;
        if (AuthenticatorCode.IsSixDigits(code))
        {
            result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        }
        else
        {
            result = await signIn.TwoFactorRecoveryCodeSignInAsync(input.Code.Trim());
            if (!result.Succeeded && !result.IsLockedOut && !result.IsNotAllowed)
            {
                // A wrong recovery code counts like a wrong authenticator code.
                await users.AccessFailedAsync(user);
                result = await users.IsLockedOutAsync(user) ? SignInResult.LockedOut : result;
            }
        }

        var outcome = SignInHandler.OutcomeOf(result, user, time.GetUtcNow().UtcDateTime);
        logger.LogInformation("Two-factor sign-in of user {UserId}: {Outcome}", user.Id, outcome);
        return outcome;
    }
}
