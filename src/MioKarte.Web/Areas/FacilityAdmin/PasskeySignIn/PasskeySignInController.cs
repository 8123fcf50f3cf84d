using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Web.Areas.FacilityAdmin.Users;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.FacilityAdmin.PasskeySignIn;

/// <summary>
/// パスキーだけでのログイン: whether the facility's members may sign in with a passkey alone. Off by
/// default; turning it on loosens sign-in, so the page and the change sit behind 再認証.
/// </summary>
[Area("FacilityAdmin")]
[Authorize(Policy = PortalPolicies.ManageFacility)]
[Route("facility/passkey-sign-in")]
public sealed class PasskeySignInController : Controller
{
    private const string Path = "/facility/passkey-sign-in"; // for redirects; the class route says the same

    [RequireRecentAuthentication]
    [HttpGet]
    public async Task<IActionResult> Index(Actor actor, bool saved, [FromServices] PasskeySignInSettingHandler handler)
    {
        return View(new PasskeySignInPage(await handler.IsAllowedAsync(actor), saved));
    }

    [RequireRecentAuthentication]
    [HttpPost]
    public async Task<IActionResult> Change(Actor actor, [FromForm] bool allowed, [FromServices] PasskeySignInSettingHandler handler)
    {
        await handler.SetAsync(actor, allowed);
        return Redirect(Path + "?saved=true");
    }
}

public sealed record PasskeySignInPage(bool Allowed, bool Saved);

/// <summary>Reads and sets <see cref="Facility.PasskeySignInAllowed"/> of the administrator's own facility (a history line on each change).</summary>
public sealed class PasskeySignInSettingHandler(MioKarteDbContext db, TimeProvider time, ILogger<PasskeySignInSettingHandler> logger) : IUseCaseHandler
{
    public Task<bool> IsAllowedAsync(Actor actor)
    {
        return db.Facilities.Where(f => f.Id == actor.Facility).Select(f => f.PasskeySignInAllowed).SingleAsync();
    }

    public async Task SetAsync(Actor actor, bool allowed)
    {
        var facility = await db.Facilities.SingleAsync(f => f.Id == actor.Facility);
        facility.SetPasskeySignIn(allowed, actor.UserName, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
        logger.LogInformation("Facility {FacilityId}: passkey sign-in {Allowed} by administrator {ActorUserId}", facility.Id, allowed, actor.UserId);
    }
}
