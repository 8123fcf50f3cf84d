using MioKarte.Core.Common;

namespace MioKarte.Core.Identity;

/// <summary>
/// アカウントの有効化: the mailed, single-use link with which a new 管理責任者 sets their own password
/// (no password is ever sent by mail), then enrols the second factor and takes the first terminal
/// certificate. One row per account; only the SHA-256 of the link's token is stored. The council
/// may resend (a new token: the old link dies) or cancel the link until it has been used.
/// </summary>
public sealed class AccountActivation : IVersioned
{
    /// <summary>The shortest lifetime a link may be configured with (<c>Council:ActivationLifetime</c>, <c>FacilityAdmin:InvitationLifetime</c>).</summary>
    public static readonly TimeSpan MinLifetime = TimeSpan.FromHours(1);

    /// <summary>The longest: two weeks, so a link lying in a mailbox does not open an account for ever.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(14);

    private AccountActivation()
    {
    }

    /// <summary>Whether a configured link lifetime is within <see cref="MinLifetime"/>..<see cref="MaxLifetime"/>.</summary>
    public static bool IsConfigurableLifetime(TimeSpan lifetime) => lifetime >= MinLifetime && lifetime <= MaxLifetime;

    public Guid Id { get; private set; }

    /// <summary>The account being activated (<see cref="PortalUser"/>).</summary>
    public string UserId { get; private set; } = "";

    public Guid FacilityId { get; private set; }

    /// <summary>The participation application the account was registered from.</summary>
    public Guid? ApplicationId { get; private set; }

    /// <summary>SHA-256 of the link's token (hex); the token itself is only in the mail.</summary>
    public string TokenHash { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public string CreatedBy { get; private set; } = "";

    /// <summary>When the current link was mailed (registration or the latest resend).</summary>
    public DateTime SentAtUtc { get; private set; }

    /// <summary>How many links have been mailed: 1 at registration, +1 per resend.</summary>
    public int SendCount { get; private set; }

    /// <summary>The current link works before this instant, not at it.</summary>
    public DateTime ExpiresAtUtc { get; private set; }

    /// <summary>When the link was used: the administrator set their password. The link never works again.</summary>
    public DateTime? UsedAtUtc { get; private set; }

    public DateTime? CancelledAtUtc { get; private set; }

    public string? CancelledBy { get; private set; }

    /// <summary>When the administrator verified an authenticator code and two-factor sign-in was switched on.</summary>
    public DateTime? TwoFactorEnabledAtUtc { get; private set; }

    /// <summary>When the first terminal certificate was issued in the activation.</summary>
    public DateTime? CertificateIssuedAtUtc { get; private set; }

    /// <summary>Who changed the activation last (the council's user name, or the account's own when used).</summary>
    public string ChangedBy { get; private set; } = "";

    public DateTime ChangedAtUtc { get; private set; }

    /// <summary>Changes on every move, so a resend and a cancel at once, or two tabs, are detected.</summary>
    public Guid Version { get; private set; }

    /// <summary>Password set, authenticator not yet verified: signing in continues the activation instead.</summary>
    public bool AwaitsSecondFactor => UsedAtUtc is not null && TwoFactorEnabledAtUtc is null;

    /// <summary>A new activation for a just-registered account, and the raw token for its link (never stored).</summary>
    public static (AccountActivation Activation, string Token) Start(
        string userId, Guid facilityId, Guid? applicationId, string actor, DateTime nowUtc, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        RequirePositive(lifetime);
        var token = LinkToken.New();
        var activation = new AccountActivation
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            FacilityId = facilityId,
            ApplicationId = applicationId,
            TokenHash = LinkToken.Hash(token),
            CreatedAtUtc = nowUtc,
            CreatedBy = actor,
            SentAtUtc = nowUtc,
            SendCount = 1,
            ExpiresAtUtc = nowUtc + lifetime,
        };
        activation.Touch(actor, nowUtc);
        return (activation, token);
    }

