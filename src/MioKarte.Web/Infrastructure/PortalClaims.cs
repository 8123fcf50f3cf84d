using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Infrastructure;

/// <summary>Claims the portal adds to a signed-in user, beyond Identity's own.</summary>
public static class PortalClaims
{
    public const string DisplayName = "mio:display-name";

    /// <summary>The facility the user belongs to (absent for council staff and system administrators).</summary>
    public const string FacilityId = "mio:facility";

    /// <summary>One claim per 利用権 the user holds (<see cref="UserRights"/> names).</summary>
    public const string Right = "mio:right";

    /// <summary>The id of the <c>UserSession</c> row of this sign-in (SessionGate).</summary>
    public const string SessionId = "mio:session";
}

/// <summary>
/// Puts the display name, facility and rights in the cookie so a page needs no database read to
/// know them. They are those of sign-in time and stay current: a change of rights renews the
/// security stamp, which ends the session on its next request (<see cref="SessionGate"/>).
/// </summary>
public sealed class PortalClaimsFactory(
    UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        if (user.FacilityId is { } facilityId)
        {
            identity.AddClaim(new Claim(PortalClaims.FacilityId, facilityId.ToString("D")));
            foreach (var right in Enum.GetValues<UserRights>().Where(r => r != UserRights.None && user.Has(r)))
            {
                identity.AddClaim(new Claim(PortalClaims.Right, right.ToString()));
            }
        }
        return identity;
    }
}
