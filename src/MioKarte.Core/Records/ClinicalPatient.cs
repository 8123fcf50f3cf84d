using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;

namespace MioKarte.Core.Records;

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
