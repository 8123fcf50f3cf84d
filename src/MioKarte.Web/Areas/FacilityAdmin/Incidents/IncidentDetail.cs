using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Incidents;

namespace MioKarte.Web.Areas.FacilityAdmin.Incidents;

/// <summary>One incident as both the facility and the council read it, with its history.</summary>
public sealed record IncidentDetail(
    Guid Id,
    string ReferenceNumber,
    string FacilityCode,
    string FacilityName,
    IncidentKind Kind,
    IncidentStatus Status,
    DateTime OccurredAtUtc,
    DateTime ReportedAtUtc,
    string ReportedByName,
    string Description,
    string AffectedPatients,
    string MeasuresTaken,
    IReadOnlyList<IncidentTerminalRow> Terminals,
    IReadOnlyList<IncidentUserRow> Users,
    IReadOnlyList<IncidentHistoryRow> History,
    Guid Version)
{
    /// <summary>A one-line result after a redirect (resource key), e.g. the report was received.</summary>
    public string? DoneKey { get; init; }

    /// <summary>「…がすでに変更しました」 or why the move was refused.</summary>
    public string? Error { get; init; }

    /// <summary>The comment typed before a refused move, shown again.</summary>
    public string? DraftComment { get; init; }
}

public sealed record IncidentTerminalRow(Guid CertificateId, string TerminalName, string SerialNumber, bool RevokedByReport);

public sealed record IncidentUserRow(string UserName, string DisplayName);

public sealed record IncidentHistoryRow(DateTime AtUtc, IncidentEventKind Kind, IncidentStatus Status, string ActorName, bool ByCouncil, string? Comment);

/// <summary>
/// Reads one incident. <c>acting</c> limits it to that facility's own reports (the facility's
/// screens); null reads any (the council). Another facility's incident is "not found".
/// </summary>
public sealed class IncidentDetailHandler(MioKarteDbContext db) : IUseCaseHandler
{
    public async Task<IncidentDetail?> HandleAsync(Guid id, IActingFacility? acting, CancellationToken cancellationToken = default)
    {
        var incident = await db.SecurityIncidents.AsNoTracking()
            .ForFacilityUnlessCouncil(acting)
            .Where(i => i.Id == id)
            .Include(i => i.Terminals).Include(i => i.Users).Include(i => i.Events)
            .AsSplitQuery()
            .SingleOrDefaultAsync(cancellationToken);
        if (incident is null)
        {
            return null;
        }

        var facility = await db.Facilities.AsNoTracking().Where(f => f.Id == incident.FacilityId)
            .Select(f => new { f.Code, f.Name }).SingleAsync(cancellationToken);
        return new IncidentDetail(
            incident.Id, incident.ReferenceNumber, facility.Code, facility.Name, incident.Kind, incident.Status,
            incident.OccurredAtUtc, incident.ReportedAtUtc, incident.ReportedByName,
            incident.Description, incident.AffectedPatients, incident.MeasuresTaken,
            incident.Terminals.OrderBy(t => t.TerminalName, StringComparer.Ordinal)
                .Select(t => new IncidentTerminalRow(t.CertificateId, t.TerminalName, t.SerialNumber, t.RevokedByReport)).ToList(),
            incident.Users.OrderBy(u => u.UserName, StringComparer.Ordinal).Select(u => new IncidentUserRow(u.UserName, u.DisplayName)).ToList(),
            incident.Events.OrderBy(e => e.AtUtc).ThenBy(e => e.Id)
                .Select(e => new IncidentHistoryRow(e.AtUtc, e.Kind, e.Status, e.ActorName, e.ByCouncil, e.Comment)).ToList(),
            incident.Version);
    }
}
