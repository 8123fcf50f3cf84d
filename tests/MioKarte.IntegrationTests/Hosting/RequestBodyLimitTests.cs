using System.Net;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.IntegrationTests.Terminals;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>Finding F2 on the portal: every body is bounded, and a larger one gets the Japanese 413 page.</summary>
public sealed class RequestBodyLimitTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    public const string TooLargeText = "送信された内容が大きすぎます。";

    [Fact]
    public void Kestrel_and_forms_are_bounded_by_default()
    {
        var kestrel = portal.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value;
        var form = portal.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Features.FormOptions>>().Value;

        Assert.Equal(RequestBodyLimits.DefaultMaxBytes, kestrel.Limits.MaxRequestBodySize);
        Assert.Equal(RequestBodyLimits.DefaultMaxBytes, form.MultipartBodyLengthLimit);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_over_limit_form_gets_the_japanese_413_page(bool chunked)
    {
        using var client = portal.CreatePortalClient();

        using var response = await OverLimitPostAsync(client, "/account/login", chunked);

        await AssertTooLargePageAsync(response);
    }

    internal static async Task<HttpResponseMessage> OverLimitPostAsync(HttpClient client, string path, bool chunked)
    {
        var page = await client.GetDocumentAsync(path);
        var token = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var body = $"__RequestVerificationToken={Uri.EscapeDataString(token)}&UserName=a&Password=" + new string('x', (int)RequestBodyLimits.DefaultMaxBytes + 1000);
        using var content = new StringContent(body, System.Text.Encoding.ASCII, new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded"));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        // Chunked: no Content-Length, so only reading the body can find it too large.
        request.Headers.TransferEncodingChunked = chunked;
        // With a declared length over the limit the server answers 413 before reading, and over a real
        // socket it closes the connection rather than drain a body it will not read: a client still
        // writing can then lose the answer to a broken pipe (it did, once in many runs). Asking for
        // 100-continue lets the client read the answer first, as browsers read an early response.
        request.Headers.ExpectContinue = !chunked;
        return await client.SendAsync(request);
    }

    internal static async Task AssertTooLargePageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(TooLargeText, text, StringComparison.Ordinal);
        Assert.Contains("<html", text, StringComparison.Ordinal);
    }
}

/// <summary>The same over a real Kestrel (TLS, its own body limit), where the 413 comes from Kestrel's reading.</summary>
public sealed class RequestBodyLimitOverKestrelTests(MutualTlsPortal portal) : IClassFixture<MutualTlsPortal>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_over_limit_form_gets_the_japanese_413_page(bool chunked)
    {
        using var client = portal.CreateTlsClient();

        using var response = await RequestBodyLimitTests.OverLimitPostAsync(client, "/account/login", chunked);

        await RequestBodyLimitTests.AssertTooLargePageAsync(response);
    }
}

