using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.EmergencyAccess;

/// <summary>
/// 非常時アクセスの確認: every grant of every facility, newest first, with the facts the council's mail
/// announced (reason, hospital, patient there, user, period) and a link to its access-log rows.
/// </summary>
[Area("Council")]
[Authorize(Roles = PortalRoles.CouncilStaff)]
[Route("council/emergency-access")]
public sealed class EmergencyAccessController : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index([FromQuery] string? page, [FromServices] CouncilEmergencyGrantsHandler handler)
    {
        return View(await handler.HandleAsync(ListQuery.PageOrFirst(page), HttpContext.RequestAborted));
    }
}

public sealed record CouncilEmergencyGrants(PageOfRows<EmergencyGrantFacts> Grants, DateTime NowUtc);

public sealed class CouncilEmergencyGrantsHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public const int PageSize = 50;

    public async Task<CouncilEmergencyGrants> HandleAsync(int page, CancellationToken cancellationToken = default) =>
        new(await EmergencyGrantFactsQuery.Facts(db, EmergencyGrantFactsQuery.Grants(db, facility: null))
                .PageAsync(page, PageSize, cancellationToken),
            time.GetUtcNow().UtcDateTime);
}
