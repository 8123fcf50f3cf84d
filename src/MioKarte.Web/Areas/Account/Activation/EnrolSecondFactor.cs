using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Account.SignIn;
using QRCoder;

namespace MioKarte.Web.Areas.Account.Activation;

/// <summary>Step 2: the code the authenticator app shows, proving the key was stored.</summary>
public sealed class SecondFactorInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(20, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.AuthenticatorCode")]
    public string Code { get; set; } = "";
}

/// <summary>The authenticator key as text (groups of four) and as a QR code (a PNG data: URI, which the CSP's img-src allows).</summary>
public sealed record SecondFactorView(string UserName, string FacilityName, string SharedKey, string QrCodeDataUri);

public sealed record SecondFactorPage(SecondFactorView View, SecondFactorInput Input);

/// <summary>
/// Shows the authenticator key of the account named by the activation ticket, creating it on the
/// first visit (a reload shows the same key, so a key already scanned stays valid). Two-factor
/// sign-in is NOT switched on here: only a verified code does that.
/// </summary>
public sealed class SecondFactorSetupHandler(MioKarteDbContext db, UserManager<PortalUser> users)
{
    public const string Issuer = "MIO Karte";

    /// <summary>Null when the ticket names no activation waiting for its second factor.</summary>
    public async Task<SecondFactorView?> HandleAsync(Guid activationId, string userId)
    {
        var found = await WaitingForSecondFactorAsync(db, activationId, userId);
        if (found is not { } step)
        {
            return null;
        }

        var key = await users.GetAuthenticatorKeyAsync(step.User);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(step.User);
            key = await users.GetAuthenticatorKeyAsync(step.User) ?? throw new InvalidOperationException("No authenticator key was stored.");
        }

        return View(step.User, step.FacilityName, key);
    }

    internal static SecondFactorView View(PortalUser user, string facilityName, string key)
    {
        var userName = user.UserName ?? "";
        return new SecondFactorView(userName, facilityName, Grouped(key), QrCode(AuthenticatorUri(userName, key)));
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

    private static string QrCode(string content)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    internal static async Task<(AccountActivation Activation, PortalUser User, string FacilityName)?> WaitingForSecondFactorAsync(
        MioKarteDbContext db, Guid activationId, string userId)
    {
        var activation = await db.AccountActivations.SingleOrDefaultAsync(a => a.Id == activationId && a.UserId == userId);
        if (activation is null || !activation.AwaitsSecondFactor)
        {
            return null;
        }

        var user = await db.Users.SingleAsync(u => u.Id == userId);
        var facility = await db.Facilities.SingleAsync(f => f.Id == activation.FacilityId);
        // An account disabled by its 管理責任者 meanwhile does not finish its activation.
        return facility.IsActive && user.DisabledAtUtc is null ? (activation, user, facility.Name) : null;
    }
}

public abstract record EnableSecondFactorOutcome
{
    private EnableSecondFactorOutcome()
    {
    }

    /// <summary>Two-factor sign-in is on and the administrator is signed in; the recovery codes are shown once.</summary>
    public sealed record Enabled(IReadOnlyList<string> RecoveryCodes) : EnableSecondFactorOutcome;

    public sealed record WrongCode(SecondFactorView View) : EnableSecondFactorOutcome;

    public sealed record LockedOut(SecondFactorView View) : EnableSecondFactorOutcome;

    /// <summary>The ticket's activation is no longer waiting for a second factor.</summary>
    public sealed record Gone : EnableSecondFactorOutcome;
}

/// <summary>
/// Verifies a code from the authenticator app with Identity's authenticator token provider and only
/// then switches two-factor sign-in on, records it on the activation (the same save), makes ten
/// recovery codes, and signs the administrator in: they have just shown the link, their new
/// password and their authenticator. Wrong codes count towards the lockout like wrong passwords.
/// </summary>
public sealed class EnableSecondFactorHandler(
    MioKarteDbContext db,
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    TimeProvider time,
    ILogger<EnableSecondFactorHandler> logger)
{
    public const int RecoveryCodeCount = 10;

    public async Task<EnableSecondFactorOutcome> HandleAsync(Guid activationId, string userId, string typedCode)
    {
        var found = await SecondFactorSetupHandler.WaitingForSecondFactorAsync(db, activationId, userId);
        if (found is not { } step)
        {
            return new EnableSecondFactorOutcome.Gone();
        }

        var (activation, user, facilityName) = step;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            return new EnableSecondFactorOutcome.Gone();
        }

        var view = SecondFactorSetupHandler.View(user, facilityName, key);
        if (await users.IsLockedOutAsync(user))
        {
            return new EnableSecondFactorOutcome.LockedOut(view);
        }

        var code = AuthenticatorCode.Normalise(typedCode);
        if (!AuthenticatorCode.IsSixDigits(code))
        {
            // Not a code at all (empty, a typo): said so, not counted.
            return new EnableSecondFactorOutcome.WrongCode(view);
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            await users.AccessFailedAsync(user);
            logger.LogWarning("Activation {ActivationId}: wrong authenticator code", activation.Id);
            return await users.IsLockedOutAsync(user)
                ? new EnableSecondFactorOutcome.LockedOut(view)
                : new EnableSecondFactorOutcome.WrongCode(view);
        }

        var recoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        activation.RecordSecondFactor(user.UserName ?? user.Id, time.GetUtcNow().UtcDateTime);
        // Saves the account and, through the same DbContext, the activation: one SaveChanges.
        var enabled = await users.SetTwoFactorEnabledAsync(user, true);
        if (!enabled.Succeeded)
        {
            return new EnableSecondFactorOutcome.Gone();
        }

        await users.ResetAccessFailedCountAsync(user);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "activation");
        logger.LogInformation("Activation {ActivationId}: two-factor sign-in enabled for user {UserId}", activation.Id, user.Id);
        return new EnableSecondFactorOutcome.Enabled(recoveryCodes);
    }
}
