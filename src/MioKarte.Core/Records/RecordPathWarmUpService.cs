using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MioKarte.Core.Gateway;

namespace MioKarte.Core.Records;

/// <summary>
/// Warms the record path once the portal has started — connections to the data center, then the
/// parse, mapping, index and table over made-up lab results (<see cref="RecordPathWarmUp"/>) — and
/// keeps /health/ready from saying ready until it is done — Degraded, a normal state that the ready
/// endpoint answers 503 and the log does not call an error — so a load balancer sends the first
/// clinician to a warm portal (docs/performance.md). A failure (center unreachable) is logged and the portal
/// reports ready anyway: the record page says when a center cannot be reached.
/// </summary>
public sealed partial class RecordPathWarmUpService(
    IServiceScopeFactory scopes, IOptions<RecordOptions> options, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<RecordPathWarmUpService> logger)
    : IHostedService, IHealthCheck
{
    // As many connections as the gateway opens for one heavy patient's first searches (nine searches a facility).
    private const int Connections = 8;

    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Completes when the warm-up has run (or was switched off, or failed).</summary>
    public Task Done => done.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(RunAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await stopping.CancelAsync();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(done.Task.IsCompleted ? HealthCheckResult.Healthy("record path warmed up") : HealthCheckResult.Degraded("warming up the record path"));

    private async Task RunAsync()
    {
        var count = options.Value.WarmUpLabResults;
        try
        {
            if (count == 0)
            {
                return;
            }

            var clock = Stopwatch.StartNew();
            await using (var scope = scopes.CreateAsyncScope())
            {
                // The stand-in source of a portal without a center warms nothing.
                try
                {
                    await scope.ServiceProvider.GetRequiredService<ISharedRecordSource>().WarmUpAsync(Connections, stopping.Token);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or DataCenterException)
                {
                    LogCenterNotReached(logger, e.GetType().Name);
                }
            }

            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            // Twice: the second pass runs the code the runtime has recompiled after the first.
            RecordPathWarmUp.Run(count, today);
            RecordPathWarmUp.Run(count, today);
            LogWarmedUp(logger, count, clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // a warm-up that fails must not keep the portal from ever reporting ready; it is logged
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e);
        }
        finally
        {
            done.TrySetResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Record path warmed up with {LabResults} made-up lab results in {Milliseconds} ms")]
    private static partial void LogWarmedUp(ILogger logger, int labResults, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record path warm-up failed; ready without it")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record path warm-up could not reach the data center ({Error}); ready without warm connections")]
    private static partial void LogCenterNotReached(ILogger logger, string error);
}
