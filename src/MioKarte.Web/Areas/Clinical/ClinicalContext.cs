using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.DataCenter;
using MioKarte.Core.Facilities;
using MioKarte.Core.Text;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Clinical;

/// <summary>
/// Who acts in the Clinical area: the signed-in user, their (viewing) facility and the terminal,
/// for scoping every query, the access log and the data center's audit headers.
/// </summary>
public sealed partial record ClinicalActor(AccessActor Access, Guid FacilityId, string UserName)
{
    public string UserId => Access.UserId;

    public static ClinicalActor Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var access = PortalPolicies.ActorOf(context);
        // The policies of this area require the facility claim: a user without one never gets here.
        var facility = access.FacilityId ?? throw new InvalidOperationException("The Clinical area requires a facility member.");
        return new ClinicalActor(access, facility, access.UserName);
    }

    /// <summary>
    /// The data center's audit headers: the user, the viewing facility's 保険医療機関番号 (or its
    /// 施設コード when it has none), and the request id that the portal's access log also carries.
    /// </summary>
    public async Task<ActingContext> ActingAsync(MioKarteDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var facility = await db.Facilities.AsNoTracking()
            .Where(f => f.Id == FacilityId)
            .Select(f => new { f.InstitutionCode, f.Code })
            .SingleAsync(cancellationToken);
        return new ActingContext(UserId, facility.InstitutionCode ?? facility.Code, Access.RequestId);
    }

    /// <summary>
    /// Asks the data center on this actor's behalf about a patient at <paramref name="facilityCode"/>.
    /// Not answered when no gateway is configured or the center could not be asked; a failure is
    /// logged with the facility's code only (never the patient).
    /// </summary>
    public async Task<(bool Answered, T? Answer)> AskDataCenterAsync<T>(
        MioKarteDbContext db, IServiceProvider services, ILogger logger, string facilityCode,
        Func<DataCenterClient, ActingContext, Task<T>> ask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(ask);
        if (services.GetService<DataCenterClient>() is not { } center)
        {
            return (false, default);
        }

        try
        {
            return (true, await ask(center, await ActingAsync(db, cancellationToken)));
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

/// <summary>How the Clinical forms read what people type about a patient: ids, dates and sex.</summary>
public static class PatientFields
{
    /// <summary>A patient id as typed: NFKC (全角 → ASCII), spaces removed. Null stays null.</summary>
    public static string? Id(string? value) => JapaneseText.Clean(value)?.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Letters, digits, "-" and "_" only: what facilities use as 患者ID.</summary>
    public static bool IsWellFormedId(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A date typed as 2026-11-24, 2026/11/24 or 2026/1/5 (full-width digits too); null when it is none.</summary>
    public static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(JapaneseText.Clean(value)?.Replace('/', '-'), ["yyyy-MM-dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>The sex radio button's value (Male, Female, Other); null for anything else.</summary>
    public static Sex? Sex(string? value) => value switch
    {
        nameof(Core.DataCenter.Sex.Male) => Core.DataCenter.Sex.Male,
        nameof(Core.DataCenter.Sex.Female) => Core.DataCenter.Sex.Female,
        nameof(Core.DataCenter.Sex.Other) => Core.DataCenter.Sex.Other,
        _ => null,
    };
}

/// <summary>A patient of the user's facility as the pages head it (the viewing facility's own data).</summary>
/// <remarks>Under an emergency grant: the disclosing facility's patient id and demographics; the birth date may then be unknown.</remarks>
public sealed record ClinicalPatient(Guid Id, string LocalPatientId, string NameKanji, string NameKana, Sex Sex, DateOnly? BirthDate)
{
    /// <summary>The patient when it is one of <paramref name="facilityId"/>'s; null otherwise (the pages answer 404).</summary>
    public static Task<ClinicalPatient?> FindAsync(MioKarteDbContext db, Guid facilityId, Guid patientId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.FacilityPatients.AsNoTracking()
            .Where(p => p.Id == patientId && p.FacilityId == facilityId)
            .Select(p => new ClinicalPatient(p.Id, p.LocalPatientId, p.NameKanji, p.NameKana, p.Sex, (DateOnly?)p.BirthDate))
            .SingleOrDefaultAsync(cancellationToken);
    }
}

/// <summary>The disclosing facilities a patient can be linked to: active, role Disclosing, with a 10-digit code at the data center.</summary>
public sealed record DisclosingFacilityChoice(Guid Id, string Code, string Name, string InstitutionCode)
{
    public static Task<List<DisclosingFacilityChoice>> ListAsync(MioKarteDbContext db, CancellationToken cancellationToken = default) =>
        Project(Choices(db).OrderBy(f => f.Code)).ToListAsync(cancellationToken);

    /// <summary>The chosen facility (the form's value) when it is one of the choices; else null.</summary>
    public static async Task<DisclosingFacilityChoice?> FindAsync(MioKarteDbContext db, string? chosen, CancellationToken cancellationToken = default) =>
        Guid.TryParse(chosen, out var id) ? await Project(Choices(db).Where(f => f.Id == id)).FirstOrDefaultAsync(cancellationToken) : null;

    private static IQueryable<Facility> Choices(MioKarteDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Facilities.AsNoTracking()
            .Where(f => f.Role == FacilityRole.Disclosing && f.Status == FacilityStatus.Active && f.InstitutionCode != null);
    }

    private static IQueryable<DisclosingFacilityChoice> Project(IQueryable<Facility> facilities) =>
        facilities.Select(f => new DisclosingFacilityChoice(f.Id, f.Code, f.Name, f.InstitutionCode!));
}
