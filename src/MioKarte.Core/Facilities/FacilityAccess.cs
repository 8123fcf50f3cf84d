using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;

namespace MioKarte.Core.Facilities;

/// <summary>
/// The one question every gate asks before letting a facility's people or machines in: is the
/// facility active? Sign-in and the periodic session check ask it for users
/// (<c>PortalSignInManager</c> in the web host); the terminal client-certificate check asks it for
/// terminals. A suspended (利用停止) or withdrawn (退会) facility is refused everywhere through this
/// class, so a new gate cannot forget a rule: it calls this.
/// </summary>
/// <remarks>
/// One primary-key lookup of a single column; cheap enough for the once-a-minute session check of
/// every signed-in user. Nothing is cached, so a suspension is seen by the next check.
/// </remarks>
public sealed class FacilityAccess(MioKarteDbContext db)
{
    /// <summary>True when the facility exists and is 利用中 (Active).</summary>
    public Task<bool> IsActiveAsync(Guid facilityId, CancellationToken cancellationToken = default) =>
        db.Facilities.AsNoTracking().AnyAsync(f => f.Id == facilityId && f.Status == FacilityStatus.Active, cancellationToken);

    /// <summary>
    /// Whether a person of <paramref name="facilityId"/> may be signed in: always for people who
    /// belong to no facility (council staff, system administrators), otherwise only while their
    /// facility is active.
    /// </summary>
    public async Task<bool> AdmitsMemberOfAsync(Guid? facilityId, CancellationToken cancellationToken = default) =>
        facilityId is not { } id || await IsActiveAsync(id, cancellationToken);
}
