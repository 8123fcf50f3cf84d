using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Infrastructure;

/// <summary>Claims the portal adds to a signed-in user, beyond Identity's own.</summary>
public static class PortalClaims
{
    public const string DisplayName = "mio:display-name";
}

/// <summary>Puts the display name in the cookie so the header needs no database read per page.</summary>
public sealed class PortalClaimsFactory(
    UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
