using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Account.Shared;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.SignIn;

/// <summary>The browser's answer to a passkey request (JSON of the <c>PublicKeyCredential</c>), posted with the form.</summary>
public sealed class PasskeyAnswerInput
{
    [StringLength(PasskeyCeremony.MaxCredentialJsonLength)]
    public string CredentialJson { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

/// <summary>
/// Sign-in with a passkey: as the second factor after the password (every user who has one), or
/// alone — 「パスキーでログイン」 — for a member of a facility whose 管理責任者 allowed it
/// (<see cref="Facility.PasskeySignInAllowed"/>). Council staff and system administrators have no
/// facility and always type their password first. A passkey that does not answer (cancelled,
/// unknown, removed, another site's) signs nobody in and is not counted as a wrong code: nobody can
/// guess a signature. Logs the internal user id only.
/// </summary>
public sealed class PasskeySignInHandler(
    PortalSignInManager signIn, UserManager<PortalUser> users, PasskeyCeremony ceremony, MioKarteDbContext db, TimeProvider time,
    ILogger<PasskeySignInHandler> logger) : IUseCaseHandler
{
    /// <summary>Whether the sign-in page offers 「パスキーでログイン」: some active facility allows it.</summary>
    public Task<bool> OfferedAsync() =>
        db.Facilities.AnyAsync(f => f.PasskeySignInAllowed && f.Status == FacilityStatus.Active);

    /// <summary>Whether the user waiting at the code step has a passkey to answer with.</summary>
    public async Task<bool> PendingUserHasPasskeyAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is { } user && (await users.GetPasskeysAsync(user)).Count > 0;

    /// <summary>Options for a passkey of anyone (the browser lets the person pick one of theirs for this site).</summary>
    public Task<string> SignInOptionsAsync() => ceremony.RequestOptionsAsync(PasskeyPurpose.SignIn, null);

    public async Task<SignInOutcome> SignInAsync(PasskeyAnswerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await ceremony.AssertAsync(PasskeyPurpose.SignIn, null, input.CredentialJson) is not var (user, passkey))
        {
            logger.LogWarning("Passkey sign-in failed: the answer did not fit the options or no passkey matched");
            return SignInOutcome.Failed;
        }

        if (!await FacilityAllowsAsync(user))
        {
            logger.LogInformation("Passkey sign-in of user {UserId} refused: the facility does not allow sign-in without a password", user.Id);
            return SignInOutcome.PasswordRequired;
        }

        return await FinishAsync(user, passkey, "Passkey sign-in");
    }

    /// <summary>Options for the passkeys of the user the password step named; null when there is no such step in this browser.</summary>
    public async Task<string?> SecondFactorOptionsAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is { } user
            ? await ceremony.RequestOptionsAsync(PasskeyPurpose.SecondFactor, user)
            : null;

    public async Task<SignInOutcome> SecondFactorAsync(PasskeyAnswerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pending = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (pending is null)
        {
            return SignInOutcome.NotAllowed;
        }

        if (await ceremony.AssertAsync(PasskeyPurpose.SecondFactor, pending, input.CredentialJson) is not var (user, passkey))
        {
            logger.LogWarning("Passkey second factor of user {UserId} failed", pending.Id);
            return SignInOutcome.Failed;
        }

        return await FinishAsync(user, passkey, "Passkey second factor");
    }

    private async Task<SignInOutcome> FinishAsync(PortalUser user, UserPasskeyInfo passkey, string what)
    {
        // The handler checked the signature and raised the sign count; storing it lets a cloned authenticator show itself.
        await users.AddOrUpdatePasskeyAsync(user, passkey);
        var outcome = SignInHandler.OutcomeOf(await signIn.SignInWithPasskeyAsync(user), user, time.GetUtcNow().UtcDateTime);
        logger.LogInformation("{What} of user {UserId}: {Outcome}", what, user.Id, outcome);
        return outcome;
    }

    private async Task<bool> FacilityAllowsAsync(PortalUser user) =>
        user.FacilityId is { } facilityId
        && await db.Facilities.AnyAsync(f => f.Id == facilityId && f.PasskeySignInAllowed);
}
