using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace MioKarte.Web.Areas.Public.Guide;

/// <summary>
/// The application guide for viewing facilities (閲覧施設様向け 参加説明書, 2nd edition, 2012-10-13),
/// one page per section. The text lives in the views beside this controller (ja default, *.en.cshtml).
/// </summary>
[Area("Public")]
[AllowAnonymous]
[Route("guide")]
public sealed class GuideController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(GuideContents.All);

    [HttpGet("about")]
    public IActionResult About() => View();

    [HttpGet("purpose")]
    public IActionResult Purpose() => View();

    [HttpGet("how-it-is-used")]
    public IActionResult HowItIsUsed() => View();

    [HttpGet("what-you-can-see")]
    public IActionResult WhatYouCanSee() => View();

    [HttpGet("system")]
    public IActionResult System() => View();

    [HttpGet("how-to-join")]
    public IActionResult HowToJoin() => View();

    [HttpGet("contact")]
    public IActionResult Contact() => View();

    [HttpGet("rules")]
    public IActionResult Rules() => View();

    [HttpGet("operation")]
    public IActionResult Operation() => View();

    [HttpGet("council")]
    public IActionResult Council() => View();

    [HttpGet("faq")]
    public IActionResult Faq() => View();
}
