using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace MioKarte.Web.Areas.Public.Home;

/// <summary>The front door: leads a visitor to 参加を申し込む and a member to ログイン.</summary>
[Area("Public")]
[AllowAnonymous]
public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View();
}