    /// <summary>Where the link stands at <paramref name="nowUtc"/>.</summary>
    public ActivationState StateAt(DateTime nowUtc) =>
        UsedAtUtc is not null ? ActivationState.Used
        : CancelledAtUtc is not null ? ActivationState.Cancelled
        : nowUtc >= ExpiresAtUtc ? ActivationState.Expired
        : ActivationState.Pending;

    /// <summary>The link is used (the password was set): from now on it is refused.</summary>
    public void Use(string actor, DateTime nowUtc)
    {
        var state = StateAt(nowUtc);
        if (state != ActivationState.Pending)
        {
            throw new WorkflowException($"Activation {Id} cannot be used: it is {state}.");
        }

        UsedAtUtc = nowUtc;
        Touch(actor, nowUtc);
    }

    /// <summary>
    /// 再送: a new token with a fresh lifetime; the link mailed before stops working at once. Allowed
    /// while the link is pending, expired or cancelled; never after it was used. Returns the new raw token.
    /// </summary>
    public string Resend(string actor, DateTime nowUtc, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        RequirePositive(lifetime);
        if (UsedAtUtc is not null)
        {
            throw new WorkflowException($"Activation {Id} was already used; it cannot be resent.");
        }

        return NewLink(actor, nowUtc, lifetime);
    }

    /// <summary>
    /// パスワード再設定 by the facility's 管理責任者: a new single-use link for an account whose earlier
    /// link may already have been used. Like <see cref="Resend"/> (the old link dies at once), but
    /// allowed in every state; a used link becomes pending again, so the account sets a new password
    /// through the same steps. The second factor already enrolled is kept. Returns the new raw token.
    /// </summary>
    public string Reissue(string actor, DateTime nowUtc, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        RequirePositive(lifetime);
        UsedAtUtc = null;
        return NewLink(actor, nowUtc, lifetime);
    }

    /// <summary>A fresh token replaces the old one (which dies at once), pending again from now.</summary>
    private string NewLink(string actor, DateTime nowUtc, TimeSpan lifetime)
    {
        var token = LinkToken.New();
        TokenHash = LinkToken.Hash(token);
        SentAtUtc = nowUtc;
        SendCount++;
        ExpiresAtUtc = nowUtc + lifetime;
        CancelledAtUtc = null;
        CancelledBy = null;
        Touch(actor, nowUtc);
        return token;
    }

    /// <summary>取消: the mailed link stops working. Allowed while it is pending or expired.</summary>
    public void Cancel(string actor, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var state = StateAt(nowUtc);
        if (state is ActivationState.Used or ActivationState.Cancelled)
        {
            throw new WorkflowException($"Activation {Id} cannot be cancelled: it is {state}.");
        }

        CancelledAtUtc = nowUtc;
        CancelledBy = actor;
        Touch(actor, nowUtc);
    }

    /// <summary>The authenticator was verified and two-factor sign-in switched on (after the password).</summary>
    public void RecordSecondFactor(string actor, DateTime nowUtc)
    {
        if (UsedAtUtc is null || TwoFactorEnabledAtUtc is not null)
        {
            throw new WorkflowException($"Activation {Id} is not waiting for the second factor.");
        }

        TwoFactorEnabledAtUtc = nowUtc;
        Touch(actor, nowUtc);
    }

    /// <summary>The first terminal certificate was issued; the activation issues no second one.</summary>
    public void RecordCertificate(string actor, DateTime nowUtc)
    {
        if (TwoFactorEnabledAtUtc is null || CertificateIssuedAtUtc is not null)
        {
            throw new WorkflowException($"Activation {Id} is not waiting for its first certificate.");
        }

        CertificateIssuedAtUtc = nowUtc;
        Touch(actor, nowUtc);
    }

    private void Touch(string actor, DateTime nowUtc)
    {
        ChangedBy = actor;
        ChangedAtUtc = nowUtc;
        Version = Guid.NewGuid();
    }

    private static void RequirePositive(TimeSpan lifetime) =>
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
}

/// <summary>Where an activation link stands.</summary>
public enum ActivationState
{
    Pending,   // 有効: mailed, not yet used
    Expired,   // 期限切れ
    Used,      // 使用済み: the password was set
    Cancelled, // 取消済み
}
