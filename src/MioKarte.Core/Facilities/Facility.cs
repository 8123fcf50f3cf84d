using MioKarte.Core.Applications;
using MioKarte.Core.Common;

namespace MioKarte.Core.Facilities;

/// <summary>
/// A facility of the network (参加施設): a viewing facility (閲覧施設: clinic, pharmacy, nursing
/// station…) registered from a participation application, or a disclosing facility (情報開示施設: a
/// hospital of the group). Its status governs everyone and everything of it: a suspended or
/// withdrawn facility's users cannot sign in and its terminals' certificates are refused.
/// </summary>
public sealed class Facility : IVersioned
{
    private readonly List<FacilityEvent> events = [];

    private Facility()
    {
    }

    /// <summary>Longest reason a suspension or withdrawal may carry.</summary>
    public const int MaxReasonLength = 1000;

    public Guid Id { get; private set; }

    /// <summary>施設コード: the network's own code, e.g. V00042 (see <see cref="FacilityCode"/>).</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string NameKana { get; private set; } = "";

    public FacilityType Type { get; private set; }

    public FacilityRole Role { get; private set; }

    /// <summary>医療機関コード (10 digits) when the facility has one.</summary>
    public string? InstitutionCode { get; private set; }

    public string PostalCode { get; private set; } = "";

    public string Address { get; private set; } = "";

    public string Phone { get; private set; } = "";

    /// <summary>利用者数 allowed by the application.</summary>
    public int UserAllowance { get; private set; }

    /// <summary>端末数 (PC + iPad) allowed by the application: the number of terminal certificates that may be live at once.</summary>
    public int TerminalAllowance { get; private set; }

    /// <summary>The application it was registered from (null for disclosing facilities and demo data).</summary>
    public Guid? ApplicationId { get; private set; }

    public FacilityStatus Status { get; private set; }

    /// <summary>Why it was last suspended or withdrawn, as the council wrote it.</summary>
    public string? StatusReason { get; private set; }

    public DateTime RegisteredAtUtc { get; private set; }

    public DateTime StatusChangedAtUtc { get; private set; }

    /// <summary>User name of whoever changed the status last.</summary>
    public string StatusChangedBy { get; private set; } = "";

    /// <summary>Changes on every move: two council staff changing one facility at once are detected.</summary>
    public Guid Version { get; private set; }

    public bool IsActive => Status == FacilityStatus.Active;

    /// <summary>
    /// Whether the facility's members may sign in with a passkey alone (no password). Off until the
    /// 管理責任者 turns it on: a passkey is always accepted as the second factor after the password.
    /// </summary>
    public bool PasskeySignInAllowed { get; private set; }

    /// <summary>Longest reason a 管理責任者の復旧 may carry (it is written into the history with the person's name).</summary>
    public const int MaxRestorationReasonLength = 500;

    /// <summary>管理責任者の復旧 asked for and not yet confirmed: the member (the account's Id) to restore.</summary>
    public string? RestorationUserId { get; private set; }

    /// <summary>Whether the confirmed restoration also mails a パスワード再設定 link (the administrator lost the password).</summary>
    public bool RestorationSendsPasswordLink { get; private set; }

    public string? RestorationReason { get; private set; }

    /// <summary>User name of the council staff member who asked for the restoration; another one confirms it.</summary>
    public string? RestorationRequestedBy { get; private set; }

    public DateTime? RestorationRequestedAtUtc { get; private set; }

    public bool HasPendingRestoration => RestorationUserId is not null;

    /// <summary>The facility's history: registration, every status move and contact change, with who, when and why.</summary>
    public IReadOnlyList<FacilityEvent> Events => events;

    /// <summary>A viewing facility registered from an approved application.</summary>
    public static Facility RegisterViewing(ParticipationApplication application, string code, string actor, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(application);
        var data = application.Data;
        var facility = Create(
            code, data.FacilityName, data.FacilityNameKana, data.FacilityType, FacilityRole.Viewing, data.InstitutionCode,
            data.PostalCode, data.Address, data.Phone, data.UserCount, data.PcTerminalCount + data.IpadTerminalCount, actor, nowUtc);
        facility.ApplicationId = application.Id;
        return facility;
    }

    /// <summary>A facility entered directly by the council or by demo data (disclosing hospitals, demo clinics).</summary>
    public static Facility Create(
        string code, string name, string nameKana, FacilityType type, FacilityRole role, string? institutionCode,
        string postalCode, string address, string phone, int userAllowance, int terminalAllowance, string actor, DateTime nowUtc)
    {
        var facility = new Facility
        {
            Id = Guid.NewGuid(),
            Code = code,
            Name = name,
            NameKana = nameKana,
            Type = type,
            Role = role,
            InstitutionCode = institutionCode,
            PostalCode = postalCode,
            Address = address,
            Phone = phone,
            UserAllowance = userAllowance,
            TerminalAllowance = terminalAllowance,
            Status = FacilityStatus.Active,
            RegisteredAtUtc = nowUtc,
            StatusChangedAtUtc = nowUtc,
            StatusChangedBy = actor,
            Version = Guid.NewGuid(),
        };
        facility.events.Add(new FacilityEvent(FacilityEventKind.Registered, FacilityStatus.Active, nowUtc, actor, null));
        return facility;
    }

