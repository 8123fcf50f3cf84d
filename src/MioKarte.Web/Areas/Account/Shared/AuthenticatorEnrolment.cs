using System.Text;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Account.SignIn;
using QRCoder;

namespace MioKarte.Web.Areas.Account.Shared;

/// <summary>The authenticator key as text (groups of four) and as a QR code (a PNG data: URI, which the CSP's img-src allows).</summary>
public sealed record AuthenticatorSetupView(string UserName, string SharedKey, string QrCodeDataUri);

/// <summary>How an enrolment step ended: the same for every way to it (activation, first sign-in, re-enrolment).</summary>
public abstract record EnrolmentOutcome
{
    private EnrolmentOutcome()
    {
    }

    /// <summary>Two-factor sign-in is on with the key; the ten new recovery codes are shown once.</summary>
    public sealed record Enabled(IReadOnlyList<string> RecoveryCodes) : EnrolmentOutcome;

    /// <summary>The code was not accepted: the same key is shown again with <see cref="MessageKey"/>.</summary>
    public abstract record Refused(AuthenticatorSetupView View, string MessageKey) : EnrolmentOutcome;

    public sealed record WrongCode(AuthenticatorSetupView View) : Refused(View, "Activation.SecondFactor.WrongCode");

    public sealed record LockedOut(AuthenticatorSetupView View) : Refused(View, "SignIn.LockedOut");

    /// <summary>The step's pass (activation ticket, enrolment ticket, sealed key) is no longer valid: start again.</summary>
    public sealed record Gone : EnrolmentOutcome;
}

/// <summary>
/// Enrolling an authenticator app, the one implementation for every way to it: the new
/// 管理責任者's activation, the first sign-in of anyone who must use two-factor sign-in and has no
/// authenticator yet, and re-enrolment from マイページ. The key is shown as a QR code and as text;
/// only a code the app computed from it switches two-factor sign-in on, records the key and makes
/// ten new recovery codes. Wrong codes count towards the lockout like wrong passwords.
/// </summary>
/// <remarks>
/// The code is checked against the key it was shown for, which need not be stored yet: a
/// re-enrolment keeps the old authenticator working until the new one is proven. The check is
/// <see cref="AuthenticatorSteps"/>' (RFC 6238, two steps either side of now, the real clock), the
/// same as at sign-in; the step of the accepted code is recorded as used.
/// </remarks>
public sealed class AuthenticatorEnrolment(
    UserManager<PortalUser> users, IUserStore<PortalUser> store, MioKarteDbContext db, ILogger<AuthenticatorEnrolment> logger)
{
    public const string Issuer = "MIO Karte";
    public const int RecoveryCodeCount = 10;

    /// <summary>The roles whose people see patient data or administer: every one of them must use two-factor sign-in.</summary>
    public static IReadOnlySet<string> RolesRequiringTwoFactor { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        PortalRoles.FacilityAdministrator, PortalRoles.Staff, PortalRoles.CouncilStaff, PortalRoles.SystemAdministrator,
    };

    /// <summary>Whether <paramref name="user"/> must enrol an authenticator before being signed in.</summary>
    public async Task<bool> MustEnrolAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !await users.GetTwoFactorEnabledAsync(user) &&
               (await users.GetRolesAsync(user)).Any(RolesRequiringTwoFactor.Contains);
    }

    /// <summary>The stored key, created on the first visit (a reload shows the same key, so a key already scanned stays valid).</summary>
    public async Task<string> StoredKeyAsync(PortalUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key was stored.");
        }

        return key;
    }

    /// <summary>A new key that is not stored: a re-enrolment carries it in its form until a code proves it.</summary>
    public string NewKey() => users.GenerateNewAuthenticatorKey();

    public static AuthenticatorSetupView View(PortalUser user, string key)
    {
        ArgumentNullException.ThrowIfNull(user);
        var userName = user.UserName ?? "";
        return new AuthenticatorSetupView(userName, Grouped(key), QrCode(AuthenticatorUri(userName, key)));
    }

    /// <summary>The otpauth URI authenticator apps read (Key Uri Format): TOTP, SHA-1, 6 digits, 30 seconds.</summary>
    public static string AuthenticatorUri(string userName, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}" +
        $"?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>"JBSW Y3DP EHPK 3PXP": easier to type than 32 letters in a row.</summary>
    public static string Grouped(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(text.Length == 0 ? "" : " ").Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }

        return text.ToString().ToUpperInvariant();
    }

    /// <summary>
    /// Checks <paramref name="typedCode"/> against <paramref name="key"/>; when it is right, stores the
    /// key, makes new recovery codes and switches two-factor sign-in on (which also renews the security
    /// stamp, so the user's other sessions end). <paramref name="alongside"/> runs just before the last
    /// save, for a change that must be saved with it (the activation's record).
    /// </summary>
    public async Task<EnrolmentOutcome> ConfirmAsync(PortalUser user, string key, string typedCode, Action? alongside = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(key);
        if (await users.IsLockedOutAsync(user))
        {
            return new EnrolmentOutcome.LockedOut(View(user, key));
        }

        var code = AuthenticatorCode.Normalise(typedCode);
        if (!AuthenticatorCode.IsSixDigits(code))
        {
            // Not a code at all (empty, a typo): said so, not counted.
            return new EnrolmentOutcome.WrongCode(View(user, key));
        }

        // A new key's code cannot have been seen before, so a step already used with the old key is
        // no reason to refuse it; the step is still recorded, so the code does not also open a sign-in.
        if (AuthenticatorSteps.MatchingStep(key, code, DateTime.UtcNow, after: null) is not { } step)
        {
            await users.AccessFailedAsync(user);
            logger.LogWarning("Authenticator enrolment of user {UserId}: wrong code", user.Id);
            return await users.IsLockedOutAsync(user) ? new EnrolmentOutcome.LockedOut(View(user, key)) : new EnrolmentOutcome.WrongCode(View(user, key));
        }

        await AuthenticatorSteps.ClaimAsync(db, user.Id, step);
        var recoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        if (!string.Equals(await users.GetAuthenticatorKeyAsync(user), key, StringComparison.Ordinal))
        {
            await ((IUserAuthenticatorKeyStore<PortalUser>)store).SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
        }

        alongside?.Invoke();
        // Saves the key, the account and whatever `alongside` changed through the same DbContext: one SaveChanges.
        var enabled = await users.SetTwoFactorEnabledAsync(user, true);
        if (!enabled.Succeeded)
        {
            throw new InvalidOperationException("Two-factor sign-in could not be switched on: " + string.Join("; ", enabled.Errors.Select(e => e.Code)));
        }

        await users.ResetAccessFailedCountAsync(user);
        logger.LogInformation("Authenticator enrolled for user {UserId}", user.Id);
        return new EnrolmentOutcome.Enabled(recoveryCodes);
    }

    private static string QrCode(string content)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
