using System.Net;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

public sealed class SecurityHeadersTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/css/site.css")]
    [InlineData("/no-such-page")]
    [InlineData("/health/live")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public async Task Pages_are_never_stored_in_a_cache()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_page_is_a_Japanese_404_page()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("お探しのページは見つかりませんでした。", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_request_id_is_kept_and_a_bad_one_is_replaced()
    {
        using var client = portal.CreatePortalClient();
        using var good = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        good.Headers.Add("X-Request-Id", "abc-123.def");
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        bad.Headers.Add("X-Request-Id", "evil\u00e9<script>");

        using var kept = await client.SendAsync(good);
        using var replaced = await client.SendAsync(bad);
        using var generated = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal("abc-123.def", Header(kept, "X-Request-Id"));
        Assert.Matches("^[0-9a-f]{32}$", Header(replaced, "X-Request-Id"));
        Assert.Matches("^[0-9a-f]{32}$", Header(generated, "X-Request-Id"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
        : throw new Xunit.Sdk.XunitException($"{name} missing on {response.RequestMessage?.RequestUri}");
}
