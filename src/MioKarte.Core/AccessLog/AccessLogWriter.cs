using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;

namespace MioKarte.Core.AccessLog;

/// <summary>
/// Appends rows to the access log (閲覧記録). Every view of patient data calls
/// <see cref="AppendAsync(Actor, AccessRecord, CancellationToken)"/> and answers only once it
/// has returned, i.e. once its rows are committed.
/// Appends are serialised by the database: each transaction first updates the <see cref="AccessLogHead"/>
/// row (a row lock on a server database, the write lock on SQLite), reads the head, adds its rows and
/// moves the head on before it commits — so a second portal node appending at the same moment waits
/// for the first one's commit and then extends the row it wrote. The unique
/// <see cref="AccessLogEntry.Sequence"/> stays as a second guard: a row written past the head (by a
/// node of an older version during a rolling upgrade, or a log older than the head row) is caught up
/// once from the log itself.
/// <para>
/// Two paths, one transaction code (<see cref="AccessLogAppend"/>): a view whose request has nothing
/// else to save is handed to the node's <see cref="AccessLogChain"/>, which commits the views of
/// concurrent requests in one transaction (group commit); an action that saves something with its
/// row (a link registered, a grant started, a visit noted) appends in the request's own context, so
/// the change and its row are stored together or not at all.
/// </para>
/// </summary>
public sealed class AccessLogWriter(MioKarteDbContext db, AccessLogChain chain, PortalMetrics metrics, TimeProvider time, ILogger<AccessLogWriter> logger)
{
    /// <summary>
    /// Adds the row and saves the context (with any other change the caller has pending, so an
    /// action and its log row are stored together or not at all).
    /// </summary>
    public async Task<AccessLogEntry> AppendAsync(Actor actor, AccessRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (await AppendAsync(actor, [record], cancellationToken))[0];
    }

    /// <summary>
    /// Adds the rows, in order and next to each other in the chain, and saves the context once: one
    /// view that shows several things (a table and a detail) is one save.
    /// </summary>
    public async Task<IReadOnlyList<AccessLogEntry>> AppendAsync(Actor actor, IReadOnlyList<AccessRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfZero(records.Count);
        if (db.Database.CurrentTransaction is null && !db.ChangeTracker.HasChanges())
        {
            // Nothing of the request's to store with the rows: join the node's next group commit.
            return await chain.AppendAsync(new AccessLogView(actor, records), cancellationToken);
        }

        // This process's transactions queue here instead of each holding a connection while it
        // waits for the database's lock. Nodes are ordered by the head row.
        await chain.Gate.WaitAsync(cancellationToken);
        try
        {
            var appended = await AccessLogAppend.AppendAsync(db, [new AccessLogView(actor, records)], time, metrics, logger, cancellationToken);
            return appended[0];
        }
        finally
        {
            chain.Gate.Release();
        }
    }
}

/// <summary>The rows of one view (one request), appended next to each other.</summary>
internal sealed record AccessLogView(Actor Actor, IReadOnlyList<AccessRecord> Records);

/// <summary>
/// The one transaction that appends the rows of one or more views to the chain: lock and read the
/// head, hash the rows after it, move the head, commit. Used by the writer in a request's own
/// context and by <see cref="AccessLogChain"/> for a batch of views.
/// </summary>
internal static partial class AccessLogAppend
{
    private const int Attempts = 2;

    /// <summary>The entries of each view, in the views' order; retried once from the log's last row when the head was behind.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<AccessLogEntry>>> AppendAsync(
        MioKarteDbContext db, IReadOnlyList<AccessLogView> views, TimeProvider time, PortalMetrics metrics, ILogger logger, CancellationToken cancellationToken)
    {
        var pending = new List<AccessLogEntry>();
        var strategy = db.Database.CreateExecutionStrategy();
        for (var attempt = 1; ; attempt++)
        {
            var catchUp = attempt > 1;
            try
            {
                // A retrying strategy (SQL Server) runs the whole transaction again after a transient failure.
                var appended = await strategy.ExecuteAsync(
                    ct => AppendOnceAsync(db, views, pending, catchUp, time, logger, ct), cancellationToken);
                metrics.AccessLogAppended(pending.Count);
                return appended;
            }
            catch (DbUpdateException) when (attempt < Attempts && db.Database.CurrentTransaction is null)
            {
                // A row already holds the next 連番: the head was behind the log. Try once more from the log's last row.
                Detach(db, pending);
            }
        }
    }

    private static async Task<IReadOnlyList<IReadOnlyList<AccessLogEntry>>> AppendOnceAsync(
        MioKarteDbContext db, IReadOnlyList<AccessLogView> views, List<AccessLogEntry> pending, bool catchUp,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        Detach(db, pending);
        // Inside a caller's transaction the rows join it; otherwise the append has its own.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var head = await LockHeadAsync(db, catchUp, logger, cancellationToken);
            // Whole microseconds: the hash covers the time, and PostgreSQL keeps microseconds (SQL
            // Server 100 ns, SQLite all ticks), so a finer time would verify on one provider and
            // read as altered on another.
            var clock = time.GetUtcNow().UtcDateTime;
            var now = clock.AddTicks(-(clock.Ticks % TimeSpan.TicksPerMicrosecond));
            var entries = new List<IReadOnlyList<AccessLogEntry>>(views.Count);
            foreach (var view in views)
            {
                var rows = new AccessLogEntry[view.Records.Count];
                for (var i = 0; i < rows.Length; i++)
                {
                    rows[i] = AccessLogEntry.After(head, view.Actor, view.Records[i], now);
                    head = new ChainHead(rows[i].Sequence, rows[i].Hash);
                }

                pending.AddRange(rows);
                entries.Add(rows);
            }

            db.AccessLog.AddRange(pending);
            await db.AccessLogHeads.Where(h => h.Id == AccessLogHead.SingletonId)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, head.Sequence).SetProperty(h => h.Hash, head.Hash), cancellationToken);
            if (own is null)
            {
                await db.SaveChangesAsync(cancellationToken);
                return entries;
            }

            // Changes are accepted only after the commit, so a retried transaction saves them again.
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            await own.CommitAsync(cancellationToken);
            db.ChangeTracker.AcceptAllChanges();
            return entries;
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
    private static async Task<ChainHead> LockHeadAsync(MioKarteDbContext db, bool catchUp, ILogger logger, CancellationToken cancellationToken)
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

    private static void Detach(MioKarteDbContext db, List<AccessLogEntry> entries)
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
