using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Mail;
using MioKarte.Core.Opinions;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Opinions;

/// <summary>
/// 回答する: stores the council's answer and, when the sender has an e-mail address, a mail in the
/// same transaction (the outbox) saying that an answer is ready, with the link to read it on the
/// portal. The mail never carries the answer, the subject or the text of the opinion: they may hold
/// patient data, which is read only on the portal.
/// </summary>
public sealed class AnswerOpinionHandler(MioKarteDbContext db, TimeProvider time, MailText text) : IUseCaseHandler
{
    public async Task<OpinionMoveOutcome> HandleAsync(Guid id, Guid version, string? answer, Actor actor, Func<Guid, string> senderUrl)
    {
        ArgumentNullException.ThrowIfNull(senderUrl);
        var (cleaned, error) = OpinionValidation.ValidateAnswer(answer);
        if (cleaned is null)
        {
            return new OpinionMoveOutcome.Invalid(error!);
        }

        var now = time.GetUtcNow().UtcDateTime;
        return await OpinionMove.RunAsync(db, id, version, async opinion =>
        {
            opinion.AnswerWith(cleaned, actor.ShownName, now);
            await QueueMailAsync(opinion, now, senderUrl(opinion.Id));
        });
    }

    private async Task QueueMailAsync(Opinion opinion, DateTime nowUtc, string url)
    {
        // The sender as they are now: the address may have changed since the opinion was sent.
        var sender = await db.Users.Where(u => u.Id == opinion.SenderUserId).Select(u => new { u.Email, u.DisplayName }).SingleOrDefaultAsync();
        if (sender is null || string.IsNullOrWhiteSpace(sender.Email))
        {
            return;
        }

        db.OutboxMessages.Add(OutboxMessage.Create(
            "OpinionAnswered",
            sender.Email,
            sender.DisplayName,
            text["Mail.OpinionAnswered.Subject"],
            text["Mail.OpinionAnswered.Body", sender.DisplayName, JapanTime.Format(opinion.SentAtUtc), text["OpinionCategory." + opinion.Category], url],
            nowUtc));
    }
}
