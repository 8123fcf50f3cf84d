using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;

namespace MioKarte.Core.AccessLog;

/// <summary>
/// Appends rows to the access log (閲覧記録). Every view of patient data calls
/// <see cref="AppendAsync"/> before it answers. Appends are serialised in this process by
/// <see cref="AccessLogChain"/>; across processes the unique <see cref="AccessLogEntry.Sequence"/>
/// refuses a second row on the same head, and the append retries on the new head.
/// </summary>
public sealed class AccessLogWriter(MioKarteDbContext db, AccessLogChain chain, TimeProvider time)
{
    private const int Attempts = 3;

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
        await chain.Gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var head = chain.Head ?? await ReadHeadAsync(cancellationToken);
                var now = time.GetUtcNow().UtcDateTime;
                var entries = new List<AccessLogEntry>(records.Count);
                foreach (var record in records)
                {
                    var entry = AccessLogEntry.After(head, actor, record, now);
                    entries.Add(entry);
                    head = new ChainHead(entry.Sequence, entry.Hash);
                }

                db.AccessLog.AddRange(entries);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    chain.Head = head;
                    return entries;
                }
                catch (DbUpdateException) when (attempt < Attempts)
                {
                    // Another process extended the chain: forget the cached head and try on the new one.
                    foreach (var entry in entries)
                    {
                        db.Entry(entry).State = EntityState.Detached;
                    }

                    chain.Head = null;
                }
            }
        }
        finally
        {
            chain.Gate.Release();
        }
    }

    private Task<ChainHead?> ReadHeadAsync(CancellationToken cancellationToken) =>
        db.AccessLog.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new ChainHead(e.Sequence, e.Hash))
            .FirstOrDefaultAsync(cancellationToken);
}

/// <summary>The head of the chain as this process last wrote it, and the lock that guards appends (a singleton).</summary>
public sealed class AccessLogChain : IDisposable
{
    internal SemaphoreSlim Gate { get; } = new(1, 1);

    internal ChainHead? Head { get; set; }

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
                return ChainVerification.Intact(expected - 1);
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
