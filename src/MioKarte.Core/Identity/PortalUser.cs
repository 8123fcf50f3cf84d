using Microsoft.AspNetCore.Identity;

namespace MioKarte.Core.Identity;

/// <summary>A person who signs in to the portal (利用者). The user name is the 利用者ID.</summary>
public sealed class PortalUser : IdentityUser
{
    /// <summary>Name shown in the header and in audit rows, e.g. 「南多摩 花子」.</summary>
    [PersonalData]
    public string DisplayName { get; set; } = "";

    /// <summary>
    /// The facility the user belongs to (管理責任者 and 利用者); null for system administrators and
    /// council staff, who belong to no facility. Every facility-scoped query filters by it.
    /// </summary>
    public Guid? FacilityId { get; set; }

    /// <summary>フリガナ of the display name (katakana).</summary>
    [PersonalData]
    public string DisplayNameKana { get; set; } = "";

    /// <summary>職種; null for council staff and system administrators.</summary>
    public StaffJob? Job { get; set; }

    /// <summary>利用権 within the facility (none for people who belong to no facility).</summary>
    public UserRights Rights { get; set; }

    /// <summary>First instant the account may sign in (利用開始日), UTC; null = from creation.</summary>
    public DateTime? ValidFromUtc { get; set; }

    /// <summary>Instant from which the account may no longer sign in (利用終了日, exclusive), UTC; null = open.</summary>
    public DateTime? ValidUntilUtc { get; set; }

    /// <summary>When the 管理責任者 disabled (利用停止) the account; null while enabled.</summary>
    public DateTime? DisabledAtUtc { get; set; }

    /// <summary>Whether the account may be used at <paramref name="nowUtc"/>: enabled and within its validity period.</summary>
    public bool IsUsableAt(DateTime nowUtc) => IsUsableAt(nowUtc, DisabledAtUtc, ValidFromUtc, ValidUntilUtc);

    /// <summary>The same rule for the three columns read without the account (the session gate's query).</summary>
    public static bool IsUsableAt(DateTime nowUtc, DateTime? disabledAtUtc, DateTime? validFromUtc, DateTime? validUntilUtc) =>
        disabledAtUtc is null &&
        (validFromUtc is not { } from || nowUtc >= from) &&
        (validUntilUtc is not { } until || nowUtc < until);

    /// <summary>
    /// The 30-second time step (RFC 6238, seconds since 1970 / 30) of the last authenticator code
    /// that was accepted for this account; null before the first. A code is accepted only for a
    /// later step, so a code seen over someone's shoulder (or sent twice) is refused for its window
    /// (RFC 6238 §5.2). Written only by AuthenticatorSteps.ClaimAsync (Web), a
    /// compare-and-set in the database, never by Identity's saves of the account.
    /// </summary>
    public long? LastAuthenticatorStep { get; set; }

    public bool Has(UserRights right) => (Rights & right) == right;
}
