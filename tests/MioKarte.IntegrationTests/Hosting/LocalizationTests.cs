using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

public sealed class LocalizationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Pages_are_Japanese_by_default_even_for_an_English_browser()
    {
        using var client = portal.CreatePortalClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        var home = await client.GetDocumentAsync("/");

        Assert.Equal("ja", home.DocumentElement.GetAttribute("lang"));
        Assert.Equal("参加を申し込む", home.QuerySelector(".hero__actions a")!.TextContent.Trim());
    }

    [Fact]
    public async Task Choosing_English_switches_the_pages_and_returns_to_the_same_page()
    {
        using var client = portal.CreatePortalClient();
        var login = await client.GetDocumentAsync("/account/login");

        using var response = await client.SubmitAsync(login.Form("/culture"), new Dictionary<string, string> { ["culture"] = "en" });

        Assert.Equal("/account/login", response.Headers.Location?.OriginalString);
        var english = await client.GetDocumentAsync("/account/login");
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Sign in", english.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public void Every_Japanese_string_has_an_English_translation_and_the_reverse()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "MioKarte.Web", "Resources");
        var keys = (string file) => System.Xml.Linq.XDocument.Load(Path.Combine(folder, file))
            .Descendants("data").Select(d => (string)d.Attribute("name")!).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(keys("SharedResource.resx"), keys("SharedResource.en.resx"));
    }
}
