using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MioKarte.Core.Data;
using MioKarte.Core.Gateway;
using MioKarte.Core.Hosting;
using MioKarte.Core.Mail;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// <c>/health/ready</c>'s view of the data center: one CapabilityStatement read over the gateway's
/// mutual TLS. A center that does not answer makes the node Degraded, not Unhealthy: every node
/// would fail alike, and public pages, sign-up and administration still work without it. The
/// answer is reused for <see cref="DataCenterProbeCache.DurationKey"/> (<see cref="DataCenterProbeCache"/>).
/// </summary>
public sealed class DataCenterHealthCheck(DataCenterClient center, DataCenterProbeCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        cache.GetAsync(ProbeAsync, cancellationToken);

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await center.WarmUpAsync(1, timeout.Token);
            return HealthCheckResult.Healthy("data center reachable");
        }
#pragma warning disable CA1031 // Any failure means "degraded"; the detail goes to the log only.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Degraded("data center unreachable", ex);
        }
    }
}

/// <summary>
/// The last data-center probe, kept for a short time (<c>Health:DataCenterProbeCache</c>, default
/// 10 seconds; zero probes on every poll): a load balancer polls every node every few seconds, and
/// each poll must not become a request to the data center. Polls that arrive together while the
/// cached answer is stale share one probe.
/// </summary>
public sealed class DataCenterProbeCache(TimeProvider clock, TimeSpan duration) : IDisposable
{
    public const string DurationKey = "Health:DataCenterProbeCache";

    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim gate = new(1, 1);
    private Probed? last;

    public DataCenterProbeCache(TimeProvider clock, IConfiguration configuration)
        : this(clock, configuration.GetValue(DurationKey, DefaultDuration))
    {
    }

    public async Task<HealthCheckResult> GetAsync(Func<CancellationToken, Task<HealthCheckResult>> probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (Fresh() is { } cached)
        {
            return cached;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another poll may have probed while this one waited.
            if (Fresh() is { } probedMeanwhile)
            {
                return probedMeanwhile;
            }

            var result = await probe(cancellationToken);
            last = new Probed(result, clock.GetUtcNow());
            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private HealthCheckResult? Fresh() =>
        last is { } probed && clock.GetUtcNow() - probed.At < duration ? probed.Result : null;

    private sealed record Probed(HealthCheckResult Result, DateTimeOffset At);
}

/// <summary>
/// The outbox backlog (<see cref="MailOptions.BacklogDegradedAbove"/>): Degraded above the
/// threshold or when any mail was given up (it needs an operator, docs/operations.md).
/// </summary>
public sealed class OutboxHealthCheck(MioKarteDbContext db, IOptions<MailOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = await OutboxSender.PendingAsync(db, cancellationToken);
        var givenUp = await db.OutboxMessages.CountAsync(m => m.FailedAtUtc != null, cancellationToken);
        var data = new Dictionary<string, object> { ["pending"] = pending, ["failed"] = givenUp };
        if (givenUp > 0)
        {
            return HealthCheckResult.Degraded("mail given up: needs an operator", data: data);
        }

        return pending > options.Value.BacklogDegradedAbove
            ? HealthCheckResult.Degraded("mail backlog above threshold", data: data)
            : HealthCheckResult.Healthy("mail backlog normal", data);
    }
}

/// <summary>How <c>/health/ready</c> answers (docs/operations.md).</summary>
public static class ReadinessChecks
{
    /// <summary>
    /// The report's status as text, as the default writer does; 503 while a warm-up
    /// (<see cref="HealthTags.WarmingUp"/>) has not finished, whatever the other checks say.
    /// </summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var warming = report.Entries.Values.Any(e => e.Tags.Contains(HealthTags.WarmingUp) && e.Status != HealthStatus.Healthy);
        if (warming)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }

        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(warming ? "WarmingUp" : report.Status.ToString());
    }
}
