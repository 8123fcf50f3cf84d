using Microsoft.AspNetCore.Mvc;
using MioKarte.Core.Common;

namespace MioKarte.Web.Areas.Account.Notices;

/// <summary>お知らせ for signed-in users: the list of current notices and each one's full text.</summary>
[Area("Account")]
[Microsoft.AspNetCore.Authorization.Authorize]
[Route("notices")]
public sealed class NoticesController(NoticeBoardHandler board) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(Actor actor) => View(await board.ListAsync(actor));

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Detail(Actor actor, Guid id) =>
        await board.FindAsync(actor, id) is { } notice ? View(notice) : NotFound();
}
