using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.DataCenter;
using MioKarte.Core.Facilities;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Clinical;

/// <summary>
/// Who acts in the Clinical area: the signed-in user, their (viewing) facility and the terminal,
/// for scoping every query, the access log and the data center's audit headers.
/// </summary>
public sealed record ClinicalActor(AccessActor Access, Guid FacilityId, string UserName)
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
}

/// <summary>A patient of the user's facility as the pages head it (the viewing facility's own data).</summary>
public sealed record ClinicalPatient(Guid Id, string LocalPatientId, string NameKanji, string NameKana, Sex Sex, DateOnly BirthDate)
{
    /// <summary>The patient when it is one of <paramref name="facilityId"/>'s; null otherwise (the pages answer 404).</summary>
    public static Task<ClinicalPatient?> FindAsync(MioKarteDbContext db, Guid facilityId, Guid patientId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.FacilityPatients.AsNoTracking()
            .Where(p => p.Id == patientId && p.FacilityId == facilityId)
            .Select(p => new ClinicalPatient(p.Id, p.LocalPatientId, p.NameKanji, p.NameKana, p.Sex, p.BirthDate))
            .SingleOrDefaultAsync(cancellationToken);
    }
}

/// <summary>The disclosing facilities a patient can be linked to: active, role Disclosing, with a 10-digit code at the data center.</summary>
public sealed record DisclosingFacilityChoice(Guid Id, string Code, string Name, string InstitutionCode)
{
    public static Task<List<DisclosingFacilityChoice>> ListAsync(MioKarteDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Facilities.AsNoTracking()
            .Where(f => f.Role == FacilityRole.Disclosing && f.Status == FacilityStatus.Active && f.InstitutionCode != null)
            .OrderBy(f => f.Code)
            .Select(f => new DisclosingFacilityChoice(f.Id, f.Code, f.Name, f.InstitutionCode!))
            .ToListAsync(cancellationToken);
    }
}
