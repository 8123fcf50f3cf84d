using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Gateway;
using MioKarte.Core.Hosting;
using MioKarte.Core.Patients;

namespace MioKarte.Core.Records;

/// <summary>An active link of the patient, with the disclosing facility's data-center code.</summary>
public sealed record ActiveLink(Guid Id, string FacilityCode, string FacilityName, string DisclosingPatientId);

/// <summary>
/// Whose record a request asks for: a patient of the acting clinician's facility (<c>/patients/{id}</c>),
/// or the clinician's own 非常時アクセス grant (<c>/patients/emergency/{grantId}/record</c>). Two
/// addresses, one record context: the id never has to be guessed as one or the other.
/// </summary>
public readonly record struct RecordSubject(Guid Id, bool IsEmergencyGrant)
{
    public static RecordSubject Patient(Guid patientId) => new(patientId, false);

    public static RecordSubject Grant(Guid grantId) => new(grantId, true);
}

/// <summary>
/// Everything a record request needs: the patient, the links, the indexed record, who is acting,
/// and — when the patient is opened under 非常時アクセス rather than a consented link — the grant;
/// <c>Pending</c> names the facilities still being read (the page shows what has arrived and a progress banner).
/// </summary>
public sealed record PatientRecordContext(
    ClinicalPatient Patient,
    IReadOnlyList<ActiveLink> Links,
    PatientRecordIndex Index,
    DateTime FetchedAtUtc,
    Guid ViewingFacilityId,
    ActingContext Acting,
    Actor Actor,
    EmergencyAccessGrant? Emergency = null,
    IReadOnlyList<ActiveLink>? Pending = null)
{
    /// <summary>
    /// The access-log row of one view in this context. Under an emergency grant the patient has no
    /// record of the viewing facility and no link: the row names the grant and is marked IsEmergency.
    /// </summary>
    public AccessRecord Accessed(AccessAction action, Guid? linkId, string? target) =>
        Emergency is { } grant
            ? new AccessRecord(action, null, null, target is null ? GrantTarget(grant.Id) : $"{GrantTarget(grant.Id)} {target}", IsEmergency: true)
            : new AccessRecord(action, Patient.Id, linkId, target);

    /// <summary>How the access log names an emergency grant (the grant page writes the same).</summary>
    public static string GrantTarget(Guid grantId) => "EmergencyAccessGrant/" + grantId;
}

