using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Incidents;
using MioKarte.Web.Areas.FacilityAdmin.Incidents;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Incidents;

/// <summary>The council's filters: status (open = 報告済 and 対応中, the default), kind, facility code.</summary>
public sealed record IncidentQueueFilter(string Status, IncidentKind? Kind, string? Facility)
{
    public const string Open = "open";
    public const string All = "all";

    public static IncidentQueueFilter From(string? status, string? kind, string? facility) => new(
        status is All ? All : ListQuery.Filter<IncidentStatus>(status)?.ToString() ?? Open,
        ListQuery.Filter<IncidentKind>(kind),
        string.IsNullOrWhiteSpace(facility) ? null : facility.Trim().ToUpperInvariant());

    public string Query =>
        $"status={Uri.EscapeDataString(Status)}&kind={Kind}&facility={Uri.EscapeDataString(Facility ?? "")}";
}

public sealed record CouncilIncidentQueue(IncidentQueueFilter Filter, IReadOnlyList<IncidentListRow> Rows, int Page, int PageCount, int Total, int OpenCount);

/// <summary>事故報告の一覧 for the council: every facility's reports, open ones first by default.</summary>
public sealed class CouncilIncidentQueueHandler(MioKarteDbContext db) : IUseCaseHandler
{
    private const int PageSize = 30;

    public async Task<CouncilIncidentQueue> HandleAsync(IncidentQueueFilter filter, int page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var incidents = db.SecurityIncidents.AsNoTracking();
        if (filter.Status == IncidentQueueFilter.Open)
        {
            incidents = incidents.Where(i => i.Status != IncidentStatus.Completed);
        }
        else if (Enum.TryParse<IncidentStatus>(filter.Status, out var status))
        {
            incidents = incidents.Where(i => i.Status == status);
        }
        if (filter.Kind is { } kind)
        {
            incidents = incidents.Where(i => i.Kind == kind);
        }

        if (filter.Facility is { } code)
        {
            incidents = incidents.Where(i => db.Facilities.Any(f => f.Id == i.FacilityId && f.Code == code));
        }

        var rows = await FacilityIncidentListHandler.Rows(db, incidents).PageAsync(page, PageSize, cancellationToken);
        var open = await db.SecurityIncidents.CountAsync(i => i.Status != IncidentStatus.Completed, cancellationToken);
        return new CouncilIncidentQueue(filter, rows.Rows, rows.Page, rows.PageCount, rows.Total, open);
    }
}
