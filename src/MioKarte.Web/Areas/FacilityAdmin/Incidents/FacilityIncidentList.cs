using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Incidents;

namespace MioKarte.Web.Areas.FacilityAdmin.Incidents;

public sealed record IncidentListRow(
    Guid Id, string ReferenceNumber, string FacilityCode, string FacilityName, IncidentKind Kind, IncidentStatus Status,
    DateTime OccurredAtUtc, DateTime ReportedAtUtc, DateTime UpdatedAtUtc, string UpdatedBy, int Terminals);

/// <summary>The facility's own incident reports, newest first (a facility reports few: no paging).</summary>
public sealed class FacilityIncidentListHandler(MioKarteDbContext db)
{
    public Task<List<IncidentListRow>> HandleAsync(Guid facilityId, CancellationToken cancellationToken = default) =>
        Rows(db, db.SecurityIncidents.AsNoTracking().Where(i => i.FacilityId == facilityId)).ToListAsync(cancellationToken);

    /// <summary>Every incident as a list row, newest report first (the council filters further).</summary>
    public static IQueryable<IncidentListRow> Rows(MioKarteDbContext db, IQueryable<SecurityIncident>? incidents = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        return (incidents ?? db.SecurityIncidents.AsNoTracking())
            .OrderByDescending(i => i.ReportedAtUtc).ThenBy(i => i.ReferenceNumber)
            .Select(i => new IncidentListRow(
                i.Id, i.ReferenceNumber,
                db.Facilities.Where(f => f.Id == i.FacilityId).Select(f => f.Code).First(),
                db.Facilities.Where(f => f.Id == i.FacilityId).Select(f => f.Name).First(),
                i.Kind, i.Status, i.OccurredAtUtc, i.ReportedAtUtc, i.UpdatedAtUtc, i.UpdatedBy, i.Terminals.Count));
    }
}
