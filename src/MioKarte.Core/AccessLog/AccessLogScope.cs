using MioKarte.Core.Common;
using MioKarte.Core.Facilities;

namespace MioKarte.Core.AccessLog;

/// <summary>
/// Facility scoping of the access log. Its rows are not <see cref="IFacilityOwned"/> (a council member's
/// rows name no facility), so the log has its own <see cref="ForFacility"/>; it lives here rather than in
/// <see cref="FacilityScope"/> so that Facilities does not use AccessLog, which uses Facilities
/// (<c>CoreFolderCycleTests</c>).
/// </summary>
public static class AccessLogScope
{
    /// <summary>The access-log rows of <paramref name="actor"/>'s facility's people only (council rows have none).</summary>
    public static IQueryable<AccessLogEntry> ForFacility(this IQueryable<AccessLogEntry> log, IActingFacility actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var facilityId = actor.FacilityId;
        return log.Where(e => e.FacilityId == facilityId);
    }
}
