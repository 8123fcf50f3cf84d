using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Culture;

/// <summary>Switches the display language (日本語 / English) and returns to the same page.</summary>
[Area("Account")]
[AllowAnonymous]
[Route("culture")]
public sealed class CultureController : Controller
{
    [HttpPost]
    public IActionResult Change([FromForm] string culture, [FromForm] string? returnUrl)
    {
        var chosen = PortalComposition.SupportedCultures.FirstOrDefault(c => c.Name == culture)
                     ?? PortalComposition.SupportedCultures[0];
        Response.Cookies.Append(
            PortalComposition.CultureCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions
            {
                Path = "/",
                Secure = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                IsEssential = true,
                MaxAge = TimeSpan.FromDays(365),
            });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