    /// <summary>利用停止: blocks all users and terminals at once; reversible. A reason is required.</summary>
    public void Suspend(string actor, string reason, DateTime nowUtc)
    {
        RequireReason(reason);
        Move(FacilityEventKind.Suspended, FacilityStatus.Suspended, actor, reason.Trim(), nowUtc);
    }

    /// <summary>利用再開 after a suspension.</summary>
    public void Reinstate(string actor, DateTime nowUtc) =>
        Move(FacilityEventKind.Reinstated, FacilityStatus.Active, actor, null, nowUtc);

    /// <summary>退会: final. A reason is required.</summary>
    public void Withdraw(string actor, string reason, DateTime nowUtc)
    {
        RequireReason(reason);
        Move(FacilityEventKind.Withdrawn, FacilityStatus.Withdrawn, actor, reason.Trim(), nowUtc);
    }

    /// <summary>
    /// 管理責任者の復旧, step 1: a council staff member asks that <paramref name="userId"/> (a member of
    /// this facility) become its administrator again — when the facility has no usable administrator
    /// left (locked, disabled, rights lost), only the council can help, since only an administrator
    /// can change an administrator. A second staff member confirms (<see cref="CompleteRestoration"/>).
    /// </summary>
    public void RequestRestoration(string userId, string memberName, bool sendPasswordLink, string reason, string actor, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(memberName);
        RequireMove(FacilityEventKind.AdministratorRestoreRequested);
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxRestorationReasonLength)
        {
            throw new WorkflowException($"A reason of at most {MaxRestorationReasonLength} characters is required.");
        }

