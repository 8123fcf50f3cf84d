using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Facilities;

namespace MioKarte.Core.Patients;

/// <summary>
/// 非常時アクセス (MHLW guideline on the safety management of medical information systems): a
/// physician opens the record of a patient not yet linked, at one disclosing facility, for a stated
/// reason, for a limited time. Every use is marked <c>IsEmergency</c> in the access log, and the
/// start is reported at once to the facility's administrators and the council. No patient name is
/// stored here: the patient is the disclosing facility's patient id.
/// </summary>
public sealed class EmergencyAccessGrant : IFacilityOwned
{
    public const int ReasonMaxLength = 1000;

    private EmergencyAccessGrant()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The physician (portal user id).</summary>
    public string UserId { get; private set; } = "";

    /// <summary>利用者ID at the time.</summary>
    public string UserName { get; private set; } = "";

    /// <summary>The physician's (viewing) facility.</summary>
    public Guid FacilityId { get; private set; }

    public Guid DisclosingFacilityId { get; private set; }

    public string DisclosingPatientId { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public DateTime StartedAtUtc { get; private set; }

    /// <summary>The grant shows nothing from this instant on.</summary>
    public DateTime ExpiresAtUtc { get; private set; }

    public bool IsActiveAt(DateTime nowUtc) => nowUtc >= StartedAtUtc && nowUtc < ExpiresAtUtc;

    /// <summary>
    /// 終了: the physician ends the grant before its time; it shows nothing from <paramref name="nowUtc"/>
    /// on (the end is the new <see cref="ExpiresAtUtc"/>; the access log keeps the row of the ending).
    /// </summary>
    public void EndEarly(DateTime nowUtc)
    {
        if (!IsActiveAt(nowUtc))
        {
            throw new WorkflowException($"Emergency access {Id} is not active.");
        }

        ExpiresAtUtc = nowUtc;
    }

    public static EmergencyAccessGrant Start(
        string userId, string userName, Guid facilityId, Guid disclosingFacilityId, string disclosingPatientId, string reason,
        DateTime nowUtc, TimeSpan duration, Guid? id = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(disclosingPatientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), "An emergency access lasts a positive time.");
        }

        return new EmergencyAccessGrant
        {
            // Chosen before saving when the data center's break-glass Consent is registered first (keyed by the grant's id).
            Id = id ?? Guid.NewGuid(),
            UserId = userId,
            UserName = userName,
            FacilityId = facilityId,
            DisclosingFacilityId = disclosingFacilityId,
            DisclosingPatientId = disclosingPatientId,
            Reason = reason,
            StartedAtUtc = nowUtc,
            ExpiresAtUtc = nowUtc + duration,
        };
    }
}

/// <summary>Queries of emergency grants for the screens that honour them (the record viewer among them).</summary>
public static class EmergencyAccessGrants
{
    /// <summary>
    /// The grant <paramref name="grantId"/> when it belongs to <paramref name="userId"/>, was made at
    /// <paramref name="facility"/> (the user's present facility) and is active at <paramref name="nowUtc"/>;
    /// null otherwise (another user's grant, one made while at another facility, an expired one, none).
    /// Each use of the grant must write an access-log row with <c>IsEmergency = true</c>.
    /// </summary>
    public static Task<EmergencyAccessGrant?> FindActiveAsync(
        this IQueryable<EmergencyAccessGrant> grants, Guid grantId, string userId, IActingFacility facility, DateTime nowUtc, CancellationToken cancellationToken = default) =>
        grants.AsNoTracking()
            .ForFacility(facility)
            .Where(g => g.Id == grantId && g.UserId == userId && g.StartedAtUtc <= nowUtc && g.ExpiresAtUtc > nowUtc)
            .FirstOrDefaultAsync(cancellationToken);
}
