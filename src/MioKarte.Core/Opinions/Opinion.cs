using MioKarte.Core.Common;

namespace MioKarte.Core.Opinions;

/// <summary>
/// ご意見・ご要望 (section 4-2: the liaison council takes opinions and requests at any time). A
/// signed-in user sends one; the council may mark it 対応中, answers it (回答済) and closes it (完了).
/// The sender's name and facility are kept as they were when it was sent. Every move is a guarded
/// method and changes <see cref="Version"/>.
/// </summary>
public sealed class Opinion : IVersioned
{
    public const int SubjectMaxLength = 100;
    public const int BodyMaxLength = 4000;
    public const int AnswerMaxLength = 4000;

    private Opinion()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The form's one-time key: a second POST of the same form finds this row instead of adding one.</summary>
    public Guid SubmissionKey { get; private set; }

    /// <summary>The sender's <c>PortalUser.Id</c>: only this user reads the opinion outside the council.</summary>
    public string SenderUserId { get; private set; } = "";

    /// <summary>氏名 of the sender when it was sent.</summary>
    public string SenderName { get; private set; } = "";

    public Guid? SenderFacilityId { get; private set; }

    /// <summary>施設名 of the sender's facility when it was sent (null for council staff and system administrators).</summary>
    public string? SenderFacilityName { get; private set; }

    public OpinionCategory Category { get; private set; }

    public string Subject { get; private set; } = "";

    public string Body { get; private set; } = "";

    public DateTime SentAtUtc { get; private set; }

    public OpinionStatus Status { get; private set; }

    /// <summary>The council's answer, shown to the sender on the portal (never put in a mail).</summary>
    public string? Answer { get; private set; }

    public string? AnsweredBy { get; private set; }

    public DateTime? AnsweredAtUtc { get; private set; }

    public string? ClosedBy { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>Display name of whoever made the latest move (for 「…さんがすでに変更しました」).</summary>
    public string UpdatedBy { get; private set; } = "";

    /// <summary>Changes on every move: two council staff acting on one opinion at once are detected.</summary>
    public Guid Version { get; private set; }

    public bool IsOpen => Status != OpinionStatus.Closed;

    public static Opinion Send(OpinionSender sender, OpinionCategory category, string subject, string body, Guid submissionKey, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentException.ThrowIfNullOrWhiteSpace(sender.UserId);
        RequireText(subject, SubjectMaxLength, nameof(subject));
        RequireText(body, BodyMaxLength, nameof(body));
        return new Opinion
        {
            Id = Guid.NewGuid(),
            SubmissionKey = submissionKey,
            SenderUserId = sender.UserId,
            SenderName = sender.DisplayName,
            SenderFacilityId = sender.FacilityId,
            SenderFacilityName = sender.FacilityName,
            Category = category,
            Subject = subject,
            Body = body,
            SentAtUtc = nowUtc,
            Status = OpinionStatus.Received,
            UpdatedAtUtc = nowUtc,
            UpdatedBy = sender.DisplayName,
            Version = Guid.NewGuid(),
        };
    }

    /// <summary>対応中: the council has started on it (optional step before the answer).</summary>
    public void StartHandling(string actor, DateTime nowUtc) =>
        Move(OpinionStatus.InProgress, actor, nowUtc, OpinionStatus.Received);

    /// <summary>回答: the answer text is required; an opinion is answered once.</summary>
    public void AnswerWith(string answer, string actor, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(answer) || answer.Length > AnswerMaxLength)
        {
            throw new WorkflowException("An answer of at most 4000 characters is required.");
        }

        Move(OpinionStatus.Answered, actor, nowUtc, OpinionStatus.Received, OpinionStatus.InProgress);
        Answer = answer;
        AnsweredBy = actor;
        AnsweredAtUtc = nowUtc;
    }

    /// <summary>完了: closes an answered opinion; final.</summary>
    public void Close(string actor, DateTime nowUtc)
    {
        Move(OpinionStatus.Closed, actor, nowUtc, OpinionStatus.Answered);
        ClosedBy = actor;
        ClosedAtUtc = nowUtc;
    }

    /// <summary>Which moves the current status allows (the screen offers only these; the methods still guard).</summary>
    public static bool CanStartHandling(OpinionStatus status) => status == OpinionStatus.Received;

    public static bool CanAnswer(OpinionStatus status) => status switch
    {
        OpinionStatus.Received or OpinionStatus.InProgress => true,
        OpinionStatus.Answered or OpinionStatus.Closed => false,
    };

    public static bool CanClose(OpinionStatus status) => status == OpinionStatus.Answered;

    private void Move(OpinionStatus to, string actor, DateTime nowUtc, params OpinionStatus[] allowedFrom)
    {
        if (!allowedFrom.Contains(Status))
        {
            throw new WorkflowException($"Opinion {Id} cannot move from {Status} to {to}.");
        }

        Status = to;
        UpdatedAtUtc = nowUtc;
        UpdatedBy = actor;
        Version = Guid.NewGuid();
    }

    private static void RequireText(string value, int maxLength, string name)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            throw new ArgumentException($"Text of 1 to {maxLength} characters is required.", name);
        }
    }
}

/// <summary>Who sent an opinion, as they were at that moment.</summary>
public sealed record OpinionSender(string UserId, string DisplayName, Guid? FacilityId, string? FacilityName);

/// <summary>種別.</summary>
public enum OpinionCategory
{
    Opinion,     // ご意見
    Request,     // ご要望
    DefectReport, // 不具合の報告
    Other,       // その他
}

/// <summary>Where an opinion stands: 受付 → (対応中) → 回答済 → 完了.</summary>
public enum OpinionStatus
{
    Received,   // 受付
    InProgress, // 対応中
    Answered,   // 回答済
    Closed,     // 完了
}
