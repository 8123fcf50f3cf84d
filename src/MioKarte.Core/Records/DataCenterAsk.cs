using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Gateway;

namespace MioKarte.Core.Records;

/// <summary>
/// Asking the data center on an <see cref="Actor"/>'s behalf: the audit headers it wants (who, from which
/// facility, under which request id) and the one way a handler asks it and survives its absence.
/// </summary>
public static partial class DataCenterAsk
{
    /// <summary>
    /// The data center's audit headers: the user, the viewing facility's 保険医療機関番号 (or its
    /// 施設コード when it has none), and the request id that the portal's access log also carries.
    /// </summary>
    public static async Task<ActingContext> ActingAsync(this Actor actor, MioKarteDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(db);
        return new ActingContext(actor.UserId, await DataCenterCodeOf(db, actor.Facility, cancellationToken), actor.RequestId);
    }

    /// <summary>Compiled once: every record page asks it (docs/performance.md).</summary>
    private static readonly Func<MioKarteDbContext, Guid, CancellationToken, Task<string>> DataCenterCodeOf = EF.CompileAsyncQuery(
        (MioKarteDbContext db, Guid facilityId, CancellationToken _) => db.Facilities.AsNoTracking()
            .Where(f => f.Id == facilityId)
            .Select(f => f.InstitutionCode ?? f.Code)
            .Single());

    /// <summary>
    /// Asks the data center (<paramref name="source"/>) on <paramref name="actor"/>'s behalf about a patient at
    /// <paramref name="facilityCode"/>. Not answered when the center could not be asked — the stand-in
    /// source of a portal without a gateway answers so too; a failure is logged with the facility's
    /// code only (never the patient).
    /// </summary>
    public static async Task<(bool Answered, T? Answer)> AskDataCenterAsync<T>(
        this Actor actor, MioKarteDbContext db, ISharedRecordSource source, ILogger logger, string facilityCode,
        Func<ISharedRecordSource, ActingContext, Task<T>> ask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(ask);
        try
        {
            return (true, await ask(source, await actor.ActingAsync(db, cancellationToken)));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            LogCenterFailed(logger, facilityCode, ex.GetType().Name);
            return (false, default);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data center could not be asked about a patient at {FacilityCode} ({Error})")]
    private static partial void LogCenterFailed(ILogger logger, string facilityCode, string error);
}
