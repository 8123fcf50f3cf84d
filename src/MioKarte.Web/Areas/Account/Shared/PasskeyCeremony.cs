using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Shared;

/// <summary>What a passkey ceremony is for: its options are good only for the same purpose.</summary>
public enum PasskeyPurpose
{
    /// <summary>A signed-in user adds a passkey (マイページ, or right after the activation).</summary>
    Register,

    /// <summary>The second factor after the password (the user is the one the password step named).</summary>
    SecondFactor,

    /// <summary>Sign-in without a password (the user is whoever the passkey belongs to).</summary>
    SignIn,
}

/// <summary>
/// One WebAuthn ceremony, on ASP.NET Core Identity's passkey handler (<see cref="IPasskeyHandler{TUser}"/>,
/// .NET 10): the options for the browser, then the browser's answer checked against them.
/// </summary>
/// <remarks>
/// The handler's state between the two requests (the challenge, the user) is kept in a
/// <see cref="SealedCookie"/> of its own — five minutes, bound to the purpose and the user — rather than
/// where <c>SignInManager.MakePasskeyRequestOptionsAsync</c> keeps it: that writes the two-factor cookie,
/// which after the password names the user still to be checked, and would forget them. Each state is
/// taken once: a second answer to the same options finds nothing.
/// </remarks>
public sealed class PasskeyCeremony(IPasskeyHandler<PortalUser> handler, IHttpContextAccessor http, ILogger<PasskeyCeremony> logger)
{
    public const string CookieName = "__Host-MioKarte.Passkey";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private static readonly SealedCookie Cookie = new(CookieName, "MioKarte.Account.PasskeyCeremony", Lifetime);

    /// <summary>The longest answer a browser sends (an attestation with a certificate chain stays far below it).</summary>
    public const int MaxCredentialJsonLength = 16_000;

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("No request.");

    /// <summary>The options of <c>navigator.credentials.create()</c> for <paramref name="user"/>: their own passkeys excluded.</summary>
    public async Task<string> CreationOptionsAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var entity = new PasskeyUserEntity
        {
            Id = user.Id,
            Name = user.UserName ?? user.Id,
            DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? user.Id : user.DisplayName,
        };
        var result = await handler.MakeCreationOptionsAsync(entity, Context);
        Keep(PasskeyPurpose.Register, user.Id, result.AttestationState);
        return result.CreationOptionsJson;
    }

    /// <summary>The options of <c>navigator.credentials.get()</c>: the user's passkeys, or (no user) any of this site.</summary>
    public async Task<string> RequestOptionsAsync(PasskeyPurpose purpose, PortalUser? user)
    {
        var result = await handler.MakeRequestOptionsAsync(user, Context);
        Keep(purpose, user?.Id ?? "", result.AssertionState);
        return result.RequestOptionsJson;
    }

    /// <summary>The new passkey of <paramref name="user"/>, or null when the answer does not fit the options this browser was given.</summary>
    public async Task<UserPasskeyInfo?> AttestAsync(PortalUser user, string credentialJson)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!Fits(credentialJson) || Take(PasskeyPurpose.Register, user.Id) is not { } state)
        {
            logger.LogWarning("Passkey registration of user {UserId}: no ceremony underway in this browser (expired or already answered)", user.Id);
            return null;
        }

        var result = await handler.PerformAttestationAsync(new PasskeyAttestationContext
        {
            HttpContext = Context,
            CredentialJson = credentialJson,
            AttestationState = state,
        });
        if (!result.Succeeded)
        {
            // The handler's reason names the check that failed (origin, challenge, flags, format): no personal data.
            logger.LogWarning("Passkey registration of user {UserId} refused: {Reason}", user.Id, result.Failure.Message);
            return null;
        }

        return string.Equals(result.UserEntity.Id, user.Id, StringComparison.Ordinal) ? result.Passkey : null;
    }

    /// <summary>
    /// The user and their passkey (sign count updated by the handler) when the answer is a valid
    /// signature of the challenge this browser was given for <paramref name="purpose"/> — by
    /// <paramref name="expectedUser"/>'s passkey when one is named; null otherwise.
    /// </summary>
    public async Task<(PortalUser User, UserPasskeyInfo Passkey)?> AssertAsync(PasskeyPurpose purpose, PortalUser? expectedUser, string credentialJson)
    {
        if (!Fits(credentialJson) || Take(purpose, expectedUser?.Id ?? "") is not { } state)
        {
            logger.LogWarning("Passkey {Purpose}: no ceremony underway in this browser (expired or already answered)", purpose);
            return null;
        }

        var result = await handler.PerformAssertionAsync(new PasskeyAssertionContext
        {
            HttpContext = Context,
            CredentialJson = credentialJson,
            AssertionState = state,
        });
        if (!result.Succeeded)
        {
            logger.LogWarning("Passkey {Purpose} refused: {Reason}", purpose, result.Failure.Message);
            return null;
        }

        if ((expectedUser is not null && !string.Equals(result.User.Id, expectedUser.Id, StringComparison.Ordinal)))
        {
            return null;
        }

        return (result.User, result.Passkey);
    }

    private static bool Fits(string? credentialJson) =>
        !string.IsNullOrWhiteSpace(credentialJson) && credentialJson.Length <= MaxCredentialJsonLength;

    private void Keep(PasskeyPurpose purpose, string userId, string? state) =>
        // The state is JSON (it may hold the user's name): encoded so that it never holds the seal's separator.
        Cookie.Issue(Context, purpose.ToString(), userId, Base64Url.EncodeToString(Encoding.UTF8.GetBytes(state ?? "")));

    private string? Take(PasskeyPurpose purpose, string userId)
    {
        var fields = Cookie.Read(Context);
        Cookie.Clear(Context);
        return fields is [var kept, var keptUser, var state]
               && string.Equals(kept, purpose.ToString(), StringComparison.Ordinal)
               && string.Equals(keptUser, userId, StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(state))
            : null;
    }
}
