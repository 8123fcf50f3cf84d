using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MioKarte.Web.Areas.Account.Notices;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Public.Home;

/// <summary>
/// The front door: leads a visitor to 参加を申し込む and a member to ログイン; after sign-in it shows
/// the notices (お知らせ) for the member's audience, important ones first.
/// </summary>
[Area("Public")]
[AllowAnonymous]
[Route("")]
public sealed class HomeController : Controller
{
    /// <summary>How many notices the home page shows; the rest are on /notices.</summary>
    public const int NoticesShown = 5;

    [HttpGet]
    public async Task<IActionResult> Index([FromServices] NoticeBoardHandler board)
    {
        // A public page: a visitor has no actor, so it is built only for a signed-in member.
        if (User.Identity?.IsAuthenticated != true)
        {
            return View(new HomePage([]));
        }

        return View(new HomePage(await board.ListAsync(Actors.From(HttpContext), NoticesShown)));
    }
}

/// <summary>The current notices of a signed-in member (empty for a visitor).</summary>
public sealed record HomePage(IReadOnlyList<NoticeSummary> Notices);
