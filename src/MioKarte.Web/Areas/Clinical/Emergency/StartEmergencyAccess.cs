using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Gateway;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Mail;
using MioKarte.Core.Patients;
using MioKarte.Core.Records;
using MioKarte.Core.Text;
using MioKarte.Web.Areas.Clinical.Records;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Clinical.Emergency;

/// <summary>The emergency form: the disclosing facility and its patient id, and the reason.</summary>
public sealed class EmergencyAccessInput
{
    public string? DisclosingFacilityId { get; set; }

    public string? DisclosingPatientId { get; set; }

    /// <summary>Without the patient id: kana name, birth date and sex together.</summary>
    public string? NameKana { get; set; }

    public string? BirthDate { get; set; }

    public string? Sex { get; set; }

    public string? Reason { get; set; }
}

public abstract record EmergencyOutcome
{
    private EmergencyOutcome()
    {
    }

    public sealed record Started(Guid GrantId) : EmergencyOutcome;

    /// <summary>Only a physician (医師) with the right to view clinical data may start one.</summary>
    public sealed record NotAPhysician : EmergencyOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : EmergencyOutcome;

    public sealed record DataCenterUnavailable : EmergencyOutcome;
}

/// <summary>
/// 非常時アクセスの開始: a physician opens a patient not yet linked, found at a disclosing facility
/// by that facility's patient id, or by kana name, birth date and sex together (exactly one match),
/// for a stated reason. The grant, its access-log row (IsEmergency)
/// and the mails to the facility's administrators and the council are saved together, so the start
/// is never without its report. The mails carry no patient data (neither name nor id).
/// </summary>
public sealed partial class StartEmergencyAccessHandler(
    MioKarteDbContext db,
    AccessLogWriter accessLog,
    ISharedRecordSource center,
    IOptions<PatientOptions> options,
    IOptions<CouncilOptions> council,
    IOptions<MailOptions> mail,
    MailText text,
    TimeProvider time,
    ILogger<StartEmergencyAccessHandler> logger) : IUseCaseHandler
{
    public async Task<bool> IsPhysicianAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return await db.Users.AsNoTracking().AnyAsync(u => u.Id == actor.UserId && u.Job == StaffJob.Physician, cancellationToken);
    }

    public async Task<EmergencyOutcome> HandleAsync(Actor actor, EmergencyAccessInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (!await IsPhysicianAsync(actor, cancellationToken))
        {
            return new EmergencyOutcome.NotAPhysician();
        }

        var errors = new List<FieldError>();
        input.DisclosingPatientId = PatientFields.Id(input.DisclosingPatientId);
        input.Reason = JapaneseText.Clean(input.Reason);
        var disclosing = await DisclosingFacilityChoice.FindAsync(db, input.DisclosingFacilityId, cancellationToken);
        if (disclosing is null)
        {
            errors.Add(new FieldError(nameof(input.DisclosingFacilityId), "Patients.Error.NotDisclosing"));
        }

        var byId = !string.IsNullOrEmpty(input.DisclosingPatientId);
        var (kana, birth, sex) = (JapaneseText.Kana(input.NameKana), PatientFields.Date(input.BirthDate, JapanTime.Today(time)), PatientFields.Sex(input.Sex));
        if (byId && (input.DisclosingPatientId!.Length > PatientLink.DisclosingPatientIdMaxLength || !PatientFields.IsWellFormedId(input.DisclosingPatientId)))
        {
            errors.Add(new FieldError(nameof(input.DisclosingPatientId), "Patients.Error.PatientId"));
        }
        else if (!byId && (string.IsNullOrEmpty(kana) || !JapaneseText.IsKatakana(kana) || birth is null || sex is null))
        {
            errors.Add(new FieldError(nameof(input.DisclosingPatientId), "Emergency.Error.IdOrDemographics"));
        }

        if (string.IsNullOrEmpty(input.Reason) || input.Reason.Length < 5 || input.Reason.Length > EmergencyAccessGrant.ReasonMaxLength)
        {
            errors.Add(new FieldError(nameof(input.Reason), "Emergency.Error.Reason"));
        }

        if (errors.Count > 0 || disclosing is null)
        {
            return new EmergencyOutcome.Invalid(errors);
        }

        // Searched for emergency treatment (ETREAT): a center that enforces consent lets this purpose
        // find Patient resources of a patient not yet linked, and nothing more until the grant's Consent.
        var (answered, candidates) = await actor.AskDataCenterAsync(db, center, logger, disclosing.Code,
            (source, acting) => FindAsync(source, disclosing.InstitutionCode, acting with { PurposeOfUse = PurposesOfUse.Emergency }), cancellationToken);
        if (!answered)
        {
            return new EmergencyOutcome.DataCenterUnavailable();
        }

        if (candidates!.Count > 1)
        {
            return new EmergencyOutcome.Invalid([new FieldError(nameof(input.DisclosingPatientId), "Emergency.Error.SeveralMatch", disclosing.Name)]);
        }

        if (candidates.SingleOrDefault() is not { } found)
        {
            return new EmergencyOutcome.Invalid([new FieldError(nameof(input.DisclosingPatientId), byId ? "Patients.Error.NotFoundAtFacility" : "Emergency.Error.NoneMatch", disclosing.Name)]);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var grantId = Guid.NewGuid();
        // The break-glass Consent (purpose ETREAT) for exactly the grant's period: registered before
        // the grant is saved, so the record can be read the moment the grant exists; it ends by itself.
        var consent = new CenterConsent(CenterConsentKind.Emergency, grantId, disclosing.InstitutionCode, found.FacilityPatientId,
            new DateTimeOffset(now, TimeSpan.Zero), new DateTimeOffset(now + options.Value.EmergencyAccessDuration, TimeSpan.Zero), CenterConsentState.Active);
        var (registered, registration) = await actor.AskDataCenterAsync(db, center, logger, disclosing.Code,
            (source, acting) => source.PutConsentAsync(consent, acting, cancellationToken), cancellationToken);
        if (!registered || registration == ConsentRegistration.PatientUnknown)
        {
            return new EmergencyOutcome.DataCenterUnavailable();
        }

        var grant = EmergencyAccessGrant.Start(actor.UserId, actor.UserName, actor.Facility, disclosing.Id, found.FacilityPatientId, input.Reason!,
            now, options.Value.EmergencyAccessDuration, grantId);
        db.EmergencyAccessGrants.Add(grant);
        await ReportAsync(actor, grant, disclosing, now, cancellationToken);
        try
        {
            await accessLog.AppendAsync(actor, new AccessRecord(AccessAction.EmergencyAccess, Target: PatientRecordContext.GrantTarget(grant.Id), IsEmergency: true), cancellationToken);
        }
        catch
        {
            await actor.AskDataCenterAsync(db, center, logger, disclosing.Code,
                (source, acting) => source.TryEndConsentAsync(consent, CenterConsentState.EnteredInError, acting, CancellationToken.None), CancellationToken.None);
            throw;
        }

        LogStarted(logger, grant.Id, actor.UserId, actor.Facility, disclosing.Code);
        return new EmergencyOutcome.Started(grant.Id);

        async Task<List<PatientDemographics>> FindAsync(ISharedRecordSource source, string facilityCode, ActingContext acting)
        {
            if (byId)
            {
                return await source.FindPatientAsync(facilityCode, input.DisclosingPatientId!, acting, cancellationToken) is { } one ? [one] : [];
            }

            // A standard server matches `name` as a starts-with on one name part, so only the family
            // name is sent (or none); only an exact match of all three counts here. The form has no
            // kanji name: a facility that holds no kana cannot be found this way, only by patient id.
            return (await source.SearchPatientsAsync(facilityCode, DemographicsCheck.SearchNamePart(kana), birth!.Value, sex!.Value, acting, cancellationToken))
                .Where(p => DemographicsCheck.FirstMismatch(sex.Value, birth.Value, kana, null, p) is null)
                .DistinctBy(p => p.FacilityPatientId)
                .ToList();
        }
    }

    /// <summary>Queues the report to every administrator of the facility with an address, and to the council.</summary>
    private async Task ReportAsync(Actor actor, EmergencyAccessGrant grant, DisclosingFacilityChoice disclosing, DateTime now, CancellationToken cancellationToken)
    {
        var facility = await db.Facilities.AsNoTracking().Where(f => f.Id == actor.Facility).Select(f => new { f.Code, f.Name }).SingleAsync(cancellationToken);
        var physician = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        var administrators = await (
            from user in db.Users.ForFacility(actor)
            join userRole in db.UserRoles on user.Id equals userRole.UserId
            join role in db.Roles on userRole.RoleId equals role.Id
            where role.Name == PortalRoles.FacilityAdministrator && user.Email != null && user.DisabledAtUtc == null
            select new { user.Email, user.DisplayName }).AsNoTracking().ToListAsync(cancellationToken);
        var subject = text["Mail.EmergencyAccess.Subject", facility.Name];
        var body = text["Mail.EmergencyAccess.Body",
            facility.Name, facility.Code, physician, actor.UserName, disclosing.Name, JapanTime.Format(grant.StartedAtUtc), JapanTime.Format(grant.ExpiresAtUtc), grant.Id];
        foreach (var administrator in administrators)
        {
            db.OutboxMessages.Add(OutboxMessage.Create("EmergencyAccessStarted", administrator.Email!, administrator.DisplayName, subject, body, now));
        }

        var councilAddress = council.Value.NotificationAddress ?? mail.Value.CouncilAddress;
        db.OutboxMessages.Add(OutboxMessage.Create("EmergencyAccessStarted", councilAddress, text["Mail.CouncilName"], subject, body, now));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emergency access {GrantId} started by user {UserId} of facility {FacilityId} at {FacilityCode}")]
    private static partial void LogStarted(ILogger logger, Guid grantId, string userId, Guid facilityId, string facilityCode);
}

/// <summary>What the grant page shows: the grant, and the patient's demographics read now from the data center.</summary>
public sealed record EmergencyGrantPage(EmergencyAccessGrant Grant, string FacilityName, string FacilityCode, PatientDemographics? Patient, bool CenterUnavailable);

/// <summary>
/// The page of an active emergency grant of the signed-in physician: the grant and the patient's
/// demographics. Each view is an access-log row marked IsEmergency. Null for another user's grant
/// or an expired one.
/// </summary>
public sealed class EmergencyGrantHandler(
    MioKarteDbContext db, AccessLogWriter accessLog, ISharedRecordSource center, TimeProvider time, ILogger<EmergencyGrantHandler> logger) : IUseCaseHandler
{
    public async Task<EmergencyGrantPage?> HandleAsync(Actor actor, Guid grantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var grant = await db.EmergencyAccessGrants.FindActiveAsync(grantId, actor.UserId, actor, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (grant is null)
        {
            return null;
        }

        var facility = await db.Facilities.AsNoTracking().Where(f => f.Id == grant.DisclosingFacilityId)
            .Select(f => new { f.Name, f.Code, f.InstitutionCode }).SingleAsync(cancellationToken);
        await accessLog.AppendAsync(actor, new AccessRecord(AccessAction.PatientRecord, Target: PatientRecordContext.GrantTarget(grant.Id), IsEmergency: true), cancellationToken);
        var (answered, patient) = facility.InstitutionCode is { } code
            ? await actor.AskDataCenterAsync(db, center, logger, facility.Code,
                (source, acting) => source.FindPatientAsync(code, grant.DisclosingPatientId, acting, cancellationToken), cancellationToken)
            : (false, null);
        return new EmergencyGrantPage(grant, facility.Name, facility.Code, patient, CenterUnavailable: !answered);
    }
}
