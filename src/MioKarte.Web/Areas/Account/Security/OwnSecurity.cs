using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Common;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Account.Shared;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Security;

/// <summary>What マイページ's security section shows.</summary>
public sealed record SecurityOverview(bool TwoFactorEnabled, int RecoveryCodesLeft);

public sealed class ReenrolInput
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(20, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.AuthenticatorCode")]
    public string Code { get; set; } = "";

    /// <summary>The new key, sealed for this account for 15 minutes: it is stored only when a code proves it.</summary>
    [StringLength(2000)]
    public string Seal { get; set; } = "";
}

public sealed record ReenrolPage(AuthenticatorSetupView View, ReenrolInput Input);

/// <summary>
/// The user's own second factor, from マイページ: re-enrol the authenticator (a new phone) and make
/// new recovery codes. Both sit behind <see cref="RequireRecentAuthenticationAttribute"/>. The old
/// authenticator keeps working until the new one is proven; then the security stamp changes, which
/// ends the user's other sessions, and this session's cookie is refreshed to stay signed in.
/// </summary>
public sealed class OwnSecurityHandler(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, AuthenticatorEnrolment enrolment,
    IDataProtectionProvider protection, TimeProvider time, ILogger<OwnSecurityHandler> logger) : IUseCaseHandler
{
    private const string Purpose = "MioKarte.Account.Reenrol";
    private static readonly TimeSpan SealLifetime = TimeSpan.FromMinutes(15);

    public async Task<SecurityOverview> OverviewAsync(Actor actor)
    {
        var user = await UserAsync(actor);
        return new SecurityOverview(await users.GetTwoFactorEnabledAsync(user), await users.CountRecoveryCodesAsync(user));
    }

    /// <summary>A new key for the re-enrolment page (not stored).</summary>
    public async Task<ReenrolPage> NewKeyAsync(Actor actor)
    {
        var user = await UserAsync(actor);
        var key = enrolment.NewKey();
        var seal = ExpiringSeal.Seal(protection.CreateProtector(Purpose), time, SealLifetime, user.Id, key);
        return new ReenrolPage(AuthenticatorEnrolment.View(user, key), new ReenrolInput { Seal = seal });
    }

    /// <summary>The new key proven and stored, or why not (<see cref="EnrolmentOutcome.Gone"/>: the seal expired or is another account's).</summary>
    public async Task<EnrolmentOutcome> ReenrolAsync(Actor actor, ReenrolInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await UserAsync(actor);
        if (ExpiringSeal.Open(protection.CreateProtector(Purpose), time, input.Seal, maxLength: 2000) is not [var userId, var key] ||
            !string.Equals(userId, user.Id, StringComparison.Ordinal))
        {
            return new EnrolmentOutcome.Gone();
        }

        var outcome = await enrolment.ConfirmAsync(user, key, input.Code);
        if (outcome is EnrolmentOutcome.Enabled)
        {
            // The stamp changed (other sessions end); this one gets a cookie with the new stamp and keeps its session.
            await signIn.RefreshSignInAsync(user);
            logger.LogInformation("User {UserId} re-enrolled the authenticator", user.Id);
        }

        return outcome;
    }

    /// <summary>Ten new recovery codes; the old ones stop working.</summary>
    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(Actor actor)
    {
        var user = await UserAsync(actor);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, AuthenticatorEnrolment.RecoveryCodeCount))?.ToList() ?? [];
        logger.LogInformation("User {UserId} made new recovery codes", user.Id);
        return codes;
    }

    private async Task<PortalUser> UserAsync(Actor actor) =>
        await users.FindByIdAsync(actor.UserId) ?? throw new InvalidOperationException("No signed-in user.");
}
