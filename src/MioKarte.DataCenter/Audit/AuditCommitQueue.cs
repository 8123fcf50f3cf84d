using System.Threading.Channels;

using MioKarte.DataCenter.Data;

namespace MioKarte.DataCenter.Audit;

/// <summary>
/// Group commit for AuditEvents. A request hands its AuditEvent row here and waits until it is
/// committed, so no data leaves the center before its audit row is durable; but the rows of
/// requests that arrive together share one transaction (one WAL sync) instead of queuing for
/// SQLite's single writer one by one. Measured: a typical patient's nine parallel searches took
/// 176 ms with one commit each and 37 ms without audit; see docs/performance.md.
/// </summary>
public sealed partial class AuditCommitQueue(IServiceScopeFactory scopes, ILogger<AuditCommitQueue> logger) : BackgroundService
{
    /// <summary>Most rows in one transaction; a burst larger than this is committed in several.</summary>
    private const int MaxBatch = 256;

    private readonly Channel<Pending> pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues <paramref name="row"/> and completes once it is committed (or throws why it was not).</summary>
    public System.Threading.Tasks.Task CommitAsync(StoredResource row, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!pending.Writer.TryWrite(new Pending(row, done)))
        {
            throw new InvalidOperationException("The audit trail is shut down; nothing can be served without it.");
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await pending.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && pending.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                await CommitBatchAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: commit what is queued, so every answered request keeps its audit row.
            pending.Writer.TryComplete();
            while (pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await CommitBatchAsync(batch);
        }
    }

    private async System.Threading.Tasks.Task CommitBatchAsync(List<Pending> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DataCenterDbContext>();
            db.Resources.AddRange(batch.Select(p => p.Row));
            await db.SaveChangesAsync(CancellationToken.None);
            foreach (var item in batch)
            {
                item.Done.TrySetResult();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCommitFailed(logger, batch.Count, ex);
            foreach (var item in batch)
            {
                item.Done.TrySetException(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not commit {Count} audit events; their requests fail")]
    private static partial void LogCommitFailed(ILogger logger, int count, Exception exception);

    private sealed record Pending(StoredResource Row, TaskCompletionSource Done);
}
