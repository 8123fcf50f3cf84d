using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Gateway;
using MioKarte.Core.Hosting;
using MioKarte.Core.Records;
using MioKarte.Web.Areas.Clinical.Records;

namespace MioKarte.Web.Areas.Clinical.Emergency;

/// <summary>The signed-in physician's own grants that are active now, newest first (the emergency page lists them).</summary>
public sealed class OwnEmergencyGrantsHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public async Task<IReadOnlyList<EmergencyGrantFacts>> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = time.GetUtcNow().UtcDateTime;
        var userId = actor.UserId;
        var own = EmergencyGrantFactsQuery.Grants(db, actor)
            .Where(g => g.UserId == userId && g.StartedAtUtc <= now && g.ExpiresAtUtc > now);
        return await EmergencyGrantFactsQuery.Facts(db, own).ToListAsync(cancellationToken);
    }
}

/// <summary>
/// 非常時アクセスの終了: the physician ends their own active grant early. Only the grant's own user,
/// at the facility it was made at, may end it (anything else is not found); ending one that is already
/// over does nothing. The end is an access-log row (<see cref="AccessAction.EmergencyAccessEnded"/>)
/// saved with the grant; from then on the record answers that the period is over.
/// </summary>
public sealed partial class EndEmergencyAccessHandler(
    MioKarteDbContext db, AccessLogWriter accessLog, ISharedRecordSource center, TimeProvider time, ILogger<EndEmergencyAccessHandler> logger) : IUseCaseHandler
{
    /// <summary>False when the grant is not the actor's (404).</summary>
    public async Task<bool> HandleAsync(Actor actor, Guid grantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var grant = await db.EmergencyAccessGrants
            .ForFacility(actor)
            .SingleOrDefaultAsync(g => g.Id == grantId && g.UserId == actor.UserId, cancellationToken);
        if (grant is null)
        {
            LogRefused(logger, grantId, actor.UserId);
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (!grant.IsActiveAt(now))
        {
            return true;
        }

        grant.EndEarly(now);
        await accessLog.AppendAsync(actor, new AccessRecord(
            AccessAction.EmergencyAccessEnded, Target: PatientRecordContext.GrantTarget(grant.Id), IsEmergency: true), cancellationToken);
        LogEnded(logger, grant.Id, actor.UserId);
        // The break-glass Consent ends with the grant. Best effort: if the center cannot be told now,
        // the Consent still ends at the grant's original expiry (its period), never later.
        var disclosing = await db.Facilities.AsNoTracking().Where(f => f.Id == grant.DisclosingFacilityId)
            .Select(f => new { f.Code, f.InstitutionCode }).SingleAsync(cancellationToken);
        var consent = new CenterConsent(CenterConsentKind.Emergency, grant.Id, disclosing.InstitutionCode ?? disclosing.Code, grant.DisclosingPatientId,
            new DateTimeOffset(grant.StartedAtUtc, TimeSpan.Zero), new DateTimeOffset(now, TimeSpan.Zero), CenterConsentState.Inactive);
        await actor.AskDataCenterAsync(db, center, logger, disclosing.Code,
            (source, acting) => source.TryEndConsentAsync(consent, CenterConsentState.Inactive, acting, cancellationToken), cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emergency access {GrantId} ended early by user {UserId}")]
    private static partial void LogEnded(ILogger logger, Guid grantId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending emergency access {GrantId} refused: not a grant of user {UserId} at this facility")]
    private static partial void LogRefused(ILogger logger, Guid grantId, string userId);
}
