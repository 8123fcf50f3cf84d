namespace MioKarte.Core.Identity;

/// <summary>
/// 利用者の管理の履歴: one row per change a 管理責任者 made to a user of their facility (and the
/// user's own パスワードの変更, where the actor is the user) — who (the
/// actor's 利用者ID and internal id), when, what. Ids only: no names or addresses, which stay on the
/// user's own row. Saved in the same SaveChanges as the change it records.
/// </summary>
public sealed class UserEvent
{
    private UserEvent()
    {
    }

    public long Id { get; private set; }

    /// <summary>The user the change was made to (<see cref="PortalUser"/>.Id).</summary>
    public string UserId { get; private set; } = "";

    public Guid FacilityId { get; private set; }

    public UserEventKind Kind { get; private set; }

    public DateTime AtUtc { get; private set; }

    /// <summary>Internal id of whoever made the change.</summary>
    public string ActorId { get; private set; } = "";

    /// <summary>利用者ID of whoever made the change (shown in the history and in conflict messages).</summary>
    public string Actor { get; private set; } = "";

    /// <summary>
    /// For <see cref="UserEventKind.Created"/>: the key of the form that created the user, so that a
    /// second submit of the same form finds the user instead of creating another (unique).
    /// </summary>
    public Guid? FormKey { get; private set; }

    public static UserEvent Record(
        string userId, Guid facilityId, UserEventKind kind, string actorId, string actor, DateTime nowUtc, Guid? formKey = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return new UserEvent
        {
            UserId = userId,
            FacilityId = facilityId,
            Kind = kind,
            AtUtc = nowUtc,
            ActorId = actorId ?? "",
            Actor = actor,
            FormKey = formKey,
        };
    }
}

/// <summary>What a 管理責任者 did to a user of their facility.</summary>
public enum UserEventKind
{
    Created,           // 登録（有効化リンクを送信）
    Edited,            // 変更（氏名・職種・利用権・有効期間・メールアドレス）
    RightsChanged,     // 利用権の変更（セッションを終了）
    Disabled,          // 利用停止
    Enabled,           // 再開
    PasswordResetSent, // パスワード再設定（新しいリンクを送信）
    Unlocked,          // ロック解除
    SignedOut,         // 強制サインアウト
    RestoredByCouncil, // 管理責任者の復旧（連絡協議会による：利用者の管理・再開・ロック解除）
    PasswordChanged,   // パスワードの変更（本人がマイページで）
    PasskeyAdded,      // パスキーの登録（本人）
    PasskeyRemoved,    // パスキーの削除（本人）
    PasskeysRemoved,   // パスキーの削除（管理責任者：端末の紛失など）
}
