using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;

namespace MioKarte.Web.Areas.FacilityAdmin.Terminals;

/// <summary>
/// When a terminal id is not the administrator's facility's, the answer is 404 either way; this logs
/// (ids only) when the id belongs to another facility, which is someone trying ids, not a stale link.
/// </summary>
public sealed class ForeignTerminalProbeHandler(MioKarteDbContext db, ILogger<ForeignTerminalProbeHandler> logger) : IUseCaseHandler
{
    public async Task HandleAsync(Actor actor, Guid terminalId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var facilityId = actor.FacilityId;
        var owner = await db.Terminals.AsNoTracking().Where(t => t.Id == terminalId).Select(t => (Guid?)t.FacilityId).SingleOrDefaultAsync(cancellationToken);
        if (owner is not null && owner != facilityId)
        {
            logger.LogWarning(
                "User {UserId} of facility {FacilityId} asked for terminal {TerminalId} of facility {OwnerFacilityId}: answered 404",
                actor.UserId, facilityId, terminalId, owner);
        }
    }
}
