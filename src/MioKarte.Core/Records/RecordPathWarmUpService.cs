using System.Diagnostics;
using System.Runtime;
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

    // Longer than the runtime's 100 ms call-counting delay, and time for its background recompiles.
    private static readonly TimeSpan PauseAfterPass = TimeSpan.FromMilliseconds(250);

    // Two passes in a row that made the runtime compile fewer methods than this find the path warm
    // (a warm pass compiles next to none; the first, some thousands).
    private const int QuietPassCompiledMethods = 25;

    /// <summary>
    /// Passes run at least: a second pass can compile little merely because the runtime has not
    /// started counting calls yet, and each recompile step needs 30 more calls.
    /// </summary>
    public const int MinPasses = 6;

    // Requests per pass: this many rounds of one CapabilityStatement read on each connection.
    private const int RequestRoundsPerPass = 4;

    /// <summary>Bounds the time to ready (≈ 0.5 s a pass) when something else in the process keeps the JIT busy.</summary>
    public const int MaxPasses = 12;

    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Completes when the warm-up has run (or was switched off, or failed).</summary>
    public Task Done => done.Task;

    /// <summary>How many passes over the made-up record ran (0 until the first has).</summary>
    public int Passes { get; private set; }

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
            // Until a round fails: a portal whose center cannot be reached warms the mapping only.
            var centerReached = true;
            await using var scope = scopes.CreateAsyncScope();
            var source = scope.ServiceProvider.GetRequiredService<ISharedRecordSource>();
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            // Pass after pass until the runtime's JIT has gone quiet. One pass alone leaves the code at
            // tier 0: the runtime only starts counting calls once no new method has been compiled for
            // 100 ms, then recompiles a hot method in the background (instrumented, then optimised),
            // each step after 30 more calls. Without the pauses and the further passes, that recompiling
            // happened during the first heavy patient's fetch instead (a third of the portal's CPU in a
            // profile of that fetch; docs/performance.md).
            var compiledBefore = JitInfo.GetCompiledMethodCount();
            var quietPasses = 0;
            long lastPassCompiled;
            do
            {
                // The gateway's request path (resilience pipeline, TLS, JSON) as often per pass as a heavy
                // patient's fetch runs it, so it reaches optimised code in as few passes as the mapping.
                for (var round = 0; centerReached && round < RequestRoundsPerPass; round++)
                {
                    centerReached = await WarmConnectionsAsync(source);
                }

                RecordPathWarmUp.Run(count, today);
                Passes++;
                await Task.Delay(PauseAfterPass, stopping.Token);
                var compiled = JitInfo.GetCompiledMethodCount();
                lastPassCompiled = compiled - compiledBefore;
                compiledBefore = compiled;
                quietPasses = lastPassCompiled < QuietPassCompiledMethods ? quietPasses + 1 : 0;
                LogPass(logger, Passes, lastPassCompiled);
            }
            while (Passes < MaxPasses && (Passes < MinPasses || quietPasses < 2));

            LogWarmedUp(logger, count, Passes, lastPassCompiled, clock.ElapsedMilliseconds);
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

    /// <summary>
    /// Opens the gateway's connections and reads the center's CapabilityStatement on each (the stand-in
    /// source of a portal without a center warms nothing); false when the center could not be reached.
    /// </summary>
    private async Task<bool> WarmConnectionsAsync(ISharedRecordSource source)
    {
        try
        {
            await source.WarmUpAsync(Connections, stopping.Token);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or DataCenterException || (e is TaskCanceledException && !stopping.IsCancellationRequested))
        {
            LogCenterNotReached(logger, e.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Record path warmed up with {LabResults} made-up lab results in {Passes} passes (the last compiled {Methods} methods) in {Milliseconds} ms")]
    private static partial void LogWarmedUp(ILogger logger, int labResults, int passes, long methods, long milliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Record path warm-up pass {Pass}: the runtime compiled {Methods} methods")]
    private static partial void LogPass(ILogger logger, int pass, long methods);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record path warm-up failed; ready without it")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record path warm-up could not reach the data center ({Error}); ready without warm connections")]
    private static partial void LogCenterNotReached(ILogger logger, string error);
}
