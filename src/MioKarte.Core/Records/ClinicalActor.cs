using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Gateway;

namespace MioKarte.Core.Records;

/// <summary>
/// The acting clinician: the signed-in user, their (viewing) facility and the terminal, for scoping
/// every query, the access log and the data center's audit headers. The web layer makes one from the
/// request (<c>HttpContext.ActingClinician()</c>); the record pipeline and the Clinical handlers take
/// this, never the request itself.
/// </summary>
public sealed partial record ClinicalActor(AccessActor Access, Guid FacilityId, string UserName) : IActingFacility
{
    public string UserId => Access.UserId;

    /// <summary>
    /// The data center's audit headers: the user, the viewing facility's 保険医療機関番号 (or its
    /// 施設コード when it has none), and the request id that the portal's access log also carries.
    /// </summary>
    public async Task<ActingContext> ActingAsync(MioKarteDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new ActingContext(UserId, await DataCenterCodeOf(db, FacilityId, cancellationToken), Access.RequestId);
    }

    /// <summary>Compiled once: every record page asks it (docs/performance.md).</summary>
    private static readonly Func<MioKarteDbContext, Guid, CancellationToken, Task<string>> DataCenterCodeOf = EF.CompileAsyncQuery(
        (MioKarteDbContext db, Guid facilityId, CancellationToken _) => db.Facilities.AsNoTracking()
            .Where(f => f.Id == facilityId)
            .Select(f => f.InstitutionCode ?? f.Code)
            .Single());

    /// <summary>
    /// Asks the data center (<paramref name="source"/>) on this actor's behalf about a patient at
    /// <paramref name="facilityCode"/>. Not answered when the center could not be asked — the stand-in
    /// source of a portal without a gateway answers so too; a failure is logged with the facility's
    /// code only (never the patient).
    /// </summary>
    public async Task<(bool Answered, T? Answer)> AskDataCenterAsync<T>(
        MioKarteDbContext db, ISharedRecordSource source, ILogger logger, string facilityCode,
        Func<ISharedRecordSource, ActingContext, Task<T>> ask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(ask);
        try
        {
            return (true, await ask(source, await ActingAsync(db, cancellationToken)));
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

/// <summary>A patient of the user's facility as the pages head it (the viewing facility's own data).</summary>
/// <remarks>Under an emergency grant: the disclosing facility's patient id and demographics; the birth date may then be unknown.</remarks>
public sealed record ClinicalPatient(Guid Id, string LocalPatientId, string NameKanji, string NameKana, Sex Sex, DateOnly? BirthDate)
{
    /// <summary>The patient when it is one of <paramref name="actor"/>'s facility's; null otherwise (the pages answer 404).</summary>
    public static Task<ClinicalPatient?> FindAsync(MioKarteDbContext db, IActingFacility actor, Guid patientId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.FacilityPatients.AsNoTracking()
            .ForFacility(actor)
            .Where(p => p.Id == patientId)
            .Select(p => new ClinicalPatient(p.Id, p.LocalPatientId, p.NameKanji, p.NameKana, p.Sex, (DateOnly?)p.BirthDate))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
