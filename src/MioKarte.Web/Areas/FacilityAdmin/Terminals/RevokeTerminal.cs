using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;

namespace MioKarte.Web.Areas.FacilityAdmin.Terminals;

/// <summary>Why the administrator stops a terminal: the two reasons a facility has.</summary>
public enum TerminalRevocationReason
{
    LostOrStolen,  // 紛失・盗難 → keyCompromise
    Disposed,      // 廃棄・利用終了 → cessationOfOperation
}

public sealed record RevokeTerminalInput(Guid Version, TerminalRevocationReason? Reason);

public abstract record RevokeTerminalOutcome
{
    private RevokeTerminalOutcome()
    {
    }

    public sealed record Revoked(int Certificates) : RevokeTerminalOutcome;

    public sealed record NotFound : RevokeTerminalOutcome;

    public sealed record ReasonRequired : RevokeTerminalOutcome;

    /// <summary>Someone changed or retired the terminal first; nothing was changed now.</summary>
    public sealed record AlreadyChanged(string? By) : RevokeTerminalOutcome;
}

/// <summary>
/// 端末の失効・利用終了: revokes every certificate of the terminal that is not revoked yet (紛失・盗難
/// as keyCompromise, 廃棄・利用終了 as cessationOfOperation) and retires the terminal, in one save,
/// then publishes the next CRL. The gate refuses the certificate on the very next request.
/// </summary>
public sealed class RevokeTerminalHandler(MioKarteDbContext db, NetworkCertificateAuthority ca, TimeProvider time, ILogger<RevokeTerminalHandler> logger) : IUseCaseHandler
{
    public static CertificateRevocationReason ToCertificateReason(TerminalRevocationReason reason) => reason switch
    {
        TerminalRevocationReason.LostOrStolen => CertificateRevocationReason.KeyCompromise,
        TerminalRevocationReason.Disposed => CertificateRevocationReason.CessationOfOperation,
    };

    public async Task<RevokeTerminalOutcome> HandleAsync(
        Actor actor, Guid terminalId, RevokeTerminalInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var terminal = await db.Terminals.ForFacility(actor).SingleOrDefaultAsync(t => t.Id == terminalId, cancellationToken);
        if (terminal is null)
        {
            return new RevokeTerminalOutcome.NotFound();
        }

        if (input.Reason is not { } reason || !Enum.IsDefined(reason))
        {
            return new RevokeTerminalOutcome.ReasonRequired();
        }

        if (terminal.IsRetired || terminal.Version != input.Version)
        {
            return new RevokeTerminalOutcome.AlreadyChanged(await NameOfAsync(terminal.RetiredBy, cancellationToken));
        }

        var revoked = await ca.RevokeWithoutSavingAsync(
            actor, c => c.TerminalId == terminalId && c.RevokedAtUtc == null, actor.UserName, ToCertificateReason(reason), cancellationToken);
        terminal.Retire(actor.UserName, time.GetUtcNow().UtcDateTime);
        if (!await db.TrySaveAtVersionAsync(terminal, input.Version, cancellationToken))
        {
            var by = await db.Terminals.AsNoTracking().ForFacility(actor).Where(t => t.Id == terminalId).Select(t => t.RetiredBy).SingleAsync(cancellationToken);
            return new RevokeTerminalOutcome.AlreadyChanged(await NameOfAsync(by, cancellationToken));
        }

        if (revoked.Count > 0)
        {
            await ca.CurrentCrlAsync(cancellationToken);
        }

        logger.LogInformation("Terminal {TerminalId} retired ({Reason}); {Count} certificate(s) revoked", terminalId, reason, revoked.Count);
        return new RevokeTerminalOutcome.Revoked(revoked.Count);
    }

    /// <summary>The person who retired the terminal, by 氏名 (people are named, never shown by 利用者ID).</summary>
    private async Task<string?> NameOfAsync(string? userName, CancellationToken cancellationToken) =>
        userName is null
            ? null
            : await db.Users.Where(u => u.UserName == userName).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? userName;
}
