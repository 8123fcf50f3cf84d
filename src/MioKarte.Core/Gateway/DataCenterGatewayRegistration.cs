using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace MioKarte.Core.Gateway;

/// <summary>Registers the data-center gateway: options validated at start-up, mutual TLS, resilience.</summary>
public static class DataCenterGatewayRegistration
{
    public static IHttpClientBuilder AddDataCenterGateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DataCenterGatewayOptions>()
            .Bind(configuration.GetSection(DataCenterGatewayOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DataCenterGatewayOptions>, DataCenterGatewayOptionsValidator>());
        services.TryAddSingleton(sp => new GatewayTls(sp.GetRequiredService<IOptions<DataCenterGatewayOptions>>().Value));
        services.TryAddSingleton(sp => new ActingUserAssertionSigner(
            sp.GetRequiredService<IOptions<DataCenterGatewayOptions>>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddTransient<ActingUserAssertionHandler>();
        services.AddMetrics();
        services.TryAddSingleton<Hosting.PortalMetrics>();

        var builder = services.AddHttpClient<DataCenterClient>((sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<DataCenterGatewayOptions>>().Value;
                client.BaseAddress = EnsureTrailingSlash(options.BaseAddress!);
                // The resilience pipeline owns timeouts (per attempt and total).
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<GatewayTls>().CreateHandler())
            // The SocketsHttpHandler recycles its own connections; keep one handler for the app.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The default HttpClient logs write request URLs, which carry patient identifiers.
            .RemoveAllLoggers();
        builder.AddGatewayResilience();
        // Inside the resilience pipeline: each attempt (a retry too) is signed afresh.
        builder.AddHttpMessageHandler<ActingUserAssertionHandler>();
        return builder;
    }

    /// <summary>
    /// Per-attempt timeout, total timeout, circuit breaker and retries with exponential back-off and
    /// jitter — for GET (and other safe methods) only: a POST that timed out may have been applied.
    /// </summary>
    public static IHttpClientBuilder AddGatewayResilience(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var options = sp.GetRequiredService<IOptions<DataCenterGatewayOptions>>().Value;
                Configure(resilience, options);
            });
        return builder;
    }

    internal static void Configure(HttpStandardResilienceOptions resilience, DataCenterGatewayOptions options)
    {
        resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
        resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
        resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetries);
        resilience.Retry.Delay = options.RetryBaseDelay;
        resilience.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.Retry.DisableForUnsafeHttpMethods();
        if (options.MaxRetries == 0)
        {
            resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);
        }

        // The breaker's sampling window must be at least twice the attempt timeout.
        resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(
            TimeSpan.FromSeconds(30).Ticks, options.AttemptTimeout.Ticks * 2));
        resilience.CircuitBreaker.MinimumThroughput = 10;
        resilience.CircuitBreaker.FailureRatio = 0.5;
        resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(15);
    }

    private static Uri EnsureTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
