using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Council.Registrations;
using MioKarte.Web.Areas.Council.Shared;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Activations;

public abstract record ActivationChangeOutcome
{
    private ActivationChangeOutcome()
    {
    }

    public sealed record Resent(string Email, DateTime ExpiresAtUtc) : ActivationChangeOutcome;

    public sealed record Cancelled : ActivationChangeOutcome;

    /// <summary>The activation changed after the page was shown (by a colleague, or by the administrator who used the link).</summary>
    public sealed record Conflict(string ChangedBy) : ActivationChangeOutcome;

    /// <summary>The move is not possible any more (the link was used, or is already cancelled).</summary>
    public sealed record NotAllowed(ActivationState State) : ActivationChangeOutcome;

    public sealed record NotFound : ActivationChangeOutcome;
}

/// <summary>
/// 再送: a new single-use link with a fresh lifetime, mailed in the same save; the link mailed
/// before dies at once (its hash is replaced). 取消: the link dies and nothing is mailed. Both check
/// the version the panel showed, so two staff acting at once, or a resend racing the administrator,
/// are told who changed it.
/// </summary>
public sealed class ChangeActivationHandler(
    MioKarteDbContext db,
    TimeProvider time,
    IOptions<CouncilOptions> council,
    MailText text,
    CouncilActorsHandler actors,
    ILogger<ChangeActivationHandler> logger) : IUseCaseHandler
{
    public Task<ActivationChangeOutcome> ResendAsync(Guid activationId, Guid postedVersion, Actor actor, Func<string, string> activationUrl) =>
        ChangeAsync(activationId, postedVersion, async (activation, now) =>
        {
            ArgumentNullException.ThrowIfNull(activationUrl);
            if (activation.StateAt(now) == ActivationState.Used)
            {
                return new ActivationChangeOutcome.NotAllowed(ActivationState.Used);
            }

            var token = activation.Resend(actor.UserName, now, council.Value.ActivationLifetime);
            var administrator = await db.Users.SingleAsync(u => u.Id == activation.UserId);
            var facility = await db.Facilities.SingleAsync(f => f.Id == activation.FacilityId);
            db.OutboxMessages.Add(ActivationMail.Create(text, ActivationMail.Kind.Resend, facility, administrator, activationUrl(token), activation.ExpiresAtUtc, now));
            return new ActivationChangeOutcome.Resent(administrator.Email ?? "", activation.ExpiresAtUtc);
        });

    public Task<ActivationChangeOutcome> CancelAsync(Guid activationId, Guid postedVersion, Actor actor) =>
        ChangeAsync(activationId, postedVersion, (activation, now) =>
        {
            var state = activation.StateAt(now);
            if (state is ActivationState.Used or ActivationState.Cancelled)
            {
                return Task.FromResult<ActivationChangeOutcome>(new ActivationChangeOutcome.NotAllowed(state));
            }

            activation.Cancel(actor.UserName, now);
            return Task.FromResult<ActivationChangeOutcome>(new ActivationChangeOutcome.Cancelled());
        });

    private async Task<ActivationChangeOutcome> ChangeAsync(
        Guid activationId, Guid postedVersion, Func<AccountActivation, DateTime, Task<ActivationChangeOutcome>> change)
    {
        var activation = await db.AccountActivations.SingleOrDefaultAsync(a => a.Id == activationId);
        if (activation is null)
        {
            return new ActivationChangeOutcome.NotFound();
        }

        if (activation.Version != postedVersion)
        {
            return new ActivationChangeOutcome.Conflict(await actors.DisplayNameAsync(activation.ChangedBy));
        }

        var outcome = await change(activation, time.GetUtcNow().UtcDateTime);
        if (outcome is ActivationChangeOutcome.NotAllowed)
        {
            return outcome;
        }

        if (!await db.TrySaveAtVersionAsync(activation, postedVersion))
        {
            var changedBy = await db.AccountActivations.Where(a => a.Id == activationId).Select(a => a.ChangedBy).SingleAsync();
            return new ActivationChangeOutcome.Conflict(await actors.DisplayNameAsync(changedBy));
        }

        logger.LogInformation("Activation {ActivationId}: {Change}", activationId, outcome.GetType().Name);
        return outcome;
    }
}
