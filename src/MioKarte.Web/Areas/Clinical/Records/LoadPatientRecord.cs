using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.DataCenter;
using MioKarte.Core.Records;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Clinical.Records;

/// <summary>An active link of the patient, with the disclosing facility's data-center code.</summary>
public sealed record ActiveLink(Guid Id, string FacilityCode, string FacilityName, string DisclosingPatientId);

/// <summary>Everything a record request needs: the patient, the links, the indexed record, who is acting.</summary>
public sealed record PatientRecordContext(
    ClinicalPatient Patient,
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
        if (await FindPatientAsync(patientId, http, cancellationToken) is not { } patient)
        {
            return null;
        }

        var actor = ClinicalActor.Of(http);
        var facilityId = actor.FacilityId;
        var now = time.GetUtcNow().UtcDateTime;
        var links = (await db.PatientLinks.AsNoTracking()
                .Where(l => l.FacilityPatientId == patientId && l.FacilityId == facilityId)
                .Join(db.Facilities, l => l.DisclosingFacilityId, f => f.Id, (l, f) => new { Link = l, f.InstitutionCode, f.Name, f.Code })
                .ToListAsync(cancellationToken))
            .Where(x => x.Link.IsActiveAt(now))
            .Select(x => new ActiveLink(x.Link.Id, x.InstitutionCode ?? x.Code, x.Name, x.Link.DisclosingPatientId))
            .OrderBy(l => l.FacilityCode, StringComparer.Ordinal)
            .ToList();

        var acting = await actor.ActingAsync(db, cancellationToken);
        var key = SharedRecordCache.KeyOf(facilityId, patientId, links.Select(l => $"{l.Id:N}:{l.FacilityCode}:{l.DisclosingPatientId}"));
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
            await NoteLatestDataDateAsync(patientId, index, cancellationToken);
        }

        return new PatientRecordContext(patient, links, cached.Index, cached.FetchedAtUtc, facilityId, acting, actor.Access);
    }

    /// <summary>
    /// 最新データ日 for the patient list, from a record just read from the center (not on every view:
    /// a cached record adds nothing new). Saved only when it moves the date forward.
    /// </summary>
    private async Task NoteLatestDataDateAsync(Guid patientId, PatientRecordIndex index, CancellationToken cancellationToken)
    {
        if (index.Items.Max(i => i.Date?.SortKey) is not { } latest)
        {
            return;
        }

        var patient = await db.FacilityPatients.SingleAsync(p => p.Id == patientId, cancellationToken);
        patient.NoteLatestDataDate(latest);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The patient alone, when it is one of the user's facility's (else null, and the miss is logged):
    /// for the requests that need no record (the summary form, 「最新の情報に更新」).
    /// </summary>
    public async Task<ClinicalPatient?> FindPatientAsync(Guid patientId, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (PortalPolicies.FacilityIdOf(http.User) is not { } facilityId)
        {
            return null;
        }

        var patient = await ClinicalPatient.FindAsync(db, facilityId, patientId, cancellationToken);
        if (patient is null)
        {
            LogNotFound(logger, patientId, facilityId);
        }

        return patient;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Patient {PatientId} not found for facility {FacilityId}")]
    private static partial void LogNotFound(ILogger logger, Guid patientId, Guid facilityId);
}
