using System.Net;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>
/// Bookmarks and hand-edited addresses of the council's lists: a page or sort that cannot be read,
/// or the queue's old <c>dir=</c>, shows the list in its default order on page 1, never a 500.
/// (What each value reads as is unit-tested in ListQueryTests.)
/// </summary>
public sealed class OldListLinksTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/council/applications?sort=kana&dir=desc&page=abc")]
    [InlineData("/council/facilities?sort=height&page=abc")]
    [InlineData("/council/facilities?sort=-1&page=-3")]
    [InlineData("/council/facilities?sort=name&dir=desc&page=99999999999")]
    [InlineData("/council/incidents?status=3&kind=Bogus&page=abc")]
    [InlineData("/council/opinions?status=Received,Answered&page=0")]
    [InlineData("/council/notices?page=abc")]
    [InlineData("/council/certificates?status=3&page=1.5")]
    [InlineData("/council/emergency-access?page=-1")]
    [InlineData("/council/access-log?page=abc&action=1&from=令和8年2月30日")]
    public async Task An_unreadable_or_old_style_list_address_shows_the_list(string address)
    {
        using var council = await portal.CouncilStaffClientAsync("council.old-links");

        using var response = await council.GetAsync(new Uri(address, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_register_falls_back_to_its_default_order_for_an_unknown_sort_key()
    {
        await portal.AddFacilityAsync("旧リンク診療所", "キュウリンク");
        using var council = await portal.CouncilStaffClientAsync("council.old-links");

        var fallback = await council.GetDocumentAsync("/council/facilities?sort=height");
        var byName = await council.GetDocumentAsync("/council/facilities?sort=-name");

        Assert.Equal("ascending", fallback.QuerySelector("th[aria-sort]")!.GetAttribute("aria-sort"));
        Assert.Null(fallback.QuerySelector("input[type=hidden][name=sort]"));
        Assert.Equal("descending", byName.QuerySelector("th[aria-sort]")!.GetAttribute("aria-sort"));
        Assert.Equal("-name", byName.QuerySelector("input[type=hidden][name=sort]")!.GetAttribute("value"));
    }
}
