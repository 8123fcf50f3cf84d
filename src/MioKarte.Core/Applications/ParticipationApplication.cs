using MioKarte.Core.Common;
using MioKarte.Core.Identity;

namespace MioKarte.Core.Applications;

/// <summary>
/// A viewing facility's participation application (参加申込): the data of the ID-Link contract
/// application and the membership application, and its way through the council's review. Every
/// move is a guarded method that checks the current status and records who, when and why.
/// </summary>
public sealed class ParticipationApplication : IVersioned
{
    /// <summary>The actor recorded for the applicant's own moves (submit, resubmit).</summary>
    public const string ApplicantActor = "applicant";

    /// <summary>The actor recorded for moves the portal makes by itself.</summary>
    public const string SystemActor = "system";

    private readonly List<ApplicationEvent> events = [];

    private ParticipationApplication()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>受付番号 shown to the applicant and printed on every form, e.g. MK-2026-000042.</summary>
    public string ReceiptNumber { get; private set; } = "";

    /// <summary>The form's one-time key: a second POST of the same form finds this row instead of adding one.</summary>
    public Guid SubmissionKey { get; private set; }

    /// <summary>SHA-256 of the status-page token; the token itself is only in the applicant's link.</summary>
    public string StatusTokenHash { get; private set; } = "";

    /// <summary>
    /// The status token encrypted with the portal's data-protection keys, so a repeated submit of the
    /// same form can lead the applicant back to the same status page.
    /// </summary>
    public string StatusTokenProtected { get; private set; } = "";

    public ApplicationStatus Status { get; private set; }

    public ParticipationApplicationData Data { get; private set; } = null!;

    public DateTime SubmittedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>Changes on every move, so two council staff acting at once are detected (optimistic concurrency).</summary>
    public Guid Version { get; private set; }

    public IReadOnlyList<ApplicationEvent> Events => events;

    /// <summary>
    /// A new application, received and waiting for the sealed originals by post. Returns the raw
    /// status token for the applicant's link (never stored).
    /// </summary>
    public static (ParticipationApplication Application, string StatusToken) Submit(
        ParticipationApplicationData data, Guid submissionKey, string receiptNumber, DateTime nowUtc, Func<string, string> protectToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(protectToken);
        var token = LinkToken.New();
        var application = new ParticipationApplication
        {
            Id = Guid.NewGuid(),
            ReceiptNumber = receiptNumber,
            SubmissionKey = submissionKey,
            StatusTokenHash = LinkToken.Hash(token),
            StatusTokenProtected = protectToken(token),
            Data = data,
            SubmittedAtUtc = nowUtc,
        };
        application.Record(ApplicationStatus.Received, nowUtc, ApplicantActor, null);
        application.Record(ApplicationStatus.AwaitingDocuments, nowUtc, SystemActor, null);
        return (application, token);
    }

    /// <summary>
    /// Whether <paramref name="move"/> is allowed from <paramref name="status"/> (the four-eyes rule
    /// aside). The council's screens show only these moves; the methods below refuse every other.
    /// </summary>
    public static bool CanMove(ApplicationStatus status, ApplicationMove move) => AllowedFrom(move).Contains(status);

    /// <summary>The status a move leads to.</summary>
    public static ApplicationStatus TargetOf(ApplicationMove move) => move switch
    {
        ApplicationMove.ReceiveDocuments or ApplicationMove.Resubmit => ApplicationStatus.UnderReview,
        ApplicationMove.Approve => ApplicationStatus.Approved,
        ApplicationMove.Return => ApplicationStatus.Returned,
        ApplicationMove.CompleteRegistration => ApplicationStatus.Registered,
        ApplicationMove.Reject => ApplicationStatus.Rejected,
    };

    private static ApplicationStatus[] AllowedFrom(ApplicationMove move) => move switch
    {
        ApplicationMove.ReceiveDocuments => [ApplicationStatus.AwaitingDocuments],
        ApplicationMove.Approve or ApplicationMove.Return => [ApplicationStatus.UnderReview],
        ApplicationMove.Resubmit => [ApplicationStatus.Returned],
        ApplicationMove.CompleteRegistration => [ApplicationStatus.Approved],
        ApplicationMove.Reject =>
        [
            ApplicationStatus.AwaitingDocuments, ApplicationStatus.UnderReview, ApplicationStatus.Returned, ApplicationStatus.Approved,
        ],
    };

    /// <summary>The council has the sealed originals (書類受領) and starts the review.</summary>
    public void ReceiveDocuments(string actor, DateTime nowUtc) =>
        Move(ApplicationMove.ReceiveDocuments, actor, nowUtc, null);

