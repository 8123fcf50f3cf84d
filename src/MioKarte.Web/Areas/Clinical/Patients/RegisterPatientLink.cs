using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Gateway;
using MioKarte.Core.Hosting;
using MioKarte.Core.Patients;
using MioKarte.Core.Records;
using MioKarte.Core.Text;

namespace MioKarte.Web.Areas.Clinical.Patients;

/// <summary>What the 患者情報送信票 and the 同意書 say, as typed in /patients/new.</summary>
public sealed class PatientLinkInput
{
    public string? DisclosingFacilityId { get; set; }

    public string? DisclosingPatientId { get; set; }

    public string? NameKanji { get; set; }

    public string? NameKana { get; set; }

    public string? Sex { get; set; }

    public string? BirthDate { get; set; }

    public string? LocalPatientId { get; set; }

    public string? ConsentDate { get; set; }

    public string? ConsentObtainedBy { get; set; }
}

/// <summary>The uploaded 同意書 scan, read into memory (at most 10 MB; the form limits the request).</summary>
public sealed record UploadedScan(long Length, Func<CancellationToken, Task<byte[]>> ReadAsync);

public abstract record RegisterLinkOutcome
{
    private RegisterLinkOutcome()
    {
    }

    /// <summary>Linked now, or found already linked (a repeated submit): the patient's links page.</summary>
    public sealed record Linked(Guid FacilityPatientId, bool AlreadyLinked) : RegisterLinkOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : RegisterLinkOutcome;

    /// <summary>The data center could not be asked; nothing was saved.</summary>
    public sealed record DataCenterUnavailable : RegisterLinkOutcome;
}

