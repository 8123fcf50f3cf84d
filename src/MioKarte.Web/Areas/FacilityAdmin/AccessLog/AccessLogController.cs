using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using MioKarte.Core.Common;
using MioKarte.Core.Facilities;
using MioKarte.Core.Text;
using MioKarte.Web.Areas.FacilityAdmin.Users;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.FacilityAdmin.AccessLog;

/// <summary>
/// 閲覧記録 for the facility's 管理責任者: who of the facility viewed which linked patient, when and
/// from which terminal, with filters, paging and a CSV export (itself logged). Read-only: no
/// screen or API edits or deletes a row.
/// </summary>
[Area("FacilityAdmin")]
[Authorize(Policy = PortalPolicies.ManageFacility)]
[Route("facility/access-log")]
public sealed class AccessLogController : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(Actor actor, [FromQuery] AccessLogQuery query, [FromServices] AccessLogPageHandler handler)
    {
        return View(await handler.HandleAsync(query ?? new AccessLogQuery(), facility: actor, HttpContext.RequestAborted));
    }

    [HttpGet("export.csv")]
    public async Task<IActionResult> Export(Actor actor, [FromQuery] AccessLogQuery query, [FromServices] AccessLogExportHandler handler)
    {
        await AccessLogCsv.SendAsync(HttpContext, handler, query ?? new AccessLogQuery(), actor, facility: actor);
        return new EmptyResult();
    }
}

/// <summary>
/// Streams the access-log CSV to the response (facility and council alike): facility is the
/// caller's explicit choice of rows (its own facility's, or null for the council's every row), never read off the actor.
/// </summary>
public static class AccessLogCsv
{
    public static async Task SendAsync(HttpContext context, AccessLogExportHandler handler, AccessLogQuery query, Actor actor, IActingFacility? facility)
    {
        var (fileName, asciiFileName) = handler.FileNames();
        context.Response.ContentType = CsvWriter.ContentType;
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = asciiFileName,
            FileNameStar = fileName,
        }.ToString();
        await handler.WriteAsync(context.Response.Body, query, facility, actor, context.RequestAborted);
    }
}
