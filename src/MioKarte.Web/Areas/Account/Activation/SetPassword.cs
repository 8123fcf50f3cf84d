using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Areas.Account.Activation;

/// <summary>Step 1 of every kind of activation: the account's owner chooses their own password.</summary>
public sealed class ActivationPasswordInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.NewPassword")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "Activation.PasswordMismatch")]
    [Display(Name = "Field.ConfirmPassword")]
    public string ConfirmPassword { get; set; } = "";
}

/// <summary>Who the link is for, shown above the password form.</summary>
public sealed record ActivationLinkView(
    string Token, string FacilityName, string FacilityCode, string UserName, string DisplayName, DateTime ExpiresAtUtc,
    ActivationKind Kind, bool HasAuthenticator)
{
    public ActivationProgress Progress => ActivationProgress.Of(Kind, HasAuthenticator, ActivationStep.Password);
}

public sealed record ActivationPasswordPage(ActivationLinkView Link, ActivationPasswordInput Input);

/// <summary>Why a link cannot be used. Unknown tokens say no more than that.</summary>
public enum LinkProblem
{
    Unknown,
    Expired,
    Used,
    Cancelled,
    FacilityInactive,

    /// <summary>The facility's 管理責任者 disabled the account (利用停止), or its validity period has not begun or is over.</summary>
    AccountUnusable,
}

public abstract record ActivationLinkOutcome
{
    private ActivationLinkOutcome()
    {
    }

    public sealed record Usable(ActivationLinkView View) : ActivationLinkOutcome;

    public sealed record Unusable(LinkProblem Problem) : ActivationLinkOutcome;
}

/// <summary>Opens the mailed link: found by the hash of its token only, and usable only while pending.</summary>
public sealed class ActivationLinkHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public async Task<ActivationLinkOutcome> HandleAsync(string token)
    {
        var found = await FindAsync(db, token);
        var problem = Problem(found, time.GetUtcNow().UtcDateTime);
        if (problem is not null)
        {
            return new ActivationLinkOutcome.Unusable(problem.Value);
        }

        var (activation, user, facility) = found!.Value;
        return new ActivationLinkOutcome.Usable(await ViewAsync(db, token, activation, user, facility));
    }

    internal static async Task<ActivationLinkView> ViewAsync(
        MioKarteDbContext db, string token, AccountActivation activation, PortalUser user, Facility facility) =>
        new(token, facility.Name, facility.Code, user.UserName ?? "", user.DisplayName, activation.ExpiresAtUtc,
            await ActivationKinds.OfAsync(db, activation), user.TwoFactorEnabled);

    /// <summary>The activation of a link token with its account and facility (tracked), or null for an unknown token.</summary>
    internal static async Task<(AccountActivation Activation, PortalUser User, Facility Facility)?> FindAsync(MioKarteDbContext db, string token)
    {
        var hash = LinkToken.HashOf(token);
        if (hash is null)
        {
            return null;
        }

        var activation = await db.AccountActivations.SingleOrDefaultAsync(a => a.TokenHash == hash);
        if (activation is null)
        {
            return null;
        }

        var user = await db.Users.SingleAsync(u => u.Id == activation.UserId);
        var facility = await db.Facilities.SingleAsync(f => f.Id == activation.FacilityId);
        return (activation, user, facility);
    }

    internal static LinkProblem? Problem((AccountActivation Activation, PortalUser User, Facility Facility)? found, DateTime nowUtc)
    {
        if (found is not { } link)
        {
            return LinkProblem.Unknown;
        }

        if (link.Activation.UsedAtUtc is null && !link.User.IsUsableAt(nowUtc))
        {
            return LinkProblem.AccountUnusable;
        }

        return link.Activation.StateAt(nowUtc) switch
        {
            ActivationState.Pending => link.Facility.IsActive ? null : LinkProblem.FacilityInactive,
            ActivationState.Expired => LinkProblem.Expired,
            ActivationState.Used => LinkProblem.Used,
            ActivationState.Cancelled => LinkProblem.Cancelled,
        };
    }
}

public abstract record SetPasswordOutcome
{
    private SetPasswordOutcome()
    {
    }

    /// <summary>
    /// The password is set. <paramref name="SecondFactorNext"/>: the authenticator comes next (a new
    /// account); false after a パスワード再設定 of an account that already has its authenticator.
    /// </summary>
    public sealed record PasswordSet(Guid ActivationId, string UserId, bool SecondFactorNext = true) : SetPasswordOutcome;

    /// <summary>The password breaks the policy; the messages are Identity's, in Japanese.</summary>
    public sealed record Invalid(ActivationLinkView Link, IReadOnlyList<string> Errors) : SetPasswordOutcome;

    public sealed record Unusable(LinkProblem Problem) : SetPasswordOutcome;
}

/// <summary>
/// Sets the administrator's first password and consumes the link in ONE save: Identity's
/// <c>AddPasswordAsync</c> validates the password against the policy and then saves the account
/// through the same scoped DbContext, which carries the link's <see cref="AccountActivation.Use"/>.
/// A second click (or a second tab at the same moment) finds the link used: its version changed.
/// </summary>
public sealed class SetActivationPasswordHandler(
    MioKarteDbContext db, UserManager<PortalUser> users, TimeProvider time, ILogger<SetActivationPasswordHandler> logger) : IUseCaseHandler
{
    public async Task<SetPasswordOutcome> HandleAsync(string token, ActivationPasswordInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow().UtcDateTime;
        var found = await ActivationLinkHandler.FindAsync(db, token);
        if (ActivationLinkHandler.Problem(found, now) is { } problem)
        {
            return new SetPasswordOutcome.Unusable(problem);
        }

        var (activation, user, facility) = found!.Value;
        activation.Use(user.UserName ?? user.Id, now);
        // The link reached this address: the mail address is confirmed.
        user.EmailConfirmed = true;
        var result = await users.AddPasswordAsync(user, input.Password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.ConcurrencyFailure) or "UserAlreadyHasPassword"))
            {
                return new SetPasswordOutcome.Unusable(LinkProblem.Used);
            }

            return new SetPasswordOutcome.Invalid(
                await ActivationLinkHandler.ViewAsync(db, token, activation, user, facility),
                [.. result.Errors.Select(e => e.Description)]);
        }

        logger.LogInformation("Activation {ActivationId}: password set by user {UserId}", activation.Id, user.Id);
        return new SetPasswordOutcome.PasswordSet(activation.Id, user.Id, activation.AwaitsSecondFactor);
    }
}
