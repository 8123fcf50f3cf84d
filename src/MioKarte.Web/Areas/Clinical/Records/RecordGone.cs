using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Records;

namespace MioKarte.Web.Areas.Clinical.Records;

/// <summary>Why a record the user could open before is no longer shown. No patient data: only the reason and its time.</summary>
public abstract record RecordGone
{
    private RecordGone()
    {
    }

    /// <summary>同意撤回: every link of the patient was withdrawn; the latest withdrawal, and its hospital.</summary>
    public sealed record ConsentWithdrawn(DateTime AtUtc, string DisclosingFacilityName) : RecordGone;

    /// <summary>The user's own 非常時アクセス grant is over (its time ran out or it was ended early).</summary>
    public sealed record EmergencyEnded(DateTime EndedAtUtc) : RecordGone;
}

/// <summary>
/// Asked when a record request finds nothing to show: whether the id is the user's facility's
/// patient whose consent was withdrawn (no active link left), or the user's own emergency grant at
/// this facility that has ended. Anything else — an id that never belonged to the user's facility,
/// another user's grant — stays a bare 404 (null), so nothing leaks. Each explained refusal is a
/// warning log line with ids only, as the plain refusals are.
/// </summary>
public sealed partial class RecordGoneHandler(MioKarteDbContext db, TimeProvider time, ILogger<RecordGoneHandler> logger) : IUseCaseHandler
{
    public async Task<RecordGone?> HandleAsync(Actor actor, RecordSubject subject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (id, facilityId) = (subject.Id, actor.Facility);
        var now = time.GetUtcNow().UtcDateTime;
        if (!subject.IsEmergencyGrant)
        {
            if (!await db.FacilityPatients.ForFacility(actor).AnyAsync(p => p.Id == id, cancellationToken))
            {
                return null;
            }

            var links = await db.PatientLinks.AsNoTracking()
                .ForFacility(actor)
                .Where(l => l.FacilityPatientId == id)
                .Join(db.Facilities, l => l.DisclosingFacilityId, f => f.Id, (l, f) => new { Link = l, f.Name })
                .ToListAsync(cancellationToken);
            if (links.Any(l => l.Link.IsActiveAt(now)))
            {
                return null;
            }

            var withdrawn = links.Where(l => l.Link.WithdrawnAtUtc is not null).MaxBy(l => l.Link.WithdrawnAtUtc);
            if (withdrawn is null)
            {
                return null;
            }

            LogWithdrawn(logger, id, facilityId);
            return new RecordGone.ConsentWithdrawn(withdrawn.Link.WithdrawnAtUtc!.Value, withdrawn.Name);
        }

        var userId = actor.UserId;
        var ended = await db.EmergencyAccessGrants.AsNoTracking()
            .ForFacility(actor)
            .Where(g => g.Id == id && g.UserId == userId && g.ExpiresAtUtc <= now)
            .Select(g => (DateTime?)g.ExpiresAtUtc)
            .FirstOrDefaultAsync(cancellationToken);
        if (ended is null)
        {
            return null;
        }

        LogGrantEnded(logger, id, userId);
        return new RecordGone.EmergencyEnded(ended.Value);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record of patient {PatientId} refused with its reason: consent withdrawn (facility {FacilityId})")]
    private static partial void LogWithdrawn(ILogger logger, Guid patientId, Guid facilityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record under emergency grant {GrantId} refused with its reason: the grant has ended (user {UserId})")]
    private static partial void LogGrantEnded(ILogger logger, Guid grantId, string userId);
}
