using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;

namespace MioKarte.Core.AccessLog;

/// <summary>
/// Appends rows to the access log (閲覧記録). Every view of patient data calls
/// <see cref="AppendAsync(AccessActor, AccessRecord, CancellationToken)"/> before it answers.
/// Appends are serialised by the database: each one first updates the <see cref="AccessLogHead"/>
/// row in its transaction (a row lock on a server database, the write lock on SQLite), reads the
/// head, adds its rows and moves the head on before it commits — so a second portal node appending
/// at the same moment waits for the first one's commit and then extends the row it wrote. The unique
/// <see cref="AccessLogEntry.Sequence"/> stays as a second guard: a row written past the head (by a
/// node of an older version during a rolling upgrade, or a log older than the head row) is caught up
/// once from the log itself.
/// </summary>
public sealed partial class AccessLogWriter(
    MioKarteDbContext db, AccessLogChain chain, TimeProvider time, PortalMetrics metrics, ILogger<AccessLogWriter> logger)
{
    private const int Attempts = 2;

    /// <summary>
    /// Adds the row and saves the context (with any other change the caller has pending, so an
    /// action and its log row are stored together or not at all).
    /// </summary>
    public async Task<AccessLogEntry> AppendAsync(AccessActor actor, AccessRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (await AppendAsync(actor, [record], cancellationToken))[0];
    }

    /// <summary>
    /// Adds the rows, in order, and saves the context once: one view that shows several things (a
    /// table and a detail) is one save.
    /// </summary>
    public async Task<IReadOnlyList<AccessLogEntry>> AppendAsync(AccessActor actor, IReadOnlyList<AccessRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfZero(records.Count);
        // Only an optimisation: this process's appends queue here instead of each holding a
        // connection while it waits for the database's lock. Nodes are ordered by the head row.
        await chain.Gate.WaitAsync(cancellationToken);
        try
        {
            var pending = new List<AccessLogEntry>(records.Count);
            var strategy = db.Database.CreateExecutionStrategy();
            for (var attempt = 1; ; attempt++)
            {
                var catchUp = attempt > 1;
                try
                {
                    // A retrying strategy (SQL Server) runs the whole transaction again after a transient failure.
                    var appended = await strategy.ExecuteAsync(
                        ct => AppendOnceAsync(actor, records, pending, catchUp, ct), cancellationToken);
                    metrics.AccessLogAppended(appended.Count);
                    return appended;
                }
                catch (DbUpdateException) when (attempt < Attempts && db.Database.CurrentTransaction is null)
                {
                    // A row already holds the next 連番: the head was behind the log. Try once more from the log's last row.
                    Detach(pending);
                }
            }
        }
        finally
        {
            chain.Gate.Release();
        }
    }

    private async Task<IReadOnlyList<AccessLogEntry>> AppendOnceAsync(
        AccessActor actor, IReadOnlyList<AccessRecord> records, List<AccessLogEntry> pending, bool catchUp, CancellationToken cancellationToken)
    {
        Detach(pending);
        // Inside a caller's transaction the rows join it; otherwise the append has its own.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var head = await LockHeadAsync(catchUp, cancellationToken);
            // Whole microseconds: the hash covers the time, and PostgreSQL keeps microseconds (SQL
            // Server 100 ns, SQLite all ticks), so a finer time would verify on one provider and
            // read as altered on another.
            var clock = time.GetUtcNow().UtcDateTime;
            var now = clock.AddTicks(-(clock.Ticks % TimeSpan.TicksPerMicrosecond));
            foreach (var record in records)
            {
                var entry = AccessLogEntry.After(head, actor, record, now);
                pending.Add(entry);
                head = new ChainHead(entry.Sequence, entry.Hash);
            }

            db.AccessLog.AddRange(pending);
            await db.AccessLogHeads.Where(h => h.Id == AccessLogHead.SingletonId)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, head.Sequence).SetProperty(h => h.Hash, head.Hash), cancellationToken);
            if (own is null)
            {
                await db.SaveChangesAsync(cancellationToken);
                return [.. pending];
            }

            // Changes are accepted only after the commit, so a retried transaction saves them again.
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            await own.CommitAsync(cancellationToken);
            db.ChangeTracker.AcceptAllChanges();
            return [.. pending];
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The transaction's first write: a no-op update of the head row takes its lock (portable: no
    /// <c>FOR UPDATE</c>, no lock hint), so another node's append waits here until this one commits.
    /// Then reads the head — or, when <paramref name="catchUp"/>, the log's own last row.
    /// </summary>
    private async Task<ChainHead> LockHeadAsync(bool catchUp, CancellationToken cancellationToken)
    {
        var locked = await db.AccessLogHeads.Where(h => h.Id == AccessLogHead.SingletonId)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, h => h.Sequence), cancellationToken);
        if (locked != 1)
        {
            throw new InvalidOperationException("The access log's head row is missing: apply the database migrations (docs/operations.md).");
        }

        var head = await db.AccessLogHeads.AsNoTracking()
            .Where(h => h.Id == AccessLogHead.SingletonId)
            .Select(h => new ChainHead(h.Sequence, h.Hash))
            .SingleAsync(cancellationToken);
        if (!catchUp)
        {
            return head;
        }

        var last = await db.AccessLog.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new ChainHead(e.Sequence, e.Hash))
            .FirstOrDefaultAsync(cancellationToken);
        if (last is null || last.Sequence <= head.Sequence)
        {
            return head;
        }

        LogCaughtUp(logger, head.Sequence, last.Sequence);
        return last;
    }

    private void Detach(List<AccessLogEntry> entries)
    {
        foreach (var entry in entries)
        {
            db.Entry(entry).State = EntityState.Detached;
        }

        entries.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The access log's head (連番 {Head}) was behind the log (連番 {Last}): a row was appended without moving the head (an older portal version, or a log from before the head row). Appending after the log's last row")]
    private static partial void LogCaughtUp(ILogger logger, long head, long last);
}

