using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Incidents;

namespace MioKarte.Web.Areas.FacilityAdmin.Incidents;

/// <summary>What someone does to an incident after it is reported.</summary>
public enum IncidentMove
{
    Comment,        // コメントする (council or facility)
    StartHandling,  // 対応中にする (council)
    Complete,       // 完了にする (council)
}

public abstract record IncidentMoveOutcome
{
    private IncidentMoveOutcome()
    {
    }

    public sealed record NotFound : IncidentMoveOutcome;

    /// <summary>A comment was needed (or too long): resource key of the message.</summary>
    public sealed record Invalid(string MessageKey) : IncidentMoveOutcome;

    /// <summary>Someone else changed the incident after the page was shown; nothing was saved.</summary>
    public sealed record Conflict(string ChangedBy) : IncidentMoveOutcome;

    /// <summary>The incident's status does not allow the move (e.g. commenting on a completed one).</summary>
    public sealed record NotAllowed : IncidentMoveOutcome;

    public sealed record Done : IncidentMoveOutcome;
}

/// <summary>
/// A comment or a status move on an incident, checked against the version the page showed and
/// saved with that version as the concurrency token: of two people acting on the same page, the
/// second is told who changed it first. <c>acting</c> limits the facility to its own reports;
/// only the council (null) may change the status.
/// </summary>
public sealed class MoveIncidentHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public async Task<IncidentMoveOutcome> HandleAsync(
        Guid id, IActingFacility? acting, Guid version, IncidentMove move, string? comment, IncidentActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var incident = await db.SecurityIncidents
            .ForFacilityUnlessCouncil(acting)
            .Where(i => i.Id == id)
            .Include(i => i.Events)
            .SingleOrDefaultAsync(cancellationToken);
        if (incident is null)
        {
            return new IncidentMoveOutcome.NotFound();
        }

        if (incident.Version != version)
        {
            return new IncidentMoveOutcome.Conflict(incident.UpdatedBy);
        }

        if (comment is { Length: > SecurityIncident.CommentMaxLength })
        {
            return new IncidentMoveOutcome.Invalid("Incident.Error.CommentTooLong");
        }

        if (move == IncidentMove.Comment && string.IsNullOrWhiteSpace(comment))
        {
            return new IncidentMoveOutcome.Invalid("Incident.Error.CommentRequired");
        }

        if (move != IncidentMove.Comment && !actor.IsCouncil)
        {
            return new IncidentMoveOutcome.NotAllowed();
        }

        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            switch (move)
            {
                case IncidentMove.Comment:
                    incident.Comment(actor, comment!, now);
                    break;
                case IncidentMove.StartHandling:
                    incident.StartHandling(actor, comment, now);
                    break;
                case IncidentMove.Complete:
                    incident.Complete(actor, comment, now);
                    break;
                default:
                    return new IncidentMoveOutcome.NotAllowed();
            }
        }
        catch (WorkflowException)
        {
            return new IncidentMoveOutcome.NotAllowed();
        }

        return await db.TrySaveAtVersionAsync(incident, version, cancellationToken)
            ? new IncidentMoveOutcome.Done()
            : new IncidentMoveOutcome.Conflict(
                await db.SecurityIncidents.ForFacilityUnlessCouncil(acting).Where(i => i.Id == id).Select(i => i.UpdatedBy).SingleOrDefaultAsync(cancellationToken) ?? "");
    }
}
