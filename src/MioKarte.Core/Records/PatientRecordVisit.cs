namespace MioKarte.Core.Records;

/// <summary>
/// When a user last opened a patient's record (一連の表), so that what arrived since is marked 新着.
/// A visit that follows the previous one within <see cref="SessionGap"/> belongs to the same sitting
/// and keeps the marks, so paging and zooming do not clear them.
/// </summary>
public sealed class PatientRecordVisit
{
    public static readonly TimeSpan SessionGap = TimeSpan.FromMinutes(30);

    private PatientRecordVisit()
    {
    }

    public string UserId { get; private set; } = "";

    public Guid FacilityPatientId { get; private set; }

    public DateTime LastOpenedAtUtc { get; private set; }

    /// <summary>Items dated after this instant are marked new; null on the first visit (nothing is marked).</summary>
    public DateTime? MarkNewSinceUtc { get; private set; }

    public static PatientRecordVisit First(string userId, Guid facilityPatientId, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return new PatientRecordVisit { UserId = userId, FacilityPatientId = facilityPatientId, LastOpenedAtUtc = nowUtc };
    }

    /// <summary>
    /// How far <see cref="LastOpenedAtUtc"/> may lag behind: the time moves on only in steps of this,
    /// so the views of one sitting (paging, zooming, a page reloaded) change nothing most of the time
    /// and their access-log rows join the node's group commit (docs/performance.md). A sitting's gap
    /// is then read as at most this much longer than it was: against <see cref="SessionGap"/>, noise.
    /// </summary>
    public static readonly TimeSpan OpenedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Records another opening; a new sitting marks what came since the last one.</summary>
    public void Open(DateTime nowUtc)
    {
        if (nowUtc - LastOpenedAtUtc > SessionGap)
        {
            MarkNewSinceUtc = LastOpenedAtUtc;
        }

        if (nowUtc - LastOpenedAtUtc >= OpenedResolution)
        {
            LastOpenedAtUtc = nowUtc;
        }
    }
}
