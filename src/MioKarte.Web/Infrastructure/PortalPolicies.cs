using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Authorization policies for a facility's people, from their 利用権 (<see cref="UserRights"/>).
/// A controller names a policy; the right itself travels as a <c>mio:right</c> claim. Taking a
/// right away renews the security stamp, so the session ends on its next request (SessionGate).
/// </summary>
public static class PortalPolicies
{
    /// <summary>診療情報の閲覧: the record timeline, details, images, prints.</summary>
    public const string ViewClinicalData = nameof(ViewClinicalData);

    /// <summary>患者IDの登録 and 同意撤回.</summary>
    public const string RegisterPatientLinks = nameof(RegisterPatientLinks);

    /// <summary>The 管理責任者's console: users, terminals, incidents, the facility's access log.</summary>
    public const string ManageFacility = nameof(ManageFacility);

    /// <summary>
    /// A member of a facility: the floor of every page of the Clinical and FacilityAdmin areas, put
    /// there by convention (Access.FacilityAreaConvention) whatever policy the controller names.
    /// </summary>
    public const string FacilityMember = nameof(FacilityMember);

    public static AuthorizationBuilder AddFacilityPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddPolicy(FacilityMember, p => p.RequireAuthenticatedUser().RequireClaim(PortalClaims.FacilityId))
            .AddPolicy(ViewClinicalData, p => p.RequireClaim(PortalClaims.FacilityId).RequireClaim(PortalClaims.Right, nameof(UserRights.ViewClinicalData)))
            .AddPolicy(RegisterPatientLinks, p => p.RequireClaim(PortalClaims.FacilityId).RequireClaim(PortalClaims.Right, nameof(UserRights.RegisterPatientLinks)))
            .AddPolicy(ManageFacility, p => p
                .RequireClaim(PortalClaims.FacilityId)
                .RequireRole(PortalRoles.FacilityAdministrator)
                .RequireClaim(PortalClaims.Right, nameof(UserRights.ManageUsers)));
    }

    /// <summary>
    /// Where a signed-in user's work is, for the landing after sign-in (<c>/account/start</c>):
    /// council staff the council's dashboard, a 管理責任者 the facility console, staff with the right
    /// to view the patients list, anyone else the home page (notices). Read from the cookie's claims.
    /// </summary>
    public static string LandingPathOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsInRole(PortalRoles.CouncilStaff))
        {
            return "/council";
        }

        var inFacility = user.HasClaim(c => c.Type == PortalClaims.FacilityId);
        if (inFacility && user.IsInRole(PortalRoles.FacilityAdministrator) && user.HasClaim(PortalClaims.Right, nameof(UserRights.ManageUsers)))
        {
            return "/facility";
        }

        return inFacility && user.HasClaim(PortalClaims.Right, nameof(UserRights.ViewClinicalData)) ? "/patients" : "/";
    }

    /// <summary>The signed-in user's facility (null for council staff and system administrators).</summary>
    public static Guid? FacilityIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(PortalClaims.FacilityId), out var id) ? id : null;
}

/// <summary>
/// The terminal whose client certificate came with this request and passed
/// <c>NetworkCertificateAuthority.CheckAsync</c>; set as a request feature by the client-certificate
/// gate, absent where certificates are not required (public pages, relaxed embedded default).
/// </summary>
public sealed record PresentedTerminal(Guid CertificateId, Guid FacilityId, string TerminalName);
