using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace MioKarte.Web.Areas.Public.Errors;

/// <summary>Error pages in Japanese: no stack trace, only the request id to quote to support.</summary>
[Area("Public")]
[AllowAnonymous]
// Error pages are re-executed for the failed request, POSTs included, and change nothing: a too-large
// form must get its 413 page, not an antiforgery failure from reading a body it cannot read.
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    [Route("/error")]
    public IActionResult ServerError()
    {
        // A request Kestrel refused while it was being read (a body over the limit) keeps its own status.
        var error = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
        Response.StatusCode = error is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            ? StatusCodes.Status413PayloadTooLarge
            : StatusCodes.Status500InternalServerError;
        return View("Error", new ErrorViewModel(Response.StatusCode, HttpContext.TraceIdentifier));
    }

    /// <summary>Any path no endpoint answers: a 404 page, not a redirect to sign-in.</summary>
    public IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("Error", new ErrorViewModel(404, HttpContext.TraceIdentifier));
    }

    [Route("/error/{code:int}")]
    // No parameters at all: binding even a route value makes MVC open every value provider, the
    // form's included, and a re-executed POST still has its body — the too-large form itself, whose
    // failed read left the code unbound and the page a 500.
    public IActionResult Status()
    {
        var code = int.TryParse(RouteData.Values["code"]?.ToString(), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
        Response.StatusCode = code is >= 400 and <= 599 ? code : StatusCodes.Status500InternalServerError;
        return View("Error", new ErrorViewModel(Response.StatusCode, HttpContext.TraceIdentifier));
    }
}

public sealed record ErrorViewModel(int StatusCode, string RequestId)
{
    public string MessageKey => StatusCode switch
    {
        400 => "Error.400",
        403 => "Error.403",
        404 => "Error.404",
        413 => "Error.413",
        _ => "Error.500",
    };
}