/// <summary>
/// 患者IDの登録 (section 4-1): links a patient of the user's facility to the patient's record at a
/// disclosing facility after checking with the data center that the patient exists there and that
/// sex, birth date and name agree (the kana name, or the kanji name when the facility holds no kana). The 同意書 scan is checked by its bytes and stored outside
/// the web root. The link, the local patient (on first link) and the access-log row are saved
/// together; a mismatch or an unreachable data center saves nothing. Idempotent: linking the same
/// disclosing patient again finds the open link.
/// </summary>
public sealed partial class RegisterPatientLinkHandler(
    MioKarteDbContext db,
    AccessLogWriter accessLog,
    ISharedRecordSource center,
    ConsentScanStore scans,
    IOptions<PatientOptions> options,
    TimeProvider time,
    ILogger<RegisterPatientLinkHandler> logger) : IUseCaseHandler
{
    public async Task<RegisterLinkOutcome> HandleAsync(Actor actor, PatientLinkInput input, UploadedScan? scan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow().UtcDateTime;
        var today = JapanTime.DateOf(now);
        var (form, errors) = Validate(input, today);
        var (scanBytes, scanType) = await CheckScanAsync(scan, errors, cancellationToken);
        DisclosingFacilityChoice? disclosing = null;
        if (form is not null)
        {
            disclosing = await DisclosingFacilityChoice.FindAsync(db, input.DisclosingFacilityId, cancellationToken);
            if (disclosing is null)
            {
                errors.Add(new FieldError(nameof(input.DisclosingFacilityId), "Patients.Error.NotDisclosing"));
            }
        }

        if (errors.Count > 0 || form is null || disclosing is null)
        {
            return new RegisterLinkOutcome.Invalid(errors);
        }

        var patient = await db.FacilityPatients
            .ForFacility(actor)
            .FirstOrDefaultAsync(p => p.LocalPatientId == form.LocalPatientId, cancellationToken);
        if (patient is not null && Disagreement(patient, form) is { } local)
        {
            return new RegisterLinkOutcome.Invalid([new FieldError(nameof(input.LocalPatientId), "Patients.Error.LocalPatientDiffers", form.LocalPatientId, local)]);
        }

        // A link whose consent lapsed does not count: linking again with a new consent renews it.
        if (await OpenLinkAsync(actor, disclosing.Id, form.DisclosingPatientId, cancellationToken) is { } open && open.IsActiveAt(now))
        {
            return await ExistingOutcomeAsync(actor, open, patient, cancellationToken);
        }

        // Register the link at the data center first (患者IDの登録 happens at the center): a center that
        // enforces consent answers for this patient only once it holds an active Consent of this
        // facility. The Consent is provisional — it ends by itself after a few minutes — until the
        // link is saved here; a link that is refused or not saved leaves nothing lasting there.
        var linkId = Guid.NewGuid();
        var consent = new CenterConsent(CenterConsentKind.PatientLink, linkId, disclosing.InstitutionCode, form.DisclosingPatientId,
            now, now + ProvisionalConsent, CenterConsentState.Active);
        // Ask the data center: the patient must exist at that facility, with the same sex, birth date
        // and name (the kana, or the kanji when the facility holds no kana: DemographicsCheck).
        var (answered, found) = await actor.AskDataCenterAsync(db, center, logger, disclosing.Code, async (source, acting) =>
            await source.PutConsentAsync(consent, acting, cancellationToken) == ConsentRegistration.PatientUnknown
                ? null
                : await source.FindPatientAsync(disclosing.InstitutionCode, form.DisclosingPatientId, acting, cancellationToken), cancellationToken);
        if (!answered)
        {
            await DeactivateAsync(actor, disclosing.Code, consent, cancellationToken);
            return new RegisterLinkOutcome.DataCenterUnavailable();
        }

        if (found is null)
        {
            LogRefused(logger, actor.Facility, disclosing.Code, "NotFound");
            await DeactivateAsync(actor, disclosing.Code, consent, cancellationToken);
            return new RegisterLinkOutcome.Invalid([new FieldError(nameof(input.DisclosingPatientId), "Patients.Error.NotFoundAtFacility", disclosing.Name)]);
        }

        if (DemographicsCheck.FirstMismatch(form.Sex, form.BirthDate, form.NameKana, form.NameKanji, found) is { } field)
        {
            LogRefused(logger, actor.Facility, disclosing.Code, field.ToString());
            await DeactivateAsync(actor, disclosing.Code, consent, cancellationToken);
            var key = field switch
            {
                DemographicsField.Sex => nameof(input.Sex),
                DemographicsField.BirthDate => nameof(input.BirthDate),
                DemographicsField.NameKana => nameof(input.NameKana),
                DemographicsField.NameKanji or DemographicsField.NoNameAtFacility => nameof(input.NameKanji),
            };
            return new RegisterLinkOutcome.Invalid([new FieldError(key, "Patients.Error.Mismatch." + field, disclosing.Name)]);
        }

        return await SaveAsync(actor, form, disclosing, patient, scanBytes!, scanType!, consent, now, cancellationToken);
    }

    /// <summary>How long the Consent registered before the link is saved lasts if the link is never saved.</summary>
    internal static readonly TimeSpan ProvisionalConsent = TimeSpan.FromMinutes(10);

    /// <summary>Best effort: the Consent of a link that was not made is set inactive (its provisional period ends it anyway).</summary>
    private async Task DeactivateAsync(Actor actor, string facilityCode, CenterConsent consent, CancellationToken cancellationToken) =>
        await actor.AskDataCenterAsync(db, center, logger, facilityCode,
            (source, acting) => source.TryEndConsentAsync(consent, CenterConsentState.EnteredInError, acting, cancellationToken), cancellationToken);

    private async Task<RegisterLinkOutcome> SaveAsync(
        Actor actor, LinkForm form, DisclosingFacilityChoice disclosing, FacilityPatient? patient, byte[] scanBytes, string scanType,
        CenterConsent consent, DateTime now, CancellationToken cancellationToken)
    {
        var stored = await scans.SaveAsync(actor.Facility, scanBytes, scanType, cancellationToken);
        patient ??= AddPatient(actor, form, now);
        // A link whose consent lapsed is still open in the table: close it, the new consent replaces it.
        var lapsed = await db.PatientLinks
            .ForFacility(actor)
            .Where(l => l.DisclosingFacilityId == disclosing.Id
                && l.DisclosingPatientId == form.DisclosingPatientId && l.WithdrawnAtUtc == null)
            .ToListAsync(cancellationToken);
        foreach (var old in lapsed)
        {
            old.Withdraw(actor.UserName, "同意の有効期間満了（新しい同意による再登録）", now);
        }

        var link = PatientLink.Create(patient, disclosing.Id, form.DisclosingPatientId, form.ConsentDate, form.ConsentObtainedBy,
            options.Value.ConsentValidUntilUtc(form.ConsentDate), actor.UserName, now, consent.SourceId);
        link.AttachConsentScan(stored, scanType);
        db.PatientLinks.Add(link);
        // The link and the center's final Consent stand or fall together: saved in a transaction that
        // commits only once the center holds the Consent for the link's whole validity.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await accessLog.AppendAsync(actor, new AccessRecord(AccessAction.PatientLinked, patient.Id, link.Id), cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same form at the same moment (a double submit): the other request linked it.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            scans.Delete(stored);
            await DeactivateAsync(actor, disclosing.Code, consent, CancellationToken.None);
            var open = await OpenLinkAsync(actor, disclosing.Id, form.DisclosingPatientId, cancellationToken);
            return open is null ? throw new InvalidOperationException("The link could not be saved.") : new RegisterLinkOutcome.Linked(open.FacilityPatientId, AlreadyLinked: true);
        }

        var final = consent with { End = link.ConsentValidUntilUtc is { } until ? new DateTimeOffset(until, TimeSpan.Zero) : null };
        var (answered, _) = await actor.AskDataCenterAsync(db, center, logger, disclosing.Code,
            async (source, acting) => await source.PutConsentAsync(final, acting, cancellationToken), cancellationToken);
        if (!answered)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            scans.Delete(stored);
            return new RegisterLinkOutcome.DataCenterUnavailable();
        }

        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            await DeactivateAsync(actor, disclosing.Code, consent, CancellationToken.None);
            throw;
        }

        LogLinked(logger, link.Id, patient.Id, disclosing.Code);
        return new RegisterLinkOutcome.Linked(patient.Id, AlreadyLinked: false);
    }

    private FacilityPatient AddPatient(Actor actor, LinkForm form, DateTime now)
    {
        var patient = FacilityPatient.Register(actor.Facility, form.LocalPatientId, form.NameKanji, form.NameKana, form.Sex, form.BirthDate, actor.UserName, now);
        db.FacilityPatients.Add(patient);
        return patient;
    }

    /// <summary>A repeat of a link already in force: the same local patient → harmless; another → refused.</summary>
    private async Task<RegisterLinkOutcome> ExistingOutcomeAsync(Actor actor, PatientLink open, FacilityPatient? patient, CancellationToken cancellationToken)
    {
        if (patient is not null && open.FacilityPatientId == patient.Id)
        {
            return new RegisterLinkOutcome.Linked(patient.Id, AlreadyLinked: true);
        }

        var other = await db.FacilityPatients.AsNoTracking().ForFacility(actor).Where(p => p.Id == open.FacilityPatientId).Select(p => p.LocalPatientId).SingleAsync(cancellationToken);
        return new RegisterLinkOutcome.Invalid([new FieldError(nameof(PatientLinkInput.DisclosingPatientId), "Patients.Error.LinkedToOther", other)]);
    }

    private Task<PatientLink?> OpenLinkAsync(Actor actor, Guid disclosingFacilityId, string disclosingPatientId, CancellationToken cancellationToken) =>
        db.PatientLinks.AsNoTracking()
            .ForFacility(actor)
            .Where(l => l.DisclosingFacilityId == disclosingFacilityId
                && l.DisclosingPatientId == disclosingPatientId && l.WithdrawnAtUtc == null)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Which of the patient's stored facts the form contradicts (氏名カナ, 性別, 生年月日), or null.</summary>
    private static string? Disagreement(FacilityPatient patient, LinkForm form) =>
        patient.Sex != form.Sex ? "性別"
        : patient.BirthDate != form.BirthDate ? "生年月日"
        : JapaneseText.KanaForMatching(patient.NameKana) != JapaneseText.KanaForMatching(form.NameKana) ? "氏名（カナ）"
        : null;

    private static async Task<(byte[]? Bytes, string? ContentType)> CheckScanAsync(UploadedScan? scan, List<FieldError> errors, CancellationToken cancellationToken)
    {
        const string field = "ConsentScan";
        if (scan is null || scan.Length == 0)
        {
            errors.Add(new FieldError(field, "Patients.Error.ScanRequired"));
            return (null, null);
        }

        if (scan.Length > PatientOptions.MaxConsentScanBytes)
        {
            errors.Add(new FieldError(field, "Patients.Error.ScanTooLarge"));
            return (null, null);
        }

        var bytes = await scan.ReadAsync(cancellationToken);
        if (ConsentScanFormat.Detect(bytes) is null)
        {
            errors.Add(new FieldError(field, "Patients.Error.ScanType"));
            return (null, null);
        }

        // It starts like a PDF or a picture: now it must be one, as a whole (a picture is kept re-encoded).
        if (ConsentScanFormat.Inspect(bytes) is not { } inspected)
        {
            errors.Add(new FieldError(field, "Patients.Error.ScanUnreadable"));
            return (null, null);
        }

        return (inspected.Content, inspected.ContentType);
    }

    /// <summary>The normalised form, or the fields that are missing or malformed.</summary>
    private static (LinkForm? Form, List<FieldError> Errors) Validate(PatientLinkInput input, DateOnly today)
    {
        var errors = new List<FieldError>();
        input.DisclosingPatientId = PatientFields.Id(input.DisclosingPatientId);
        input.LocalPatientId = PatientFields.Id(input.LocalPatientId);
        input.NameKanji = JapaneseText.Name(input.NameKanji);
        input.NameKana = JapaneseText.Kana(input.NameKana);
        input.ConsentObtainedBy = JapaneseText.Name(input.ConsentObtainedBy);

        if (!Guid.TryParse(input.DisclosingFacilityId, out var facilityId) || facilityId == Guid.Empty)
        {
            errors.Add(new FieldError(nameof(input.DisclosingFacilityId), "Patients.Error.ChooseFacility"));
        }

        Id(nameof(input.DisclosingPatientId), input.DisclosingPatientId, PatientLink.DisclosingPatientIdMaxLength);
        Id(nameof(input.LocalPatientId), input.LocalPatientId, FacilityPatient.LocalPatientIdMaxLength);
        Text(nameof(input.NameKanji), input.NameKanji, FacilityPatient.NameMaxLength);
        Text(nameof(input.NameKana), input.NameKana, FacilityPatient.NameMaxLength);
        if (!string.IsNullOrEmpty(input.NameKana) && !JapaneseText.IsKatakana(input.NameKana))
        {
            errors.Add(new FieldError(nameof(input.NameKana), "Patients.Error.Kana"));
        }

        Text(nameof(input.ConsentObtainedBy), input.ConsentObtainedBy, PatientLink.PersonMaxLength);
        var sex = PatientFields.Sex(input.Sex);
        if (sex is null)
        {
            errors.Add(new FieldError(nameof(input.Sex), "Patients.Error.Sex"));
        }

        var birth = Date(nameof(input.BirthDate), input.BirthDate, today);
        var consent = Date(nameof(input.ConsentDate), input.ConsentDate, today);
        return errors.Count > 0
            ? (null, errors)
            : (new LinkForm(input.DisclosingPatientId!, input.NameKanji!, input.NameKana!, sex!.Value, birth!.Value,
                input.LocalPatientId!, consent!.Value, input.ConsentObtainedBy!), errors);

        void Text(string field, string? value, int max)
        {
            if (string.IsNullOrEmpty(value))
            {
                errors.Add(new FieldError(field, "Patients.Error.Required"));
            }
            else if (value.Length > max)
            {
                errors.Add(new FieldError(field, "Patients.Error.TooLong", max));
            }
        }

        void Id(string field, string? value, int max)
        {
            Text(field, value, max);
            if (!string.IsNullOrEmpty(value) && value.Length <= max && !PatientFields.IsWellFormedId(value))
            {
                errors.Add(new FieldError(field, "Patients.Error.PatientId"));
            }
        }

        DateOnly? Date(string field, string? value, DateOnly latest)
        {
            if (JapaneseDate.TryParse(value, DateBounds.UpTo(latest), out var date, out var error))
            {
                return date;
            }

            errors.Add(new FieldError(field, error == DateInputError.Empty ? "Patients.Error.Required" : JapaneseDate.MessageKey(error, "Patients.Error.Date"), value!));
            return null;
        }
    }

    private sealed record LinkForm(
        string DisclosingPatientId, string NameKanji, string NameKana, Sex Sex, DateOnly BirthDate,
        string LocalPatientId, DateOnly ConsentDate, string ConsentObtainedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Patient link {LinkId} made for facility patient {FacilityPatientId} at {FacilityCode}")]
    private static partial void LogLinked(ILogger logger, Guid linkId, Guid facilityPatientId, string facilityCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Patient link refused for facility {FacilityId} at {FacilityCode}: {Reason}")]
    private static partial void LogRefused(ILogger logger, Guid facilityId, string facilityCode, string reason);

}
