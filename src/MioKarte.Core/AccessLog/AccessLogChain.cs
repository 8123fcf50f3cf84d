using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;

namespace MioKarte.Core.AccessLog;

/// <summary>
/// The node's one access-log writer (a singleton): group commit. Views of concurrent requests that
/// have nothing else to save are queued here; one writer at a time takes every view queued so far
/// (at most <see cref="MaxViewsPerCommit"/>) and appends them in ONE transaction — head row locked,
/// chain computed under it, head moved, commit — and only then completes each waiting request, so
/// no page is sent before its row is durable. While a batch commits, the next one gathers: under load
/// one commit carries many views, alone a view is committed at once (no timer, no added wait).
/// Several nodes still serialise in the database (<see cref="AccessLogHead"/>); <see cref="Gate"/>
/// only keeps this node's own transactions (batches and the writer's direct appends) from queueing
/// on the database's lock with a connection each.
/// </summary>
public sealed class AccessLogChain(IServiceScopeFactory scopes, TimeProvider time, PortalMetrics metrics, ILogger<AccessLogChain> logger) : IDisposable
{
    /// <summary>Bounds one transaction (its rows, its time holding the head row's lock).</summary>
    public const int MaxViewsPerCommit = 256;

    private readonly Lock queueLock = new();
    private readonly Queue<Waiting> queue = new();
    private bool writing;

    internal SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>
    /// Queues the view and answers its rows once they are committed (or the commit's exception).
    /// Cancelling stops the wait, not the commit: a view already queued may still be logged, which
    /// errs on the side of the audit.
    /// </summary>
    internal Task<IReadOnlyList<AccessLogEntry>> AppendAsync(AccessLogView view, CancellationToken cancellationToken)
    {
        var waiting = new Waiting(view);
        bool start;
        lock (queueLock)
        {
            queue.Enqueue(waiting);
            start = !writing;
            writing = true;
        }

        if (start)
        {
            // Not under the first request's trace and logging scope: the batch is every request's.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(WriteAsync, CancellationToken.None);
            }
        }

        return waiting.Committed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Commits batches until the queue is empty; then the next view starts a writer again.</summary>
    private async Task WriteAsync()
    {
        while (true)
        {
            List<Waiting> batch;
            lock (queueLock)
            {
                if (queue.Count == 0)
                {
                    writing = false;
                    return;
                }

                batch = new List<Waiting>(Math.Min(queue.Count, MaxViewsPerCommit));
                while (batch.Count < MaxViewsPerCommit && queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }
            }

            try
            {
                var appended = await CommitAsync(batch.ConvertAll(w => w.View));
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Committed.TrySetResult(appended[i]);
                }
            }
            catch (Exception e)
            {
                // Every view of the failed transaction fails: none of their pages is sent.
                foreach (var waiting in batch)
                {
                    waiting.Committed.TrySetException(e);
                }
            }
        }
    }

    private async Task<IReadOnlyList<IReadOnlyList<AccessLogEntry>>> CommitAsync(List<AccessLogView> views)
    {
        await Gate.WaitAsync();
        try
        {
            // A context of the writer's own, never a request's: nothing a handler left pending is saved.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            return await AccessLogAppend.AppendAsync(db, views, time, metrics, logger, CancellationToken.None);
        }
        finally
        {
            Gate.Release();
        }
    }

    public void Dispose() => Gate.Dispose();

    private sealed class Waiting(AccessLogView view)
    {
        public AccessLogView View { get; } = view;

        // Continuations run on the pool, not on the writer, so the next batch starts at once.
        public TaskCompletionSource<IReadOnlyList<AccessLogEntry>> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