/// <summary>The lock that queues one process's appends (a singleton); the database orders the nodes.</summary>
public sealed class AccessLogChain : IDisposable
{
    internal SemaphoreSlim Gate { get; } = new(1, 1);

    public void Dispose() => Gate.Dispose();
}

/// <summary>
/// Walks the whole access log in order and checks that the sequence has no gap, each row points at
/// the previous row's hash and each row's hash matches its fields. Reads in pages, so a long log
/// needs little memory.
/// </summary>
public sealed class AccessLogVerifier(MioKarteDbContext db)
{
    private const int PageSize = 1000;

    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var previousHash = AccessLogEntry.GenesisHash;
        long expected = 1;
        while (true)
        {
            var page = await db.AccessLog.AsNoTracking()
                .Where(e => e.Sequence >= expected)
                .OrderBy(e => e.Sequence)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return await CompareWithHeadAsync(expected - 1, previousHash, cancellationToken);
            }

            foreach (var entry in page)
            {
                if (entry.Sequence != expected)
                {
                    return ChainVerification.Broken(expected - 1, expected, ChainProblem.MissingRow);
                }

                if (entry.PreviousHash != previousHash)
                {
                    return ChainVerification.Broken(expected - 1, entry.Sequence, ChainProblem.LinkBroken);
                }

                if (entry.ComputeHash() != entry.Hash)
                {
                    return ChainVerification.Broken(expected - 1, entry.Sequence, ChainProblem.RowAltered);
                }

                previousHash = entry.Hash;
                expected++;
            }
        }
    }

    /// <summary>
    /// The head row names the last row every append wrote: a head past the log's end means rows
    /// were removed from the end, which the walk alone cannot see; the same 連番 with another hash
    /// means the log's end was rewritten. A head behind the log is no fault (rows written before
    /// the head row existed, or by an older node during an upgrade; the next append catches up).
    /// </summary>
    private async Task<ChainVerification> CompareWithHeadAsync(long rows, string lastHash, CancellationToken cancellationToken)
    {
        var head = await db.AccessLogHeads.AsNoTracking()
            .Where(h => h.Id == AccessLogHead.SingletonId)
            .Select(h => new ChainHead(h.Sequence, h.Hash))
            .SingleOrDefaultAsync(cancellationToken);
        if (head is not null && head.Sequence > rows)
        {
            return ChainVerification.Broken(rows, rows + 1, ChainProblem.MissingRow);
        }

        if (head is not null && head.Sequence == rows && rows > 0 && head.Hash != lastHash)
        {
            return ChainVerification.Broken(rows - 1, rows, ChainProblem.LinkBroken);
        }

        return ChainVerification.Intact(rows);
    }
}

public enum ChainProblem
{
    MissingRow,  // a sequence number is missing: a row was deleted
    LinkBroken,  // the row does not point at the previous row's hash: rows were deleted or reordered
    RowAltered,  // the row's fields no longer give its hash: the row was edited
}

/// <summary>The verifier's answer: how many rows were intact, and the first broken row if any.</summary>
public sealed record ChainVerification(long IntactRows, long? FirstBrokenSequence, ChainProblem? Problem)
{
    public bool IsIntact => FirstBrokenSequence is null;

    public static ChainVerification Intact(long rows) => new(rows, null, null);

    public static ChainVerification Broken(long intactRows, long sequence, ChainProblem problem) => new(intactRows, sequence, problem);
}
