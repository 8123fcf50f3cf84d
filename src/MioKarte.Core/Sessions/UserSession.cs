namespace MioKarte.Core.Sessions;

/// <summary>Why a session (ログイン中のセッション) ended.</summary>
public enum SessionEndReason
{
    /// <summary>The user pressed ログアウト in this browser.</summary>
    SignedOut,

    /// <summary>The user ended it from the list of their sessions (possibly from another device).</summary>
    EndedByUser,

    /// <summary>The account's security stamp changed: password reset, rights changed, disabled, forced sign-out, new authenticator.</summary>
    SecurityStampChanged,

    /// <summary>The account is disabled (利用停止) or outside its validity period.</summary>
    AccountNotUsable,

    /// <summary>The user's facility is suspended (利用停止) or withdrawn (退会).</summary>
    FacilityNotActive,

    /// <summary>Twelve hours after sign-in, however active the user was.</summary>
    AbsoluteTimeout,

    /// <summary>Too many wrong passwords or codes at 再認証 locked the account.</summary>
    LockedOut,
}

/// <summary>
/// One sign-in of one user in one browser, from the moment the password and the second factor
/// were accepted until it ends. The sign-in cookie carries its id; every request checks the row
/// (the session gate), so a session ended here is refused on the very next request. A session whose
/// cookie simply lapsed (15 minutes idle) is never touched again and has no end time: it counts as
/// over once <see cref="LastSeenAtUtc"/> is older than the idle limit.
/// </summary>
public sealed class UserSession
{
    public const int DeviceMaxLength = 80;
    public const int TerminalMaxLength = 100;

    private UserSession()
    {
    }

    public Guid Id { get; private set; }

    public string UserId { get; private set; } = "";

    public DateTime StartedAtUtc { get; private set; }

    /// <summary>The last request, written at most once a minute (the gate's only write).</summary>
    public DateTime LastSeenAtUtc { get; private set; }

    /// <summary>When the user last typed their password and authenticator code in this session (sign-in or 再認証).</summary>
    public DateTime AuthenticatedAtUtc { get; private set; }

    public DateTime? EndedAtUtc { get; private set; }

    public SessionEndReason? EndReason { get; private set; }

    /// <summary>A short description from the User-Agent, e.g. 「iPad / Safari」.</summary>
    public string Device { get; private set; } = "";

    /// <summary>The terminal whose certificate came with the sign-in, when there was one.</summary>
    public string? TerminalName { get; private set; }

    public bool IsEnded => EndedAtUtc is not null;

    public static UserSession Start(string userId, string device, string? terminalName, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(device);
        return new UserSession
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            StartedAtUtc = nowUtc,
            LastSeenAtUtc = nowUtc,
            AuthenticatedAtUtc = nowUtc,
            Device = device.Length > DeviceMaxLength ? device[..DeviceMaxLength] : device,
            TerminalName = terminalName is { Length: > TerminalMaxLength } ? terminalName[..TerminalMaxLength] : terminalName,
        };
    }

    /// <summary>Ends the session; ending an ended session keeps its first end (so a double click is harmless).</summary>
    public void End(SessionEndReason reason, DateTime nowUtc)
    {
        if (IsEnded)
        {
            return;
        }

        EndedAtUtc = nowUtc;
        EndReason = reason;
    }
}
