using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>
/// <c>/health/ready</c>'s data-center probe is reused for a short time: a load balancer polling
/// every node every few seconds must not turn each poll into a request to the data center.
/// </summary>
public sealed class DataCenterProbeCacheTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
    private int probes;

    [Fact]
    public async Task Polls_within_the_configured_time_share_one_probe_and_a_later_poll_probes_again()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [DataCenterProbeCache.DurationKey] = "00:00:30" })
            .Build();
        using var cache = new DataCenterProbeCache(clock, configuration);

        Assert.Equal(HealthStatus.Degraded, (await cache.GetAsync(UnreachableAsync, CancellationToken.None)).Status);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(HealthStatus.Degraded, (await cache.GetAsync(UnreachableAsync, CancellationToken.None)).Status);
        Assert.Equal(1, probes);

        clock.Advance(TimeSpan.FromSeconds(1));
        await cache.GetAsync(UnreachableAsync, CancellationToken.None);
        Assert.Equal(2, probes);
    }

    [Fact]
    public async Task Polls_arriving_together_wait_for_one_probe()
    {
        using var cache = new DataCenterProbeCache(clock, new ConfigurationBuilder().Build());
        var answer = new TaskCompletionSource<HealthCheckResult>(TaskCreationOptions.RunContinuationsAsynchronously);

        var polls = Enumerable.Range(0, 8).Select(_ => cache.GetAsync(_ => { Interlocked.Increment(ref probes); return answer.Task; }, CancellationToken.None)).ToList();
        answer.SetResult(HealthCheckResult.Healthy("data center reachable"));

        Assert.All(await Task.WhenAll(polls), r => Assert.Equal(HealthStatus.Healthy, r.Status));
        Assert.Equal(1, probes);
        // The default keeps the answer for ten seconds.
        clock.Advance(DataCenterProbeCache.DefaultDuration);
        await cache.GetAsync(_ => { Interlocked.Increment(ref probes); return answer.Task; }, CancellationToken.None);
        Assert.Equal(2, probes);
    }

    [Fact]
    public async Task Zero_probes_on_every_poll()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [DataCenterProbeCache.DurationKey] = "00:00:00" })
            .Build();
        using var cache = new DataCenterProbeCache(clock, configuration);

        await cache.GetAsync(UnreachableAsync, CancellationToken.None);
        await cache.GetAsync(UnreachableAsync, CancellationToken.None);

        Assert.Equal(2, probes);
    }

    private Task<HealthCheckResult> UnreachableAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probes);
        return Task.FromResult(HealthCheckResult.Degraded("data center unreachable"));
    }
}
