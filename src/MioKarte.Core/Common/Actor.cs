namespace MioKarte.Core.Common;

/// <summary>
/// 閲覧する医師・職員 (the acting user): who acts in this request — the signed-in user, their facility
/// (none for council staff and system administrators), roles and 利用権, the terminal whose certificate
/// came with the request, and the request id the access log and the data center's audit carry. Built once
/// per request from the sign-in cookie's claims by the web layer (<c>Actors.From</c>) and passed to every
/// handler as a parameter; a handler never reads the request or its user itself.
/// </summary>
/// <remarks>
/// Roles and rights are the claims' names (<c>PortalRoles</c>, <c>UserRights</c>): the shared kernel uses no
/// feature folder, so they are compared by name here.
/// </remarks>
public sealed record Actor(
    string UserId,
    string UserName,
    string DisplayName,
    Guid? FacilityId,
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> Rights,
    Guid? TerminalCertificateId,
    string? TerminalName,
    string RequestId,
    Guid? SessionId = null) : IActingFacility
{
    /// <summary>
    /// The actor's facility. The policies of the Clinical and FacilityAdmin areas require the facility claim,
    /// so a handler there can rely on it; should one be reached without it (a bug), this fails closed.
    /// </summary>
    public Guid Facility => FacilityId
        ?? throw new InvalidOperationException($"Acting for a facility requires a facility member; {UserId} belongs to none.");

    /// <summary>The name shown for the actor in histories and messages: 表示名, or the 利用者ID when there is none.</summary>
    public string ShownName => DisplayName is { Length: > 0 } ? DisplayName : UserName;

    Guid IActingFacility.FacilityId => Facility;

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>Whether the actor holds the 利用権 <paramref name="right"/> (a <c>UserRights</c> value).</summary>
    public bool Has<TRight>(TRight right)
        where TRight : struct, Enum => Rights.Contains(right.ToString());
}

/// <summary>
/// Someone acting for one facility, the one thing facility scoping (<c>ForFacility</c>) needs from an
/// actor. <see cref="Actor"/> is it (its <see cref="Actor.Facility"/>, failing closed for a user without
/// one); a council-wide page names no facility explicitly instead (<c>ForFacilityUnlessCouncil(null)</c>).
/// </summary>
public interface IActingFacility
{
    Guid FacilityId { get; }
}
