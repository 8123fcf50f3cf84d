using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using OtpNet;

namespace MioKarte.Web.Areas.Account.Shared;

/// <summary>
/// Authenticator codes as RFC 6238 defines them (HMAC-SHA1, six digits, 30-second steps), each
/// accepted <b>once</b>: a code is accepted only for a time step later than the account's last
/// accepted one (<see cref="PortalUser.LastAuthenticatorStep"/>), so a code read over a shoulder,
/// from a screen recording or sent twice is refused for the rest of its window (§5.2).
/// </summary>
/// <remarks>
/// The clock is the real one, not the portal's <see cref="TimeProvider"/>: the codes come from a
/// phone, which keeps real time. Two steps either side of now are accepted (a phone's clock may be
/// a minute off), as Identity's own provider does.
/// </remarks>
public static class AuthenticatorSteps
{
    public const int StepSeconds = 30;

    /// <summary>Steps accepted either side of now.</summary>
    public const int Drift = 2;

    public static long StepAt(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalSeconds / StepSeconds;

    /// <summary>The code an app holding <paramref name="key"/> shows during <paramref name="step"/>.</summary>
    public static string CodeAt(string key, long step) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UnixEpoch.AddSeconds(step * StepSeconds));

    /// <summary>
    /// The step within <see cref="Drift"/> of <paramref name="utcNow"/>, later than
    /// <paramref name="after"/>, whose code is <paramref name="code"/>; null when there is none (a
    /// wrong code, a key that is not Base32, or a code already used).
    /// </summary>
    public static long? MatchingStep(string key, string code, DateTime utcNow, long? after)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(code);
        byte[] secret;
        try
        {
            secret = Base32Encoding.ToBytes(key);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (secret.Length == 0)
        {
            return null;
        }

        var totp = new Totp(secret);
        var typed = Encoding.ASCII.GetBytes(code);
        var now = StepAt(utcNow);
        for (var step = now - Drift; step <= now + Drift; step++)
        {
            if ((after is null || step > after) &&
                CryptographicOperations.FixedTimeEquals(typed, Encoding.ASCII.GetBytes(totp.ComputeTotp(DateTime.UnixEpoch.AddSeconds(step * StepSeconds)))))
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>
    /// Records <paramref name="step"/> as the account's last used step if it is later than the one
    /// stored — one conditional UPDATE, so of two requests with the same code only one can win.
    /// </summary>
    public static async Task<bool> ClaimAsync(MioKarteDbContext db, string userId, long step)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Users
            .Where(u => u.Id == userId && (u.LastAuthenticatorStep == null || u.LastAuthenticatorStep < step))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastAuthenticatorStep, step)) == 1;
    }
}

/// <summary>
/// Identity's authenticator token provider (sign-in's code step, 再認証), replaced so that each code
/// works once (<see cref="AuthenticatorSteps"/>). Registered under Identity's authenticator provider
/// name, so <c>TwoFactorAuthenticatorSignInAsync</c> and <c>VerifyTwoFactorTokenAsync</c> use it.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider(MioKarteDbContext db, ILogger<OneTimeAuthenticatorTokenProvider> logger)
    : IUserTwoFactorTokenProvider<PortalUser>
{
    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));
    }

    /// <summary>The app on the phone makes the codes; the portal never sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) ||
            AuthenticatorSteps.MatchingStep(key, token ?? "", DateTime.UtcNow, user.LastAuthenticatorStep) is not { } step)
        {
            return false;
        }

        if (await AuthenticatorSteps.ClaimAsync(db, user.Id, step))
        {
            return true;
        }

        logger.LogWarning("Authenticator code of user {UserId} refused: its time step was already used", user.Id);
        return false;
    }
}
