using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Web.Areas.Council.Shared;

namespace MioKarte.Web.Areas.Council.Facilities;

/// <summary>What became of a council change to a facility (a status move or a contact correction).</summary>
public abstract record FacilityChangeOutcome
{
    private FacilityChangeOutcome()
    {
    }

    /// <summary>Done now, or already done by the same person (a repeated submit): nothing more to do.</summary>
    public sealed record Changed : FacilityChangeOutcome;

    public sealed record NotFound : FacilityChangeOutcome;

    /// <summary>The form is incomplete; the message key (and its arguments) says what to fix.</summary>
    public sealed record Invalid(string MessageKey, params object[] Arguments) : FacilityChangeOutcome;

    /// <summary>Fields of the form are wrong; each error is shown beside its field.</summary>
    public sealed record InvalidFields(IReadOnlyList<FieldError> Errors) : FacilityChangeOutcome;

    /// <summary>Someone changed the facility after the form was shown; <paramref name="ChangedBy"/> is their name.</summary>
    public sealed record Conflict(string ChangedBy) : FacilityChangeOutcome;

    /// <summary>The move is not allowed from the facility's status (e.g. 利用再開 of an active facility, anything after 退会).</summary>
    public sealed record Refused(FacilityStatus Current) : FacilityChangeOutcome;
}

/// <summary>
/// 利用停止 (reason required), 利用再開, 退会 (reason required, final) by the council. The form carries
/// the version it showed: a change made meanwhile by someone else is refused with their name, and a
/// second submit of the same form by the same person finds the move done and changes nothing. The
/// entity's guarded methods refuse an illegal move even if a stale or forged form asks for it.
/// Suspension takes effect for users through <see cref="FacilityAccess"/> at sign-in and through
/// <c>SessionGate</c> at the next request of an open session.
/// </summary>
public sealed class ChangeFacilityStatusHandler(
    MioKarteDbContext db, TimeProvider time, CouncilActorsHandler actors, ILogger<ChangeFacilityStatusHandler> logger) : IUseCaseHandler
{
    public async Task<FacilityChangeOutcome> HandleAsync(Guid facilityId, FacilityEventKind move, Guid version, string? reason, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var facility = await db.Facilities.SingleOrDefaultAsync(f => f.Id == facilityId);
        if (facility is null)
        {
            return new FacilityChangeOutcome.NotFound();
        }

        if (facility.Version != version)
        {
            return await StaleAsync(db, actors, facilityId, actor.UserName, move, alreadyDone: facility.Status == StatusAfter(move));
        }

        reason = reason?.Trim();
        if (move is FacilityEventKind.Suspended or FacilityEventKind.Withdrawn)
        {
            if (string.IsNullOrEmpty(reason))
            {
                return new FacilityChangeOutcome.Invalid("Facilities.Error.ReasonRequired");
            }

            if (reason.Length > Facility.MaxReasonLength)
            {
                return new FacilityChangeOutcome.Invalid("Facilities.Error.ReasonTooLong", Facility.MaxReasonLength);
            }
        }

        if (!Facility.CanMove(facility.Status, move))
        {
            return new FacilityChangeOutcome.Refused(facility.Status);
        }

        var now = time.GetUtcNow().UtcDateTime;
        switch (move)
        {
            case FacilityEventKind.Suspended:
                facility.Suspend(actor.UserName, reason!, now);
                break;
            case FacilityEventKind.Reinstated:
                facility.Reinstate(actor.UserName, now);
                break;
            case FacilityEventKind.Withdrawn:
                facility.Withdraw(actor.UserName, reason!, now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(move), move, "Not a status move.");
        }

        if (!await db.TrySaveAtVersionAsync(facility, version))
        {
            return await StaleAsync(db, actors, facilityId, actor.UserName, move, alreadyDone: false);
        }

        logger.LogInformation("Facility {FacilityCode}: {Move}", facility.Code, move);
        return new FacilityChangeOutcome.Changed();
    }

    /// <summary>
    /// The form's version is out of date. When the latest change is this very change by this very
    /// person (a double click, a reload of the POST), it is already done; otherwise someone else
    /// changed the facility and their name is given.
    /// </summary>
    internal static async Task<FacilityChangeOutcome> StaleAsync(
        MioKarteDbContext db, CouncilActorsHandler actors, Guid facilityId, string actor, FacilityEventKind move, bool alreadyDone)
    {
        var last = await db.Set<FacilityEvent>().AsNoTracking()
            .Where(e => EF.Property<Guid>(e, "FacilityId") == facilityId)
            .OrderByDescending(e => e.Id)
            .Select(e => new { e.Kind, e.Actor })
            .FirstOrDefaultAsync();
        if (alreadyDone && last is not null && last.Kind == move && string.Equals(last.Actor, actor, StringComparison.Ordinal))
        {
            return new FacilityChangeOutcome.Changed();
        }

        // A facility always has its registration event; the stored actor of the status is the fallback.
        var changedBy = last?.Actor ?? await db.Facilities.Where(f => f.Id == facilityId).Select(f => f.StatusChangedBy).SingleAsync();
        return new FacilityChangeOutcome.Conflict(await actors.DisplayNameAsync(changedBy));
    }

    private static FacilityStatus? StatusAfter(FacilityEventKind move) => move switch
    {
        FacilityEventKind.Suspended => FacilityStatus.Suspended,
        FacilityEventKind.Reinstated => FacilityStatus.Active,
        FacilityEventKind.Withdrawn => FacilityStatus.Withdrawn,
        FacilityEventKind.Registered or FacilityEventKind.ContactsChanged or FacilityEventKind.AdministratorRestoreRequested
            or FacilityEventKind.AdministratorRestored or FacilityEventKind.AdministratorRestoreCancelled
            or FacilityEventKind.PasskeySignInAllowed or FacilityEventKind.PasskeySignInDisallowed => null,
    };
}
