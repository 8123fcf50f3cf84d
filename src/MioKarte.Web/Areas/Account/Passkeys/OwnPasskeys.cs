using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Sessions;
using MioKarte.Web.Areas.Account.Shared;

namespace MioKarte.Web.Areas.Account.Passkeys;

/// <summary>One of the user's passkeys as マイページ lists it; <see cref="Id"/> is the credential id, base64url.</summary>
public sealed record PasskeyRow(string Id, string Name, DateTime CreatedAtUtc);

/// <summary>マイページ's passkey page: the user's passkeys and the form to add one for this device.</summary>
public sealed record OwnPasskeysPage(IReadOnlyList<PasskeyRow> Passkeys, AddPasskeyInput Input, string? ReturnUrl);

/// <summary>A new passkey: the device's name (so the user can tell them apart) and the browser's answer.</summary>
public sealed class AddPasskeyInput
{
    public const int MaxNameLength = 50;

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(MaxNameLength, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Field.PasskeyName")]
    public string Name { get; set; } = "";

    [StringLength(PasskeyCeremony.MaxCredentialJsonLength)]
    public string CredentialJson { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public enum PasskeyChangeOutcome
{
    Done,

    /// <summary>The browser's answer did not fit the options (cancelled, expired, another site's, forged).</summary>
    Failed,

    /// <summary>No such passkey of this user (another user's id, or already removed).</summary>
    NotFound,
}

/// <summary>
/// The user's own passkeys: list, add one per device (after 再認証), remove one. Each change of a
/// facility member is a line of the user's history (<see cref="UserEventKind.PasskeyAdded"/> /
/// <see cref="UserEventKind.PasskeyRemoved"/>), saved with the change; council staff have no history,
/// the log line records it.
/// </summary>
public sealed class OwnPasskeysHandler(
    UserManager<PortalUser> users, SignInManager<PortalUser> signIn, PasskeyCeremony ceremony,
    MioKarteDbContext db, TimeProvider time, ILogger<OwnPasskeysHandler> logger) : IUseCaseHandler
{
    public async Task<OwnPasskeysPage> PageAsync(Actor actor, string? userAgent, string? returnUrl, AddPasskeyInput? input = null)
    {
        var user = await UserAsync(actor);
        var rows = (await users.GetPasskeysAsync(user))
            .OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeyRow(Base64Url.EncodeToString(p.CredentialId), p.Name ?? "", p.CreatedAt.UtcDateTime))
            .ToList();
        return new OwnPasskeysPage(rows, input ?? new AddPasskeyInput { Name = DeviceDescription.FromUserAgent(userAgent), ReturnUrl = returnUrl }, returnUrl);
    }

    /// <summary>The options of <c>navigator.credentials.create()</c> for the signed-in user.</summary>
    public async Task<string> CreationOptionsAsync(Actor actor) => await ceremony.CreationOptionsAsync(await UserAsync(actor));

    public async Task<PasskeyChangeOutcome> AddAsync(Actor actor, AddPasskeyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await UserAsync(actor);
        var passkey = await ceremony.AttestAsync(user, input.CredentialJson);
        if (passkey is null)
        {
            logger.LogWarning("User {UserId} could not add a passkey: the answer did not fit the options", user.Id);
            return PasskeyChangeOutcome.Failed;
        }

        passkey.Name = input.Name.Trim();
        Record(user, UserEventKind.PasskeyAdded);
        var result = await users.AddOrUpdatePasskeyAsync(user, passkey);
        if (!result.Succeeded)
        {
            logger.LogWarning("User {UserId} could not add a passkey: {Errors}", user.Id, string.Join(", ", result.Errors.Select(e => e.Code)));
            return PasskeyChangeOutcome.Failed;
        }

        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} added a passkey", user.Id);
        return PasskeyChangeOutcome.Done;
    }

    public async Task<PasskeyChangeOutcome> RemoveAsync(Actor actor, string id)
    {
        var user = await UserAsync(actor);
        byte[] credentialId;
        try
        {
            credentialId = Base64Url.DecodeFromChars(id ?? "");
        }
        catch (FormatException)
        {
            return PasskeyChangeOutcome.NotFound;
        }

        // Looked up among this user's passkeys only: another user's id finds nothing.
        if (credentialId.Length == 0 || await users.GetPasskeyAsync(user, credentialId) is null)
        {
            return PasskeyChangeOutcome.NotFound;
        }

        Record(user, UserEventKind.PasskeyRemoved);
        var result = await users.RemovePasskeyAsync(user, credentialId);
        if (!result.Succeeded)
        {
            return PasskeyChangeOutcome.NotFound;
        }

        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} removed a passkey", user.Id);
        return PasskeyChangeOutcome.Done;
    }

    /// <summary>The history line rides on the save Identity makes of the account.</summary>
    private void Record(PortalUser user, UserEventKind kind)
    {
        if (user.FacilityId is { } facilityId)
        {
            db.UserEvents.Add(UserEvent.Record(user.Id, facilityId, kind, user.Id, user.UserName ?? user.Id, time.GetUtcNow().UtcDateTime));
        }
    }

    private async Task<PortalUser> UserAsync(Actor actor) =>
        await users.FindByIdAsync(actor.UserId) ?? throw new InvalidOperationException("No signed-in user.");
}
