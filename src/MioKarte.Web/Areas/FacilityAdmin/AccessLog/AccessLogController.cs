using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using MioKarte.Core.Text;
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
    public async Task<IActionResult> Index([FromQuery] AccessLogQuery query, [FromServices] AccessLogPageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return View(await handler.HandleAsync(query ?? new AccessLogQuery(), FacilityId(), HttpContext.RequestAborted));
    }

    [HttpGet("export.csv")]
    public async Task<IActionResult> Export([FromQuery] AccessLogQuery query, [FromServices] AccessLogExportHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        await AccessLogCsv.SendAsync(HttpContext, handler, query ?? new AccessLogQuery(), FacilityId());
        return new EmptyResult();
    }

    private Guid FacilityId() => PortalPolicies.FacilityIdOf(User) ?? throw new InvalidOperationException("The ManageFacility policy requires a facility.");
}

/// <summary>Streams the access-log CSV to the response (facility and council alike).</summary>
public static class AccessLogCsv
{
    public static async Task SendAsync(HttpContext context, AccessLogExportHandler handler, AccessLogQuery query, Guid? facilityId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handler);
        var (fileName, asciiFileName) = handler.FileNames();
        context.Response.ContentType = CsvWriter.ContentType;
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = asciiFileName,
            FileNameStar = fileName,
        }.ToString();
        await handler.WriteAsync(context.Response.Body, query, facilityId, PortalPolicies.ActorOf(context), context.RequestAborted);
    }
}
