using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;

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
}

/// <summary>
/// Signs a user in with lockout on failure (5 in a row locks the account for 30 minutes).
/// Logs the outcome with the internal user id only: never the typed user name, which sometimes
/// holds a mistyped password.
/// </summary>
public sealed class SignInHandler(
    SignInManager<PortalUser> signIn, UserManager<PortalUser> users, ILogger<SignInHandler> logger)
{
    public async Task<SignInOutcome> HandleAsync(SignInInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await users.FindByNameAsync(input.UserName.Trim());
        if (user is null)
        {
            logger.LogWarning("Sign-in failed: unknown user name");
            return SignInOutcome.Failed;
        }

        var result = await signIn.PasswordSignInAsync(user, input.Password, isPersistent: false, lockoutOnFailure: true);
        var outcome = result switch
        {
            { Succeeded: true } => SignInOutcome.SignedIn,
            { IsLockedOut: true } => SignInOutcome.LockedOut,
            { IsNotAllowed: true } => SignInOutcome.NotAllowed,
            _ => SignInOutcome.Failed,
        };
        logger.LogInformation("Sign-in of user {UserId}: {Outcome}", user.Id, outcome);
        return outcome;
    }
}