/// <summary>
/// Loads, for the acting clinician, the patient of their own facility (another facility's patient is
/// not found), its active links, and the shared record for those links — from <see cref="SharedRecordCache"/>
/// or the data center, which is told who is acting. The subject may instead be one of the clinician's
/// own active 非常時アクセス grants: then the one "link" is the grant's patient at its disclosing
/// facility, and the page is headed with that facility's demographics. An expired grant is not found.
/// </summary>
public sealed partial class LoadPatientRecordHandler(
    MioKarteDbContext db, SharedRecordLoads loads, SharedRecordCache cache, TimeProvider time, ILogger<LoadPatientRecordHandler> logger) : IUseCaseHandler
{
    /// <summary>
    /// The patient's record context. With <paramref name="progressAfter"/> (the table page) a record
    /// not yet cached is waited for that long at most; then the context holds what has arrived and
    /// names the facilities still loading. Without it (details, images, the PDF) the whole record is
    /// waited for, so nothing is ever shown or printed from half a record by accident.
    /// </summary>
    public async Task<PatientRecordContext?> HandleAsync(
        Actor actor, RecordSubject subject, CancellationToken cancellationToken, TimeSpan? progressAfter = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (await ResolveAsync(actor, subject, cancellationToken) is not { } resolved)
        {
            return null;
        }

        var (patient, grant, links, key) = resolved;
        var acting = await actor.ActingAsync(db, cancellationToken);
        var cached = cache.Get(key);
        IReadOnlyList<ActiveLink>? pending = null;
        if (cached is null)
        {
            var load = loads.Start(key, links, acting, grant is null ? subject.Id : null);
            try
            {
                cached = await load.Completion.WaitAsync(progressAfter ?? Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (TimeoutException)
            {
                cached = new CachedRecord(load.IndexSoFar(), time.GetUtcNow().UtcDateTime);
                pending = load.Pending;
            }
        }

        return new PatientRecordContext(
            patient ?? EmergencyPatient(grant!, cached.Index.Demographics), links, cached.Index, cached.FetchedAtUtc, actor.Facility, acting, actor, grant,
            pending is { Count: > 0 } ? pending : null);
    }

    /// <summary>
    /// What the progress banner asks while the table waits: the facilities still loading for this
    /// patient (empty when the record is in, or was never asked for). Null when the id is not one
    /// the user may open.
    /// </summary>
    public async Task<IReadOnlyList<ActiveLink>?> StillLoadingAsync(Actor actor, RecordSubject subject, CancellationToken cancellationToken) =>
        await ResolveAsync(actor, subject, cancellationToken) is { } resolved
            ? loads.Find(resolved.Key)?.Pending ?? []
            : null;

    /// <summary>What a record request is about, and the cache key of its answer.</summary>
    private sealed record Resolved(ClinicalPatient? Patient, EmergencyAccessGrant? Grant, List<ActiveLink> Links, string Key);

    private async Task<Resolved?> ResolveAsync(Actor actor, RecordSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var facilityId = actor.Facility;
        var now = time.GetUtcNow().UtcDateTime;
        var patient = subject.IsEmergencyGrant ? null : await ClinicalPatient.FindAsync(db, actor, subject.Id, cancellationToken);
        var grant = subject.IsEmergencyGrant ? await db.EmergencyAccessGrants.FindActiveAsync(subject.Id, actor.UserId, actor, now, cancellationToken) : null;
        if (patient is null && grant is null)
        {
            LogNotFound(logger, subject.Id, facilityId);
            return null;
        }

        var links = grant is null ? await ActiveLinksAsync(subject.Id, actor, now, cancellationToken) : await GrantLinkAsync(grant, cancellationToken);
        var key = SharedRecordCache.KeyOf(facilityId, subject.Id, links.Select(l => $"{l.Id:N}:{l.FacilityCode}:{l.DisclosingPatientId}"));
        return new Resolved(patient, grant, links, key);
    }

    private async Task<List<ActiveLink>> ActiveLinksAsync(Guid patientId, Actor actor, DateTime now, CancellationToken cancellationToken) =>
        (await db.PatientLinks.AsNoTracking()
            .ForFacility(actor)
            .Where(l => l.FacilityPatientId == patientId)
            .Join(db.Facilities, l => l.DisclosingFacilityId, f => f.Id, (l, f) => new { Link = l, f.InstitutionCode, f.Name, f.Code })
            .ToListAsync(cancellationToken))
        .Where(x => x.Link.IsActiveAt(now))
        .Select(x => new ActiveLink(x.Link.Id, x.InstitutionCode ?? x.Code, x.Name, x.Link.DisclosingPatientId))
        .OrderBy(l => l.FacilityCode, StringComparer.Ordinal)
        .ToList();

    private async Task<List<ActiveLink>> GrantLinkAsync(EmergencyAccessGrant grant, CancellationToken cancellationToken) =>
        await db.Facilities.AsNoTracking()
            .Where(f => f.Id == grant.DisclosingFacilityId)
            .Select(f => new ActiveLink(grant.Id, f.InstitutionCode ?? f.Code, f.Name, grant.DisclosingPatientId))
            .ToListAsync(cancellationToken);

    /// <summary>The page's head under a grant: the disclosing facility's demographics (dashes while the center is unreachable).</summary>
    private static ClinicalPatient EmergencyPatient(EmergencyAccessGrant grant, PatientDemographics? known) =>
        new(grant.Id, grant.DisclosingPatientId, known?.NameKanji ?? "—", known?.NameKana ?? "", known?.Sex ?? Sex.Unknown, known?.BirthDate?.SortKey);

    /// <summary>
    /// Whether the subject is one of the clinician's facility's patients or one of the clinician's active
    /// emergency grants (else false, and the miss is logged): for 「最新の情報に更新」, which needs no record.
    /// </summary>
    public async Task<bool> ExistsAsync(Actor actor, RecordSubject subject, CancellationToken cancellationToken) =>
        await ResolveAsync(actor, subject, cancellationToken) is not null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Patient {PatientId} not found for facility {FacilityId}")]
    private static partial void LogNotFound(ILogger logger, Guid patientId, Guid facilityId);
}
