using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Areas.Council.Dashboard;

/// <summary>連絡協議会のダッシュボード: what needs doing today, each list leading to the filtered queue.</summary>
[Area("Council")]
[Authorize(Roles = PortalRoles.CouncilStaff)]
[Route("council")]
public sealed class DashboardController : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(Actor actor, [FromServices] CouncilDashboardHandler handler)
    {
        return View(await handler.HandleAsync(actor));
    }
}
