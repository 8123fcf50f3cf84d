using Microsoft.AspNetCore.Mvc;

namespace MioKarte.Web.Areas.Account.Notices;

/// <summary>お知らせ for signed-in users: the list of current notices and each one's full text.</summary>
[Area("Account")]
[Microsoft.AspNetCore.Authorization.Authorize]
[Route("notices")]
public sealed class NoticesController(NoticeBoardHandler board) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View(await board.ListAsync(User));

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Detail(Guid id) =>
        await board.FindAsync(User, id) is { } notice ? View(notice) : NotFound();
}