    /// <summary>Sent back for correction; the comment is shown to the applicant and is required.</summary>
    public void Return(string actor, string comment, DateTime nowUtc)
    {
        RequireText(comment, "差戻しの理由");
        Move(ApplicationMove.Return, actor, nowUtc, comment);
    }

    /// <summary>
    /// The applicant corrected a returned application; it goes back to review. The history row
    /// carries what changed (<see cref="ApplicationChanges"/>), so the council sees old → new.
    /// </summary>
    public void Resubmit(ParticipationApplicationData corrected, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(corrected);
        Move(ApplicationMove.Resubmit, ApplicantActor, nowUtc, ApplicationChanges.ToComment(ApplicationChanges.Between(Data, corrected)));
        Data = corrected;
    }

    /// <summary>承認: the review found the application and the sealed originals in order.</summary>
    public void Approve(string actor, DateTime nowUtc) =>
        Move(ApplicationMove.Approve, actor, nowUtc, null);

    /// <summary>
    /// 登録完了. With the four-eyes rule (<see cref="CouncilOptions.RequireFourEyes"/>) the staff member
    /// who approved may not also register: a second person checks before credentials are issued.
    /// </summary>
    public void CompleteRegistration(string actor, DateTime nowUtc, bool requireFourEyes)
    {
        if (requireFourEyes && Status == ApplicationStatus.Approved && string.Equals(ApprovedBy, actor, StringComparison.Ordinal))
        {
            throw new FourEyesException($"Application {ReceiptNumber} was approved by {actor}; another staff member must register it.");
        }

        Move(ApplicationMove.CompleteRegistration, actor, nowUtc, null);
    }

    /// <summary>Who approved the application (the actor of the latest 承認), or null before approval.</summary>
    public string? ApprovedBy => InOrder().LastOrDefault(e => e.Status == ApplicationStatus.Approved)?.Actor;

    /// <summary>Who made the latest move, for the "already changed by …" message.</summary>
    public string LastActor => InOrder().LastOrDefault()?.Actor ?? "";

    /// <summary>The history in the order it happened (stored rows by time then id; rows not yet saved last).</summary>
    public IEnumerable<ApplicationEvent> InOrder() =>
        events.OrderBy(e => e.AtUtc).ThenBy(e => e.Id == 0 ? int.MaxValue : e.Id);

    /// <summary>Rejected with a reason (required), from any state before registration.</summary>
    public void Reject(string actor, string reason, DateTime nowUtc)
    {
        RequireText(reason, "却下の理由");
        Move(ApplicationMove.Reject, actor, nowUtc, reason);
    }

    /// <summary>Whether a status is final: nothing more can happen to the application.</summary>
    public static bool IsFinal(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Registered or ApplicationStatus.Rejected => true,
        ApplicationStatus.Received or ApplicationStatus.AwaitingDocuments or ApplicationStatus.UnderReview
            or ApplicationStatus.Returned or ApplicationStatus.Approved => false,
    };

    private void Move(ApplicationMove move, string actor, DateTime nowUtc, string? comment)
    {
        if (!CanMove(Status, move))
        {
            throw new WorkflowException($"Application {ReceiptNumber} cannot {move} from {Status}.");
        }

        Record(TargetOf(move), nowUtc, actor, comment);
    }

    private void Record(ApplicationStatus to, DateTime nowUtc, string actor, string? comment)
    {
        Status = to;
        UpdatedAtUtc = nowUtc;
        Version = Guid.NewGuid();
        events.Add(new ApplicationEvent(to, nowUtc, actor, comment));
    }

    private static void RequireText(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new WorkflowException($"{what} is required.");
        }
    }
}

/// <summary>The moves of the workflow; <see cref="ParticipationApplication.CanMove"/> says which a status allows.</summary>
public enum ApplicationMove
{
    ReceiveDocuments,     // 書類受領
    Approve,              // 承認
    Return,               // 差戻し
    Resubmit,             // 再提出 (by the applicant)
    CompleteRegistration, // 登録完了
    Reject,               // 却下
}

/// <summary>One step of the application's history: what it became, when, by whom, and why.</summary>
public sealed class ApplicationEvent
{
    internal ApplicationEvent(ApplicationStatus status, DateTime atUtc, string actor, string? comment)
    {
        Status = status;
        AtUtc = atUtc;
        Actor = actor;
        Comment = comment;
    }

    public int Id { get; private set; }
    public ApplicationStatus Status { get; private set; }
    public DateTime AtUtc { get; private set; }
    public string Actor { get; private set; }
    public string? Comment { get; private set; }
}