        RestorationUserId = userId;
        RestorationSendsPasswordLink = sendPasswordLink;
        RestorationReason = reason.Trim();
        RestorationRequestedBy = actor;
        RestorationRequestedAtUtc = nowUtc;
        Version = Guid.NewGuid();
        events.Add(new FacilityEvent(FacilityEventKind.AdministratorRestoreRequested, Status, nowUtc, actor, $"{memberName}：{RestorationReason}"));
    }

    /// <summary>
    /// 管理責任者の復旧, step 2: confirmed by someone other than the one who asked (the four-eyes rule,
    /// unless the network switched it off). Returns the account to restore; the caller changes it in
    /// the same SaveChanges.
    /// </summary>
    public string CompleteRestoration(string actor, DateTime nowUtc, bool requireFourEyes)
    {
        RequireMove(FacilityEventKind.AdministratorRestored);
        if (requireFourEyes && string.Equals(RestorationRequestedBy, actor, StringComparison.Ordinal))
        {
            throw new FourEyesException("The staff member who asked for the restoration cannot confirm it.");
        }

        var userId = RestorationUserId!;
        events.Add(new FacilityEvent(FacilityEventKind.AdministratorRestored, Status, nowUtc, actor, RestorationReason));
        ClearRestoration();
        return userId;
    }

    /// <summary>The request is withdrawn (by anyone of the council): nothing changes on the account.</summary>
    public void CancelRestoration(string actor, DateTime nowUtc)
    {
        RequireMove(FacilityEventKind.AdministratorRestoreCancelled);
        events.Add(new FacilityEvent(FacilityEventKind.AdministratorRestoreCancelled, Status, nowUtc, actor, null));
        ClearRestoration();
    }

    /// <summary>Whether a move is allowed from a status (the screens offer only these; the methods above enforce them).</summary>
    public static bool CanMove(FacilityStatus from, FacilityEventKind move) => move switch
    {
        FacilityEventKind.Suspended => from == FacilityStatus.Active,
        FacilityEventKind.Reinstated => from == FacilityStatus.Suspended,
        FacilityEventKind.Withdrawn => from is FacilityStatus.Active or FacilityStatus.Suspended,
        FacilityEventKind.ContactsChanged => from is FacilityStatus.Active or FacilityStatus.Suspended,
        FacilityEventKind.PasskeySignInAllowed or FacilityEventKind.PasskeySignInDisallowed => from == FacilityStatus.Active,
        FacilityEventKind.Registered => false,
        FacilityEventKind.AdministratorRestoreRequested or FacilityEventKind.AdministratorRestored
            or FacilityEventKind.AdministratorRestoreCancelled => from is FacilityStatus.Active or FacilityStatus.Suspended,
    };

    /// <summary>Whether <paramref name="move"/> fits this facility now, its status and its pending restoration taken together.</summary>
    public bool Allows(FacilityEventKind move) => CanMove(Status, move) && move switch
    {
        FacilityEventKind.AdministratorRestoreRequested => Role == FacilityRole.Viewing && !HasPendingRestoration,
        FacilityEventKind.AdministratorRestored or FacilityEventKind.AdministratorRestoreCancelled => HasPendingRestoration,
        _ => true,
    };

    /// <summary>
    /// Corrects the contact details (郵便番号, 所在地, 電話番号), already normalised and checked.
    /// A withdrawn facility is a closed record and is not changed any more.
    /// </summary>
    public void UpdateContacts(string actor, string postalCode, string address, string phone, DateTime nowUtc)
    {
        if (!CanMove(Status, FacilityEventKind.ContactsChanged))
        {
            throw new WorkflowException($"Facility {Code} is {Status}; its contacts cannot be changed.");
        }

        PostalCode = postalCode;
        Address = address;
        Phone = phone;
        Version = Guid.NewGuid();
        events.Add(new FacilityEvent(FacilityEventKind.ContactsChanged, Status, nowUtc, actor, null));
    }

    /// <summary>パスキーだけでのログイン turned on or off by the 管理責任者; the history names the new setting.</summary>
    public void SetPasskeySignIn(bool allowed, string actor, DateTime nowUtc)
    {
        var move = allowed ? FacilityEventKind.PasskeySignInAllowed : FacilityEventKind.PasskeySignInDisallowed;
        RequireMove(move);
        if (PasskeySignInAllowed == allowed)
        {
            return;
        }

        PasskeySignInAllowed = allowed;
        Version = Guid.NewGuid();
        events.Add(new FacilityEvent(move, Status, nowUtc, actor, null));
    }

    private void RequireMove(FacilityEventKind move)
    {
        if (!Allows(move))
        {
            throw new WorkflowException($"Facility {Code} ({Status}, restoration pending: {HasPendingRestoration}) does not allow {move}.");
        }
    }

    private void ClearRestoration()
    {
        RestorationUserId = null;
        RestorationSendsPasswordLink = false;
        RestorationReason = null;
        RestorationRequestedBy = null;
        RestorationRequestedAtUtc = null;
        Version = Guid.NewGuid();
    }

    private void Move(FacilityEventKind move, FacilityStatus to, string actor, string? reason, DateTime nowUtc)
    {
        if (!CanMove(Status, move))
        {
            throw new WorkflowException($"Facility {Code} cannot move from {Status} to {to}.");
        }

        Status = to;
        StatusReason = reason;
        StatusChangedAtUtc = nowUtc;
        StatusChangedBy = actor;
        Version = Guid.NewGuid();
        events.Add(new FacilityEvent(move, to, nowUtc, actor, reason));
    }

    private static void RequireReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new WorkflowException("A reason is required.");
        }

        if (reason.Trim().Length > MaxReasonLength)
        {
            throw new WorkflowException($"A reason is at most {MaxReasonLength} characters.");
        }
    }
}

/// <summary>One line of a facility's history: what happened, the status after it, when, by whom, and why.</summary>
public sealed class FacilityEvent
{
    internal FacilityEvent(FacilityEventKind kind, FacilityStatus status, DateTime atUtc, string actor, string? reason)
    {
        Kind = kind;
        Status = status;
        AtUtc = atUtc;
        Actor = actor;
        Reason = reason;
    }

    public int Id { get; private set; }
    public FacilityEventKind Kind { get; private set; }

    /// <summary>The facility's status after the event.</summary>
    public FacilityStatus Status { get; private set; }

    public DateTime AtUtc { get; private set; }

    /// <summary>User name (利用者ID) of whoever did it.</summary>
    public string Actor { get; private set; }

    /// <summary>The reason given for a suspension or a withdrawal.</summary>
    public string? Reason { get; private set; }
}

/// <summary>What happened to a facility.</summary>
public enum FacilityEventKind
{
    Registered,      // 登録
    Suspended,       // 利用停止
    Reinstated,      // 利用再開
    Withdrawn,       // 退会
    ContactsChanged, // 連絡先の変更
    AdministratorRestoreRequested, // 管理責任者の復旧の依頼
    AdministratorRestored,         // 管理責任者の復旧（確認）
    AdministratorRestoreCancelled, // 管理責任者の復旧の取消
    PasskeySignInAllowed,          // パスキーだけでのログインを許可（管理責任者）
    PasskeySignInDisallowed,       // パスキーだけでのログインを停止（管理責任者）
}

/// <summary>What a facility does in the network.</summary>
public enum FacilityRole
{
    Viewing,    // 閲覧施設: sees the shared records of referred patients
    Disclosing, // 情報開示施設: a hospital of the group whose records are shared
}

/// <summary>Where a facility stands.</summary>
public enum FacilityStatus
{
    Active,    // 利用中
    Suspended, // 利用停止
    Withdrawn, // 退会
}
