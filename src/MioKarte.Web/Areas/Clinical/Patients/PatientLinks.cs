using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Gateway;
using MioKarte.Core.Hosting;
using MioKarte.Core.Patients;
using MioKarte.Core.Records;

namespace MioKarte.Web.Areas.Clinical.Patients;

public sealed record PatientLinkRow(
    Guid Id, string FacilityCode, string FacilityName, string DisclosingPatientId, DateOnly ConsentDate, string ConsentObtainedBy,
    bool HasScan, DateTime? ConsentValidUntilUtc, DateTime LinkedAtUtc, string LinkedBy,
    DateTime? WithdrawnAtUtc, string? WithdrawnBy, string? WithdrawalReason, bool IsActive, Guid Version);

public sealed record PatientLinksPage(ClinicalPatient Patient, IReadOnlyList<PatientLinkRow> Links)
{
    public string? Done { get; init; }

    public string? Error { get; init; }

    public Guid? FailedLink { get; init; }

    public string? Reason { get; init; }
}

/// <summary>
/// 連携先の一覧 of one patient of the user's facility: every link, open and withdrawn (history is
/// kept). Another facility's patient id gives null (the controller answers 404).
/// </summary>
public sealed class PatientLinksHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public async Task<PatientLinksPage?> HandleAsync(Actor actor, Guid patientId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = time.GetUtcNow().UtcDateTime;
        var patient = await ClinicalPatient.FindAsync(db, actor, patientId, cancellationToken);
        if (patient is null)
        {
            return null;
        }

        var links = await db.PatientLinks.AsNoTracking()
            .ForFacility(actor)
            .Where(l => l.FacilityPatientId == patientId)
            .Join(db.Facilities, l => l.DisclosingFacilityId, f => f.Id, (l, f) => new { Link = l, f.Code, f.Name })
            .ToListAsync(cancellationToken);
        // Who linked and who withdrew are stored by 利用者ID; a colleague reads them by name.
        var userNames = links.SelectMany(x => new[] { x.Link.LinkedBy, x.Link.WithdrawnBy }).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking()
            .ForFacility(actor)
            .Where(u => userNames.Contains(u.UserName!))
            .ToDictionaryAsync(u => u.UserName!, u => u.DisplayName, cancellationToken);
        string Person(string userName) => names.TryGetValue(userName, out var name) && name.Length > 0 ? name : userName;
        var rows = links
            .OrderBy(x => x.Link.WithdrawnAtUtc is null ? 0 : 1).ThenByDescending(x => x.Link.LinkedAtUtc)
            .Select(x => new PatientLinkRow(
                x.Link.Id, x.Code, x.Name, x.Link.DisclosingPatientId, x.Link.ConsentDate, x.Link.ConsentObtainedBy,
                x.Link.ConsentScanFile is not null, x.Link.ConsentValidUntilUtc, x.Link.LinkedAtUtc, Person(x.Link.LinkedBy),
                x.Link.WithdrawnAtUtc, x.Link.WithdrawnBy is { } by ? Person(by) : null, x.Link.WithdrawalReason, x.Link.IsActiveAt(now), x.Link.Version))
            .ToList();
        return new PatientLinksPage(patient, rows);
    }
}

public abstract record WithdrawOutcome
{
    private WithdrawOutcome()
    {
    }

    /// <summary>Withdrawn now, or already withdrawn by the same form (a double submit).</summary>
    public sealed record Withdrawn : WithdrawOutcome;

    public sealed record NotFound : WithdrawOutcome;

    public sealed record ReasonRequired : WithdrawOutcome;

    public sealed record Conflict(string ChangedBy) : WithdrawOutcome;

    /// <summary>The data center could not set its Consent inactive: nothing was withdrawn (try again).</summary>
    public sealed record DataCenterUnavailable : WithdrawOutcome;
}

