using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Areas.Account.Activation;

/// <summary>What a mailed link is for; each kind has its own title, lead and steps (docs/registration.md).</summary>
public enum ActivationKind
{
    /// <summary>The 管理責任者 of a newly registered facility: password → authenticator → first certificate.</summary>
    Registration,

    /// <summary>A user added by the facility's 管理責任者: password → authenticator; the 管理責任者 issues terminals.</summary>
    Invitation,

    /// <summary>パスワード再設定 by the facility's 管理責任者: the password, and the authenticator only if there is none yet.</summary>
    PasswordReset,
}

/// <summary>One step of an activation, in the order shown.</summary>
public enum ActivationStep
{
    Password,
    SecondFactor,
    Certificate,
}

/// <summary>The step list above each page of the activation: every step of the kind, the current one marked.</summary>
public sealed record ActivationProgress(ActivationKind Kind, IReadOnlyList<ActivationStep> Steps, ActivationStep Current)
{
    public static ActivationProgress Of(ActivationKind kind, bool hasAuthenticator, ActivationStep current) =>
        new(kind, ActivationKinds.StepsOf(kind, hasAuthenticator), current);
}

/// <summary>The rules that tell the kinds apart, and the steps of each.</summary>
public static class ActivationKinds
{
    /// <summary>
    /// A link reissued by パスワード再設定 is a reset, whatever the account; otherwise a link made by
    /// 登録完了 (it names its application) is the 管理責任者's registration, and any other link is
    /// an invitation by the facility's 管理責任者.
    /// </summary>
    public static ActivationKind Of(bool fromApplication, bool passwordReset) =>
        passwordReset ? ActivationKind.PasswordReset
        : fromApplication ? ActivationKind.Registration
        : ActivationKind.Invitation;

    public static IReadOnlyList<ActivationStep> StepsOf(ActivationKind kind, bool hasAuthenticator) => kind switch
    {
        ActivationKind.Registration => [ActivationStep.Password, ActivationStep.SecondFactor, ActivationStep.Certificate],
        ActivationKind.Invitation => [ActivationStep.Password, ActivationStep.SecondFactor],
        ActivationKind.PasswordReset => hasAuthenticator ? [ActivationStep.Password] : [ActivationStep.Password, ActivationStep.SecondFactor],
    };

    /// <summary>
    /// The kind of an activation as it stands: a reset when a パスワード再設定 was recorded for the
    /// account at or after the current link was mailed (the history row and the link share the instant).
    /// </summary>
    public static async Task<ActivationKind> OfAsync(MioKarteDbContext db, AccountActivation activation)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(activation);
        var reset = await db.UserEvents.AnyAsync(e =>
            e.UserId == activation.UserId && e.Kind == UserEventKind.PasswordResetSent && e.AtUtc >= activation.SentAtUtc);
        return Of(activation.ApplicationId is not null, reset);
    }
}

/// <summary>The kind of the activation named by the ticket between the steps (null: none).</summary>
public sealed class ActivationKindHandler(MioKarteDbContext db) : IUseCaseHandler
{
    public async Task<ActivationKind?> HandleAsync(Guid activationId)
    {
        var activation = await db.AccountActivations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == activationId);
        return activation is null ? null : await ActivationKinds.OfAsync(db, activation);
    }
}
