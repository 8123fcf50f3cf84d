using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Hosting;
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

/// <summary>
/// The first sign-in of someone who must use two-factor sign-in (every role: they see patient data
/// or administer) and has no authenticator yet: after the password, they enrol one
/// (<see cref="AuthenticatorEnrolment"/>) and only then are signed in.
/// </summary>
/// <remarks>
/// The one handler that holds the request (allowlisted in <c>ActorArchitectureTests</c>): nobody acts yet — the user
/// between password and authenticator is named by the enrolment ticket cookie, which this reads and clears, and the
/// sign-in goes through SignInManager, which itself works on the request.
/// </remarks>
public sealed class EnrolAtSignInHandler(
    IHttpContextAccessor http, UserManager<PortalUser> users, SignInManager<PortalUser> signIn, AuthenticatorEnrolment enrolment,
    ILogger<EnrolAtSignInHandler> logger) : IUseCaseHandler
{
    /// <summary>The key to show; null when the ticket is not (or no longer) valid.</summary>
    public async Task<AuthenticatorSetupView?> ShowAsync() =>
        await TicketAsync() is { } found ? AuthenticatorEnrolment.View(found.User, found.Key) : null;

    /// <summary>Enrolled and signed in (<see cref="EnrolmentOutcome.Enabled"/>: the recovery codes are shown once), or why not.</summary>
    public async Task<EnrolmentOutcome> ConfirmAsync(string typedCode)
    {
        if (await TicketAsync() is not (var user, var key))
        {
            return new EnrolmentOutcome.Gone();
        }

        var outcome = await enrolment.ConfirmAsync(user, key, typedCode);
        if (outcome is EnrolmentOutcome.Enabled)
        {
            EnrolmentTicket.Clear(Context);
            await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "enrolment");
            logger.LogInformation("User {UserId} enrolled an authenticator at sign-in", user.Id);
        }

        return outcome;
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
