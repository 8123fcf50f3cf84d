using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Identity's sign-in with the portal's one extra rule: the people of a facility that is not active
/// (利用停止 or 退会) cannot sign in — neither with the password, nor at the second factor — and
/// their live sessions end at the next security-stamp check (within a minute). Users without a
/// facility (council, system administrators) are not affected.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    MioKarteDbContext db)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user) =>
        await base.CanSignInAsync(user) && await FacilityAllowsSignInAsync(db, user);

    public override async Task<PortalUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is not null && await FacilityAllowsSignInAsync(db, user) ? user : null;
    }

    /// <summary>True unless the user belongs to a facility whose status is not <see cref="FacilityStatus.Active"/>.</summary>
    public static async Task<bool> FacilityAllowsSignInAsync(MioKarteDbContext db, PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        return user.FacilityId is not { } facilityId ||
               await db.Facilities.AnyAsync(f => f.Id == facilityId && f.Status == FacilityStatus.Active);
    }
}
