using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.DataCenter;
using MioKarte.Core.Records;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Clinical.Records;

/// <summary>The patient as the record screen heads it (the viewing facility's own data).</summary>
public sealed record RecordPatient(Guid Id, string LocalPatientId, string NameKanji, string NameKana, Sex Sex, DateOnly BirthDate);

/// <summary>An active link of the patient, with the disclosing facility's data-center code.</summary>
public sealed record ActiveLink(Guid Id, string FacilityCode, string FacilityName, string DisclosingPatientId);

/// <summary>Everything a record request needs: the patient, the links, the indexed record, who is acting.</summary>
public sealed record PatientRecordContext(
    RecordPatient Patient,
    IReadOnlyList<ActiveLink> Links,
    PatientRecordIndex Index,
    DateTime FetchedAtUtc,
    Guid ViewingFacilityId,
    ActingContext Acting,
    AccessActor Actor);

/// <summary>
/// Loads the patient of the user's own facility (another facility's patient is not found), its
/// active links, and the shared record for those links — from <see cref="SharedRecordCache"/> or
/// the data center, which is told who is acting.
/// </summary>
public sealed partial class LoadPatientRecordHandler(
    MioKarteDbContext db, ISharedRecordSource source, SharedRecordCache cache, TimeProvider time, ILogger<LoadPatientRecordHandler> logger)
{
    public async Task<PatientRecordContext?> HandleAsync(Guid patientId, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var facilityId = PortalPolicies.FacilityIdOf(http.User);
        if (facilityId is null)
        {
            return null;
        }

        var patient = await db.FacilityPatients.AsNoTracking()
            .Where(p => p.Id == patientId && p.FacilityId == facilityId)
            .Select(p => new RecordPatient(p.Id, p.LocalPatientId, p.NameKanji, p.NameKana, p.Sex, p.BirthDate))
            .SingleOrDefaultAsync(cancellationToken);
        if (patient is null)
        {
            LogNotFound(logger, patientId, facilityId.Value);
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var links = (await db.PatientLinks.AsNoTracking()
                .Where(l => l.FacilityPatientId == patientId && l.FacilityId == facilityId)
                .Join(db.Facilities, l => l.DisclosingFacilityId, f => f.Id, (l, f) => new { Link = l, f.InstitutionCode, f.Name, f.Code })
                .ToListAsync(cancellationToken))
            .Where(x => x.Link.IsActiveAt(now))
            .Select(x => new ActiveLink(x.Link.Id, x.InstitutionCode ?? x.Code, x.Name, x.Link.DisclosingPatientId))
            .OrderBy(l => l.FacilityCode, StringComparer.Ordinal)
            .ToList();

        var viewing = await db.Facilities.AsNoTracking().Where(f => f.Id == facilityId).Select(f => new { f.InstitutionCode, f.Code }).SingleAsync(cancellationToken);
        var acting = new ActingContext(http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", viewing.InstitutionCode ?? viewing.Code, http.TraceIdentifier);
        var key = SharedRecordCache.KeyOf(facilityId.Value, patientId, links.Select(l => $"{l.Id:N}:{l.FacilityCode}:{l.DisclosingPatientId}"));
        var cached = cache.Get(key);
        if (cached is null)
        {
            var result = links.Count == 0
                ? new GatewayResult<FacilityPatientRecord>([], [], [])
                : await source.GetSharedRecordsAsync(
                    links.Select(l => new LinkedFacilityPatient(l.FacilityCode, l.FacilityName, l.DisclosingPatientId)).ToList(), acting, cancellationToken);
            var index = PatientRecordIndex.Build(result, (code, patientIdThere) =>
                (links.FirstOrDefault(l => l.FacilityCode == code && l.DisclosingPatientId == patientIdThere)
                 ?? links.FirstOrDefault(l => l.FacilityCode == code))?.Id);
            cached = new CachedRecord(index, now);
            cache.Set(key, cached);
        }

        return new PatientRecordContext(patient, links, cached.Index, cached.FetchedAtUtc, facilityId.Value, acting, PortalPolicies.ActorOf(http));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Patient {PatientId} not found for facility {FacilityId}")]
    private static partial void LogNotFound(ILogger logger, Guid patientId, Guid facilityId);
}
