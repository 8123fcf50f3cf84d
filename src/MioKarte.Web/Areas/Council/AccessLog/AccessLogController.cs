using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.FacilityAdmin.AccessLog;

namespace MioKarte.Web.Areas.Council.AccessLog;

/// <summary>
/// 閲覧記録 for the liaison council: every facility's rows with the facility's filters plus the
/// facility, the CSV export (itself logged), and the chain's verification on demand. Read-only.
/// </summary>
[Area("Council")]
[Authorize(Roles = PortalRoles.CouncilStaff)]
[Route("council/access-log")]
public sealed class AccessLogController : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AccessLogQuery query, [FromServices] AccessLogPageHandler handler)
    {
        return View(await handler.HandleAsync(query ?? new AccessLogQuery(), facility: null, HttpContext.RequestAborted));
    }

    [HttpGet("export.csv")]
    public async Task<IActionResult> Export(Actor actor, [FromQuery] AccessLogQuery query, [FromServices] AccessLogExportHandler handler)
    {
        await AccessLogCsv.SendAsync(HttpContext, handler, query ?? new AccessLogQuery(), actor, facility: null);
        return new EmptyResult();
    }

    /// <summary>改ざん検証: walks the whole chain now (a POST: it reads every row) and shows the answer.</summary>
    [HttpPost("verify")]
    public async Task<IActionResult> Verify([FromServices] AccessLogVerifier verifier, [FromServices] ILogger<AccessLogController> logger)
    {
        var result = await verifier.VerifyAsync(HttpContext.RequestAborted);
        if (result.IsIntact)
        {
            logger.LogInformation("Access log verified on request: {Rows} rows intact", result.IntactRows);
        }
        else
        {
            logger.LogError("Access log verification failed at sequence {Sequence}: {Problem}", result.FirstBrokenSequence, result.Problem);
        }

        return View("Verification", result);
    }
}
