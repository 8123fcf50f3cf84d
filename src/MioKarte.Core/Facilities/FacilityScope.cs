using MioKarte.Core.Common;
using MioKarte.Core.Identity;

namespace MioKarte.Core.Facilities;

/// <summary>
/// A row that belongs to exactly one facility and that people of that facility read and change: every
/// query on it goes through <see cref="FacilityScope.ForFacility{T}"/> (checked by <c>FacilityScopingTests</c>).
/// </summary>
public interface IFacilityOwned
{
    Guid FacilityId { get; }
}

/// <summary>
/// Facility scoping, the one place that compares a row's facility with the acting facility (the access log,
/// whose rows are not <see cref="IFacilityOwned"/>, has its own beside it: <c>AccessLog/AccessLogScope</c>). A query on a
/// facility-owned entity calls <see cref="ForFacility{T}"/>; a hand-written <c>FacilityId ==</c> anywhere
/// else fails <c>FacilityScopingTests</c>. Council-wide views (the council acts for no facility) pick a
/// facility with <see cref="OfFacility{T}"/> and are listed, with their reason, in that test's allowlist.
/// </summary>
public static class FacilityScope
{
    /// <summary>The rows of <paramref name="actor"/>'s facility only.</summary>
    public static IQueryable<T> ForFacility<T>(this IQueryable<T> query, IActingFacility actor)
        where T : class, IFacilityOwned
    {
        ArgumentNullException.ThrowIfNull(actor);
        var facilityId = actor.FacilityId;
        return query.Where(row => row.FacilityId == facilityId);
    }

    /// <summary>The users of <paramref name="actor"/>'s facility only (council users have none, so never match).</summary>
    public static IQueryable<PortalUser> ForFacility(this IQueryable<PortalUser> users, IActingFacility actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var facilityId = actor.FacilityId;
        return users.Where(u => u.FacilityId == facilityId);
    }

    /// <summary>
    /// The facility's rows for a facility member, every facility's for the council (<paramref name="actor"/>
    /// null): for pages the council and a facility share, e.g. an incident report.
    /// </summary>
    public static IQueryable<T> ForFacilityUnlessCouncil<T>(this IQueryable<T> query, IActingFacility? actor)
        where T : class, IFacilityOwned =>
        actor is null ? query : query.ForFacility(actor);

    /// <summary>A chosen facility's rows, for council-wide views and jobs that act for no facility (allowlisted).</summary>
    public static IQueryable<T> OfFacility<T>(this IQueryable<T> query, Guid facilityId)
        where T : class, IFacilityOwned =>
        query.Where(row => row.FacilityId == facilityId);

    /// <inheritdoc cref="OfFacility{T}"/>
    public static IQueryable<PortalUser> OfFacility(this IQueryable<PortalUser> users, Guid facilityId) =>
        users.Where(u => u.FacilityId == facilityId);

    /// <summary>Whether a row already loaded belongs to <paramref name="actor"/>'s facility.</summary>
    public static bool Owns(this IActingFacility actor, IFacilityOwned row)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(row);
        return row.FacilityId == actor.FacilityId;
    }
}
