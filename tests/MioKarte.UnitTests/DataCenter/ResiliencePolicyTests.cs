using System.Net;

using Microsoft.Extensions.DependencyInjection;

using MioKarte.Core.Gateway;

namespace MioKarte.UnitTests.DataCenter;

public sealed class ResiliencePolicyTests
{
    private sealed class CountingHandler(Func<HttpResponseMessage> answer) : HttpMessageHandler
    {
        private int calls;

        public int Calls => calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(answer());
        }
    }

    private static (HttpClient Client, CountingHandler Handler) Build(Func<HttpResponseMessage> answer, int maxRetries = 2)
    {
        var handler = new CountingHandler(answer);
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<DataCenterGatewayOptions>(o =>
        {
            o.MaxRetries = maxRetries;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            o.AttemptTimeout = TimeSpan.FromSeconds(5);
        });
        services.AddHttpClient("dc", c => c.BaseAddress = new Uri("https://dc.invalid/fhir/"))
            .ConfigurePrimaryHttpMessageHandler(() => handler)
            .AddGatewayResilience();
        var client = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient("dc");
        return (client, handler);
    }

    [Fact]
    public async Task A_failing_GET_is_retried_the_configured_number_of_times()
    {
        var (client, handler) = Build(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));

        using var response = await client.GetAsync(new Uri("Observation", UriKind.Relative), CancellationToken.None);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task A_failing_POST_is_never_retried()
    {
        var (client, handler) = Build(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));

        using var content = new StringContent("{}");
        using var response = await client.PostAsync(new Uri("Bundle", UriKind.Relative), content, CancellationToken.None);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_POST_that_throws_is_not_retried_either()
    {
        var (client, handler) = Build(() => throw new HttpRequestException("connection reset"));

        using var content = new StringContent("{}");
        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri("Bundle", UriKind.Relative), content, CancellationToken.None));

        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_successful_GET_is_sent_once()
    {
        var (client, handler) = Build(() => new HttpResponseMessage(HttpStatusCode.OK));

        using var response = await client.GetAsync(new Uri("Patient", UriKind.Relative), CancellationToken.None);

        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task With_zero_retries_a_failing_GET_is_sent_once()
    {
        var (client, handler) = Build(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), maxRetries: 0);

        using var response = await client.GetAsync(new Uri("Observation", UriKind.Relative), CancellationToken.None);

        Assert.Equal(1, handler.Calls);
    }
}
