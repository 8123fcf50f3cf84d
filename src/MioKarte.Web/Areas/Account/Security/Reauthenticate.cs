using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Sessions;
using MioKarte.Web.Areas.Account.SignIn;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Security;

/// <summary>再認証: the password and the authenticator code (or a recovery code) again.</summary>
public sealed class ReauthenticateInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [DataType(DataType.Password)]
    [Display(Name = "Field.Password")]
    public string Password { get; set; } = "";

    [StringLength(20, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.TwoFactorCode")]
    public string? Code { get; set; }

    public string? ReturnUrl { get; set; }
}

public enum ReauthenticateOutcome
{
    Confirmed,
    Failed,

    /// <summary>Too many wrong tries: the account is locked and this session ended.</summary>
    LockedOut,
}

/// <summary>
/// Confirms that the person at the keyboard is the signed-in user: the password, then the
/// authenticator code (six digits) or a recovery code (used up). Wrong answers count towards the
/// same lockout as at sign-in; a lockout ends the session. Success records the moment on the
/// session (<see cref="UserSession.AuthenticatedAtUtc"/>), which
/// <see cref="RequireRecentAuthenticationAttribute"/> reads.
/// </summary>
public sealed class ReauthenticateHandler(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, MioKarteDbContext db,
    TimeProvider time, ILogger<ReauthenticateHandler> logger) : IUseCaseHandler
{
    public async Task<ReauthenticateOutcome> HandleAsync(Actor actor, ReauthenticateInput input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var user = await users.FindByIdAsync(actor.UserId);
        if (user is null || actor.SessionId is not { } sessionId)
        {
            return ReauthenticateOutcome.Failed;
        }

        var right = await users.CheckPasswordAsync(user, input.Password) && await SecondFactorIsRightAsync(user, input.Code);
        var now = time.GetUtcNow().UtcDateTime;
        if (!right)
        {
            await users.AccessFailedAsync(user);
            logger.LogWarning("Re-authentication of user {UserId} failed", user.Id);
            if (!await users.IsLockedOutAsync(user))
            {
                return ReauthenticateOutcome.Failed;
            }

            await SessionGate.EndAsync(db, sessionId, SessionEndReason.LockedOut, now);
            await signIn.SignOutAsync();
            return ReauthenticateOutcome.LockedOut;
        }

        await users.ResetAccessFailedCountAsync(user);
        await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == user.Id && s.EndedAtUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.AuthenticatedAtUtc, now).SetProperty(s => s.LastSeenAtUtc, now));
        logger.LogInformation("User {UserId} re-authenticated in session {SessionId}", user.Id, sessionId);
        return ReauthenticateOutcome.Confirmed;
    }

    /// <summary>Whether the signed-in user has an authenticator (then the code field is shown and required).</summary>
    public async Task<bool> NeedsCodeAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await users.FindByIdAsync(actor.UserId);
        return user is not null && await users.GetTwoFactorEnabledAsync(user);
    }

    private async Task<bool> SecondFactorIsRightAsync(PortalUser user, string? typed)
    {
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return true;
        }

        var code = AuthenticatorCode.Normalise(typed);
        if (code.Length == 0)
        {
            return false;
        }

        return AuthenticatorCode.IsSixDigits(code)
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
            : (await users.RedeemTwoFactorRecoveryCodeAsync(user, (typed ?? "").Trim())).Succeeded;
    }
}
