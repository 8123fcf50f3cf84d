using Microsoft.AspNetCore.Mvc;

namespace MioKarte.Web.Areas.Account.Sessions;

/// <summary>ログイン中の端末 (/account/sessions): see one's own sessions and end any of them.</summary>
[Area("Account")]
[Microsoft.AspNetCore.Authorization.Authorize]
public sealed class SessionsController : Controller
{
    [HttpGet("/account/sessions")]
    public async Task<IActionResult> Index([FromServices] MySessionsHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return View(await handler.HandleAsync());
    }

    [HttpPost("/account/sessions/{id:guid}/end")]
    public async Task<IActionResult> End(Guid id, [FromServices] EndSessionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return await handler.HandleAsync(id) switch
        {
            EndSessionOutcome.Ended => Redirect("/account/sessions?ended=1"),
            EndSessionOutcome.EndedThisOne => Redirect("/account/login?signedOut=1"),
            EndSessionOutcome.NotFound => NotFound(),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
    }
}
