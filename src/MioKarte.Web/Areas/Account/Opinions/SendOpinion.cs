using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Mail;
using MioKarte.Core.Opinions;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Opinions;

public abstract record SendOpinionOutcome
{
    private SendOpinionOutcome()
    {
    }

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : SendOpinionOutcome;

    /// <summary>Sent now, or earlier by the same form (a double click, a retry).</summary>
    public sealed record Sent(Guid Id) : SendOpinionOutcome;

    /// <summary>The submission key belongs to someone else's opinion (a forged form).</summary>
    public sealed record Refused : SendOpinionOutcome;
}

/// <summary>
/// ご意見・ご要望の送信 (section 4-2). Stores the opinion with the sender's name and facility as
/// they are now and, when <c>Council:NotificationEmail</c> is set, a notification to the council in
/// the same transaction (the outbox). The notification carries no text of the opinion: it may hold
/// patient data, which never travels by mail. Idempotent by the form's submission key.
/// </summary>
public sealed class SendOpinionHandler(
    MioKarteDbContext db, TimeProvider time, IOptions<CouncilOptions> council, MailText text, ILogger<SendOpinionHandler> logger) : IUseCaseHandler
{
    public async Task<SendOpinionOutcome> HandleAsync(Actor actor, OpinionInput input, Guid submissionKey, Func<Guid, string> councilUrl)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(councilUrl);
        OpinionValidation.Normalise(input);
        var (category, errors) = OpinionValidation.Validate(input);
        if (category is null)
        {
            return new SendOpinionOutcome.Invalid(errors);
        }

        if (await ExistingAsync(submissionKey) is { } existing)
        {
            return existing.SenderUserId == actor.UserId ? new SendOpinionOutcome.Sent(existing.Id) : new SendOpinionOutcome.Refused();
        }

        var sender = await db.Users.Where(u => u.Id == actor.UserId)
            .Select(u => new
            {
                u.DisplayName,
                u.FacilityId,
                FacilityName = db.Facilities.Where(f => f.Id == u.FacilityId).Select(f => f.Name).FirstOrDefault(),
            })
            .SingleAsync();
        var now = time.GetUtcNow().UtcDateTime;
        var opinion = Opinion.Send(
            new OpinionSender(actor.UserId, sender.DisplayName, sender.FacilityId, sender.FacilityName),
            category.Value, input.Subject!, input.Body!, submissionKey, now);
        db.Opinions.Add(opinion);
        if (council.Value.NotificationAddress is { } address)
        {
            db.OutboxMessages.Add(OutboxMessage.Create(
                "OpinionReceived",
                address,
                text["Mail.CouncilName"],
                text["Mail.OpinionReceived.Subject", text["OpinionCategory." + opinion.Category]],
                text["Mail.OpinionReceived.Body",
                    text["OpinionCategory." + opinion.Category],
                    JapanTime.Format(now),
                    opinion.SenderFacilityName ?? text["Opinion.NoFacility"],
                    councilUrl(opinion.Id)],
                now));
        }

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // The same form arrived twice at once: the other request stored it.
            db.ChangeTracker.Clear();
            if (await ExistingAsync(submissionKey) is { } raced && raced.SenderUserId == actor.UserId)
            {
                return new SendOpinionOutcome.Sent(raced.Id);
            }

            throw;
        }

        logger.LogInformation("Opinion {OpinionId} received ({Category})", opinion.Id, opinion.Category);
        return new SendOpinionOutcome.Sent(opinion.Id);
    }

    private async Task<(Guid Id, string SenderUserId)?> ExistingAsync(Guid submissionKey) =>
        await db.Opinions.Where(o => o.SubmissionKey == submissionKey)
            .Select(o => new { o.Id, o.SenderUserId })
            .SingleOrDefaultAsync() is { } found ? (found.Id, found.SenderUserId) : null;
}
