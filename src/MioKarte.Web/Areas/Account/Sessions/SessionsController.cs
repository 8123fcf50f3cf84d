using Microsoft.AspNetCore.Mvc;
using MioKarte.Core.Common;

namespace MioKarte.Web.Areas.Account.Sessions;

/// <summary>ログイン中の端末 (/account/sessions): see one's own sessions and end any of them.</summary>
[Area("Account")]
[Microsoft.AspNetCore.Authorization.Authorize]
[Route("account/sessions")]
public sealed class SessionsController : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(Actor actor, [FromServices] MySessionsHandler handler)
    {
        return View(await handler.HandleAsync(actor));
    }

    [HttpPost("{id:guid}/end")]
    public async Task<IActionResult> End(Actor actor, Guid id, [FromServices] EndSessionHandler handler)
    {
        return await handler.HandleAsync(actor, id) switch
        {
            EndSessionOutcome.Ended => Redirect("/account/sessions?ended=1"),
            EndSessionOutcome.EndedThisOne => Redirect("/account/login?signedOut=1"),
            EndSessionOutcome.NotFound => NotFound(),
            _ => throw new InvalidOperationException("unknown outcome"),
        };
    }
}