/// <summary>
/// 同意撤回: ends the link from this instant, with the reason; the link stays as history. Saved
/// together with its access-log row, and committed only once the data center has set the link's
/// Consent inactive (a center that cannot be reached leaves the link as it was, with a message).
/// Idempotent: a second submit finds it withdrawn.
/// </summary>
public sealed partial class WithdrawConsentHandler(
    MioKarteDbContext db, AccessLogWriter accessLog, ISharedRecordSource center, TimeProvider time, ILogger<WithdrawConsentHandler> logger) : IUseCaseHandler
{
    public async Task<WithdrawOutcome> HandleAsync(Actor actor, Guid patientId, Guid linkId, Guid shownVersion, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var link = await db.PatientLinks
            .ForFacility(actor)
            .FirstOrDefaultAsync(l => l.Id == linkId && l.FacilityPatientId == patientId, cancellationToken);
        if (link is null)
        {
            return new WithdrawOutcome.NotFound();
        }

        if (link.WithdrawnAtUtc is not null)
        {
            return new WithdrawOutcome.Withdrawn();
        }

        reason = Core.Text.JapaneseText.Clean(reason);
        if (string.IsNullOrEmpty(reason) || reason.Length > PatientLink.ReasonMaxLength)
        {
            return new WithdrawOutcome.ReasonRequired();
        }

        if (link.Version != shownVersion)
        {
            return new WithdrawOutcome.Conflict(link.LinkedBy);
        }

        var now = time.GetUtcNow().UtcDateTime;
        link.Withdraw(actor.UserName, reason, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await accessLog.AppendAsync(actor, new AccessRecord(AccessAction.ConsentWithdrawn, patientId, linkId), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var current = await db.PatientLinks.AsNoTracking().ForFacility(actor).Where(l => l.Id == linkId).Select(l => new { l.WithdrawnAtUtc, l.WithdrawnBy }).SingleAsync(cancellationToken);
            return current.WithdrawnAtUtc is not null ? new WithdrawOutcome.Withdrawn() : new WithdrawOutcome.Conflict(current.WithdrawnBy ?? "");
        }

        // The center must hear of it (a portal without a gateway: the stand-in source has nobody to tell).
        var disclosing = await db.Facilities.AsNoTracking().Where(f => f.Id == link.DisclosingFacilityId)
            .Select(f => new { f.Code, f.InstitutionCode }).SingleAsync(cancellationToken);
        var consent = new CenterConsent(CenterConsentKind.PatientLink, link.Id, disclosing.InstitutionCode ?? disclosing.Code, link.DisclosingPatientId,
            new DateTimeOffset(link.LinkedAtUtc, TimeSpan.Zero), new DateTimeOffset(now, TimeSpan.Zero), CenterConsentState.Inactive);
        var (answered, _) = await actor.AskDataCenterAsync(db, center, logger, disclosing.Code,
            (source, acting) => source.PutConsentAsync(consent, acting, cancellationToken), cancellationToken);
        if (!answered)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return new WithdrawOutcome.DataCenterUnavailable();
        }

        await transaction.CommitAsync(cancellationToken);
        LogWithdrawn(logger, linkId);
        return new WithdrawOutcome.Withdrawn();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consent withdrawn: patient link {LinkId} ended")]
    private static partial void LogWithdrawn(ILogger logger, Guid linkId);
}

/// <summary>A stored 同意書 scan to stream: its file and checked content type.</summary>
public sealed record ConsentScanDownload(string Path, string ContentType, string DownloadName);

/// <summary>
/// 同意書の画像: the stored scan of a link of the user's facility, each view written to the access
/// log. Null for another facility's link, a link without a scan, or a missing file.
/// </summary>
public sealed class ConsentScanHandler(MioKarteDbContext db, AccessLogWriter accessLog, ConsentScanStore scans) : IUseCaseHandler
{
    public async Task<ConsentScanDownload?> HandleAsync(Actor actor, Guid patientId, Guid linkId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var link = await db.PatientLinks.AsNoTracking()
            .ForFacility(actor)
            .Where(l => l.Id == linkId && l.FacilityPatientId == patientId)
            .Select(l => new { l.ConsentScanFile, l.ConsentScanContentType })
            .FirstOrDefaultAsync(cancellationToken);
        if (link?.ConsentScanFile is not { } file || link.ConsentScanContentType is not { } type
            || type is not (ConsentScanFormat.Pdf or ConsentScanFormat.Jpeg or ConsentScanFormat.Png)
            || scans.Find(file) is not { } path)
        {
            return null;
        }

        await accessLog.AppendAsync(actor, new AccessRecord(AccessAction.ConsentScan, patientId, linkId), cancellationToken);
        return new ConsentScanDownload(path, type, "consent-" + linkId.ToString("N")[..8] + ConsentScanFormat.Extension(type));
    }
}
