using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Incidents;

namespace MioKarte.Web.Areas.FacilityAdmin.Incidents;

public sealed record IncidentListRow(
    Guid Id, string ReferenceNumber, Guid FacilityId, string FacilityCode, string FacilityName, IncidentKind Kind, IncidentStatus Status,
    DateTime OccurredAtUtc, DateTime ReportedAtUtc, DateTime UpdatedAtUtc, string UpdatedBy);

/// <summary>The facility's own incident reports, newest first (a facility reports few: no paging).</summary>
public sealed class FacilityIncidentListHandler(MioKarteDbContext db) : IUseCaseHandler
{
    public Task<List<IncidentListRow>> HandleAsync(IActingFacility acting, CancellationToken cancellationToken = default) =>
        Rows(db, db.SecurityIncidents.AsNoTracking().ForFacility(acting)).ToListAsync(cancellationToken);

    /// <summary><paramref name="incidents"/> as list rows with their facility, newest report first (the council filters further).</summary>
    public static IQueryable<IncidentListRow> Rows(MioKarteDbContext db, IQueryable<SecurityIncident> incidents)
    {
        ArgumentNullException.ThrowIfNull(db);
        return incidents
            .Join(db.Facilities, i => i.FacilityId, f => f.Id, (i, f) => new { Incident = i, f.Id, f.Code, f.Name })
            .OrderByDescending(x => x.Incident.ReportedAtUtc).ThenBy(x => x.Incident.ReferenceNumber)
            .Select(x => new IncidentListRow(
                x.Incident.Id, x.Incident.ReferenceNumber, x.Id, x.Code, x.Name, x.Incident.Kind, x.Incident.Status,
                x.Incident.OccurredAtUtc, x.Incident.ReportedAtUtc, x.Incident.UpdatedAtUtc, x.Incident.UpdatedBy));
    }
}
