using System.Linq.Expressions;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;

namespace MioKarte.Core.Notices;

/// <summary>
/// お知らせ: a notice the council posts for signed-in users. It is shown to its audience from
/// <see cref="PublishFromUtc"/> (inclusive) until <see cref="PublishUntilUtc"/> (exclusive; open-ended
/// when null), unless it was withdrawn (取下げ). The body is plain text: screens encode it and keep
/// its line breaks, never render it as HTML.
/// </summary>
public sealed class Notice : IVersioned
{
    public const int TitleMaxLength = 100;
    public const int BodyMaxLength = 4000;

    private Notice()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The create form's one-time key: a second POST of the same form finds this notice instead of adding one.</summary>
    public Guid SubmissionKey { get; private set; }

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    public DateTime PublishFromUtc { get; private set; }

    public DateTime? PublishUntilUtc { get; private set; }

    public NoticeAudience Audience { get; private set; }

    public NoticeImportance Importance { get; private set; }

    public bool IsWithdrawn { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>Display name of the council staff member who posted it.</summary>
    public string CreatedBy { get; private set; } = "";

    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>Display name of whoever changed it last (for 「…さんがすでに変更しました」).</summary>
    public string UpdatedBy { get; private set; } = "";

    /// <summary>Changes on every change: two council staff editing one notice at once are detected.</summary>
    public Guid Version { get; private set; }

    public static Notice Post(NoticeContent content, Guid submissionKey, string actor, DateTime nowUtc)
    {
        var notice = new Notice
        {
            Id = Guid.NewGuid(),
            SubmissionKey = submissionKey,
            CreatedAtUtc = nowUtc,
            CreatedBy = actor,
        };
        notice.Apply(content, actor, nowUtc);
        return notice;
    }

    /// <summary>Changes the text, window, audience or importance. A withdrawn notice stays as it was.</summary>
    public void Edit(NoticeContent content, string actor, DateTime nowUtc)
    {
        if (IsWithdrawn)
        {
            throw new WorkflowException($"Notice {Id} is withdrawn and cannot be edited.");
        }

        Apply(content, actor, nowUtc);
    }

    /// <summary>取下げ: hidden from everyone at once, whatever its window; final.</summary>
    public void Withdraw(string actor, DateTime nowUtc)
    {
        if (IsWithdrawn)
        {
            throw new WorkflowException($"Notice {Id} is already withdrawn.");
        }

        IsWithdrawn = true;
        Touch(actor, nowUtc);
    }

    /// <summary>予約 / 掲載中 / 終了 / 取下げ at the given instant.</summary>
    public NoticeStatus StatusAt(DateTime nowUtc) => StatusOf(IsWithdrawn, PublishFromUtc, PublishUntilUtc, nowUtc);

    /// <summary>The status rule on its own, for lists that project the columns instead of loading notices.</summary>
    public static NoticeStatus StatusOf(bool isWithdrawn, DateTime publishFromUtc, DateTime? publishUntilUtc, DateTime nowUtc) =>
        isWithdrawn ? NoticeStatus.Withdrawn
        : nowUtc < publishFromUtc ? NoticeStatus.Scheduled
        : publishUntilUtc is { } until && nowUtc >= until ? NoticeStatus.Ended
        : NoticeStatus.Published;

    /// <summary>Whether a user with these roles sees the notice now.</summary>
    public bool IsVisibleTo(IEnumerable<string> roles, DateTime nowUtc) =>
        StatusAt(nowUtc) == NoticeStatus.Published && AudiencesFor(roles).Contains(Audience);

    /// <summary>The published notices at an instant, as a query the database runs (same rule as <see cref="StatusAt"/>).</summary>
    public static Expression<Func<Notice, bool>> PublishedAt(DateTime nowUtc) =>
        n => !n.IsWithdrawn && n.PublishFromUtc <= nowUtc && (n.PublishUntilUtc == null || n.PublishUntilUtc > nowUtc);

    /// <summary>The audiences whose notices a user with these roles reads (any role suffices).</summary>
    public static IReadOnlyList<NoticeAudience> AudiencesFor(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var audiences = new HashSet<NoticeAudience> { NoticeAudience.AllUsers };
        foreach (var role in roles)
        {
            switch (role)
            {
                case PortalRoles.FacilityAdministrator:
                    audiences.Add(NoticeAudience.FacilityAdministrators);
                    audiences.Add(NoticeAudience.FacilityMembers);
                    break;
                case PortalRoles.Staff:
                    audiences.Add(NoticeAudience.FacilityMembers);
                    break;
                case PortalRoles.CouncilStaff:
                    audiences.Add(NoticeAudience.CouncilStaff);
                    break;
                default:
                    break; // システム管理者 and unknown roles read the notices for everyone only
            }
        }

        return [.. audiences.Order()];
    }

    private void Apply(NoticeContent content, string actor, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(content.Title) || content.Title.Length > TitleMaxLength)
        {
            throw new ArgumentException("A notice needs a title of at most 100 characters.", nameof(content));
        }

        if (string.IsNullOrWhiteSpace(content.Body) || content.Body.Length > BodyMaxLength)
        {
            throw new ArgumentException("A notice needs a body of at most 4000 characters.", nameof(content));
        }

        if (content.PublishUntilUtc is { } until && until <= content.PublishFromUtc)
        {
            throw new ArgumentException("A notice's publication must end after it starts.", nameof(content));
        }

        Title = content.Title;
        Body = content.Body;
        PublishFromUtc = content.PublishFromUtc;
        PublishUntilUtc = content.PublishUntilUtc;
        Audience = content.Audience;
        Importance = content.Importance;
        Touch(actor, nowUtc);
    }

    private void Touch(string actor, DateTime nowUtc)
    {
        UpdatedAtUtc = nowUtc;
        UpdatedBy = actor;
        Version = Guid.NewGuid();
    }
}

/// <summary>What the council writes: checked by <see cref="NoticeValidation"/> before it reaches the entity.</summary>
public sealed record NoticeContent(
    string Title, string Body, DateTime PublishFromUtc, DateTime? PublishUntilUtc, NoticeAudience Audience, NoticeImportance Importance);

/// <summary>Who reads a notice (対象).</summary>
public enum NoticeAudience
{
    AllUsers,               // ログインするすべての方
    FacilityMembers,        // 参加施設の方（管理責任者・利用者）
    FacilityAdministrators, // 管理責任者のみ
    CouncilStaff,           // 連絡協議会 事務局のみ
}

/// <summary>重要度: important notices come first and are marked.</summary>
public enum NoticeImportance
{
    Normal,    // 通常
    Important, // 重要
}

/// <summary>Where a notice stands at an instant (computed, never stored).</summary>
public enum NoticeStatus
{
    Scheduled, // 予約: the window has not begun
    Published, // 掲載中
    Ended,     // 終了: the window is over
    Withdrawn, // 取下げ
}
