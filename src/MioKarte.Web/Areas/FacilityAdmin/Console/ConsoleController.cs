using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Web.Areas.FacilityAdmin.Users;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.FacilityAdmin.Console;

/// <summary>The 管理責任者's console (/facility): the facility, its user count, and the four duties.</summary>
[Area("FacilityAdmin")]
[Authorize(Policy = PortalPolicies.ManageFacility)]
[Route("facility")]
public sealed class ConsoleController : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(Actor actor, [FromServices] FacilityConsoleHandler handler)
    {
        return View(await handler.HandleAsync(actor));
    }
}

public sealed record FacilityConsolePage(string FacilityCode, string FacilityName, int EnabledUsers, int UserAllowance);

public sealed class FacilityConsoleHandler(MioKarteDbContext db) : IUseCaseHandler
{
    public async Task<FacilityConsolePage> HandleAsync(Actor actor)
    {
        var facility = await db.Facilities.AsNoTracking().Where(f => f.Id == actor.Facility)
            .Select(f => new { f.Code, f.Name, f.UserAllowance }).SingleAsync();
        var enabled = await FacilityUserRules.EnabledCountAsync(db, actor);
        return new FacilityConsolePage(facility.Code, facility.Name, enabled, facility.UserAllowance);
    }
}
