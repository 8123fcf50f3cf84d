using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Mail;
using MioKarte.Web.Areas.Apply.Application;
using MioKarte.Web.Areas.Council.Shared;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Applications;

/// <summary>The decisions the council takes on the detail page (登録完了 is its own use case).</summary>
public enum CouncilDecision
{
    ReceiveDocuments, // 書類受領
    Approve,          // 承認
    Return,           // 差戻し (comment required, applicant mailed)
    Reject,           // 却下 (reason required, applicant mailed)
}

/// <summary>What the council member posted: the decision, the version the page showed, and the comment typed.</summary>
public sealed record DecisionCommand(Guid ApplicationId, CouncilDecision Decision, Guid Version, string? Comment, string Actor);

public abstract record DecisionOutcome
{
    private DecisionOutcome()
    {
    }

    /// <summary>Done now, or the same decision by the same person was already done (a double submit).</summary>
    public sealed record Done : DecisionOutcome;

    public sealed record NotFound : DecisionOutcome;

    /// <summary>A return or a rejection without its reason, or one too long to keep.</summary>
    public sealed record CommentInvalid(string MessageKey) : DecisionOutcome;

    /// <summary>Someone changed the application since the page was shown: who and when.</summary>
    public sealed record Conflict(string ChangedByName, DateTime ChangedAtUtc) : DecisionOutcome;

    /// <summary>The decision is not allowed in the application's current status.</summary>
    public sealed record Illegal(ApplicationStatus Current) : DecisionOutcome;
}

/// <summary>
/// 書類受領・承認・差戻し・却下: the entity's guarded move, checked against the version the page showed
/// (optimistic concurrency), saved with the applicant's mail in one transaction. A second post of
/// the same form finds the decision already taken by the same person and changes nothing.
/// </summary>
public sealed class DecideApplicationHandler(
    MioKarteDbContext db,
    TimeProvider time,
    IDataProtectionProvider protection,
    MailText text,
    CouncilActorsHandler actors,
    ILogger<DecideApplicationHandler> logger) : IUseCaseHandler
{
    /// <summary>The longest comment kept in the history (the column's length).</summary>
    public const int MaxCommentLength = 2000;

    public async Task<DecisionOutcome> HandleAsync(DecisionCommand command, Func<string, string> statusUrl)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(statusUrl);
        var application = await LoadAsync(command.ApplicationId);
        if (application is null)
        {
            return new DecisionOutcome.NotFound();
        }

        var move = MoveOf(command.Decision);
        if (application.Version != command.Version)
        {
            // The same form posted twice (a double click, a retry after a slow answer) finds its own
            // decision already taken: nothing more to do. Anything else is someone else's change.
            return application.Status == ParticipationApplication.TargetOf(move)
                   && string.Equals(application.LastActor, command.Actor, StringComparison.Ordinal)
                ? new DecisionOutcome.Done()
                : await ConflictAsync(application);
        }

        var comment = command.Comment?.Trim();
        if (NeedsComment(command.Decision) && string.IsNullOrEmpty(comment))
        {
            return new DecisionOutcome.CommentInvalid(command.Decision == CouncilDecision.Return
                ? "Council.Decision.Error.ReturnComment"
                : "Council.Decision.Error.RejectReason");
        }

        if (comment is { Length: > MaxCommentLength })
        {
            return new DecisionOutcome.CommentInvalid("Council.Decision.Error.CommentTooLong");
        }

        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            Apply(application, command.Decision, command.Actor, comment, now);
        }
        catch (WorkflowException)
        {
            return new DecisionOutcome.Illegal(application.Status);
        }

        QueueMail(application, command.Decision, comment, statusUrl, now);
        if (!await db.TrySaveAtVersionAsync(application, command.Version))
        {
            // Another council member saved between our read and our write: nothing of ours is kept.
            var current = await LoadAsync(command.ApplicationId);
            return current is null ? new DecisionOutcome.NotFound() : await ConflictAsync(current);
        }

        // Who decided is in the application's history; the log carries no names.
        logger.LogInformation("Application {ReceiptNumber}: {Decision}", application.ReceiptNumber, command.Decision);
        return new DecisionOutcome.Done();
    }

    public static ApplicationMove MoveOf(CouncilDecision decision) => decision switch
    {
        CouncilDecision.ReceiveDocuments => ApplicationMove.ReceiveDocuments,
        CouncilDecision.Approve => ApplicationMove.Approve,
        CouncilDecision.Return => ApplicationMove.Return,
        CouncilDecision.Reject => ApplicationMove.Reject,
    };

    public static bool NeedsComment(CouncilDecision decision) => decision switch
    {
        CouncilDecision.Return or CouncilDecision.Reject => true,
        CouncilDecision.ReceiveDocuments or CouncilDecision.Approve => false,
    };

    private static void Apply(ParticipationApplication application, CouncilDecision decision, string actor, string? comment, DateTime now)
    {
        switch (decision)
        {
            case CouncilDecision.ReceiveDocuments:
                application.ReceiveDocuments(actor, now);
                break;
            case CouncilDecision.Approve:
                application.Approve(actor, now);
                break;
            case CouncilDecision.Return:
                application.Return(actor, comment ?? "", now);
                break;
            case CouncilDecision.Reject:
                application.Reject(actor, comment ?? "", now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(decision), decision, null);
        }
    }

    /// <summary>差戻し and 却下 are mailed to the 管理責任者 with the link to the status page, in the same transaction.</summary>
    private void QueueMail(ParticipationApplication application, CouncilDecision decision, string? comment, Func<string, string> statusUrl, DateTime now)
    {
        if (!NeedsComment(decision))
        {
            return;
        }

        var data = application.Data;
        var token = protection.CreateProtector(SubmitApplicationHandler.TokenPurpose).Unprotect(application.StatusTokenProtected);
        var (kind, prefix) = decision == CouncilDecision.Return
            ? ("ApplicationReturned", "Mail.Returned")
            : ("ApplicationRejected", "Mail.Rejected");
        db.OutboxMessages.Add(OutboxMessage.Create(
            kind,
            data.AdministratorEmail,
            data.AdministratorName,
            text[prefix + ".Subject", application.ReceiptNumber],
            text[prefix + ".Body", data.FacilityName, data.AdministratorName, application.ReceiptNumber, comment ?? "", statusUrl(token)],
            now));
    }

    private async Task<DecisionOutcome.Conflict> ConflictAsync(ParticipationApplication application) =>
        new(await actors.DisplayNameAsync(application.LastActor), application.UpdatedAtUtc);

    private Task<ParticipationApplication?> LoadAsync(Guid id) =>
        db.ParticipationApplications.Include(a => a.Events).SingleOrDefaultAsync(a => a.Id == id);
}
