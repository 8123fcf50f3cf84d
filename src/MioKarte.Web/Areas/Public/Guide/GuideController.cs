using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace MioKarte.Web.Areas.Public.Guide;

/// <summary>
/// The application guide for viewing facilities (閲覧施設様向け 参加説明書, 2nd edition, 2012-10-13),
/// one page per section. The text lives in the views beside this controller (ja default, *.en.cshtml);
/// _GuideLayout frames each with the page's entry in <see cref="GuideContents"/>.
/// </summary>
[Area("Public")]
[AllowAnonymous]
[Route("guide")]
public sealed class GuideController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(GuideContents.All);

    [HttpGet("about")]
    public IActionResult About() => Page("about");

    [HttpGet("purpose")]
    public IActionResult Purpose() => Page("purpose");

    [HttpGet("how-it-is-used")]
    public IActionResult HowItIsUsed() => Page("how-it-is-used");

    [HttpGet("what-you-can-see")]
    public IActionResult WhatYouCanSee() => Page("what-you-can-see");

    [HttpGet("system")]
    public IActionResult System() => Page("system");

    [HttpGet("how-to-join")]
    public IActionResult HowToJoin() => Page("how-to-join");

    [HttpGet("contact")]
    public IActionResult Contact() => Page("contact");

    [HttpGet("rules")]
    public IActionResult Rules() => Page("rules");

    [HttpGet("operation")]
    public IActionResult Operation() => Page("operation");

    [HttpGet("council")]
    public IActionResult Council() => Page("council");

    [HttpGet("faq")]
    public IActionResult Faq() => Page("faq");

    private ViewResult Page(string slug) => View(GuideContents.Get(slug));
}
