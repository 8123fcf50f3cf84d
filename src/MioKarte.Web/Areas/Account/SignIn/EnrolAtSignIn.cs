using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Account.Shared;

namespace MioKarte.Web.Areas.Account.SignIn;

/// <summary>The code from the newly registered authenticator app.</summary>
public sealed class EnrolInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(20, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.AuthenticatorCode")]
    public string Code { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public sealed record EnrolPage(AuthenticatorSetupView View, EnrolInput Input);

public abstract record EnrolAtSignInOutcome
{
    private EnrolAtSignInOutcome()
    {
    }

    /// <summary>Enrolled and signed in; the recovery codes are shown once.</summary>
    public sealed record SignedIn(IReadOnlyList<string> RecoveryCodes) : EnrolAtSignInOutcome;

    public sealed record WrongCode(AuthenticatorSetupView View) : EnrolAtSignInOutcome;

    public sealed record LockedOut(AuthenticatorSetupView View) : EnrolAtSignInOutcome;

    /// <summary>No valid ticket (expired, another browser, password changed, already enrolled): sign in again.</summary>
    public sealed record Gone : EnrolAtSignInOutcome;
}

/// <summary>
/// The first sign-in of someone who must use two-factor sign-in (every role: they see patient data
/// or administer) and has no authenticator yet: after the password, they enrol one
/// (<see cref="AuthenticatorEnrolment"/>) and only then are signed in.
/// </summary>
public sealed class EnrolAtSignInHandler(
    IHttpContextAccessor http, UserManager<PortalUser> users, SignInManager<PortalUser> signIn, AuthenticatorEnrolment enrolment,
    ILogger<EnrolAtSignInHandler> logger)
{
    /// <summary>The key to show; null when the ticket is not (or no longer) valid.</summary>
    public async Task<AuthenticatorSetupView?> ShowAsync() =>
        await TicketAsync() is { } found ? AuthenticatorEnrolment.View(found.User, found.Key) : null;

    public async Task<EnrolAtSignInOutcome> ConfirmAsync(string typedCode)
    {
        if (await TicketAsync() is not { } found)
        {
            return new EnrolAtSignInOutcome.Gone();
        }

        var (user, key) = found;
        var view = AuthenticatorEnrolment.View(user, key);
        switch (await enrolment.ConfirmAsync(user, key, typedCode))
        {
            case EnrolmentResult.Enabled enabled:
                EnrolmentTicket.Clear(Context);
                await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "enrolment");
                logger.LogInformation("User {UserId} enrolled an authenticator at sign-in", user.Id);
                return new EnrolAtSignInOutcome.SignedIn(enabled.RecoveryCodes);
            case EnrolmentResult.WrongCode:
                return new EnrolAtSignInOutcome.WrongCode(view);
            case EnrolmentResult.LockedOut:
                return new EnrolAtSignInOutcome.LockedOut(view);
            default:
                throw new InvalidOperationException("unknown result");
        }
    }

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("No request.");

    private async Task<(PortalUser User, string Key)?> TicketAsync()
    {
        if (EnrolmentTicket.Read(Context) is not { } ticket ||
            await users.FindByIdAsync(ticket.UserId) is not { } user ||
            !string.Equals(await users.GetSecurityStampAsync(user), ticket.SecurityStamp, StringComparison.Ordinal) ||
            !await enrolment.MustEnrolAsync(user) ||
            !await signIn.CanSignInAsync(user))
        {
            return null;
        }

        return (user, ticket.Key);
    }
}
