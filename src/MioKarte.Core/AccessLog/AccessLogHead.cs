namespace MioKarte.Core.AccessLog;

/// <summary>
/// 閲覧記録の先頭: the one row that says where the chain ends (the last row's 連番 and hash). Every
/// append updates it first, in the same transaction as its rows, so the database — not a process —
/// makes appends from several portal nodes wait for each other (<see cref="AccessLogWriter"/>).
/// It is also a witness for the verifier: rows removed from the end of the log leave the head
/// pointing past the last row.
/// </summary>
public sealed class AccessLogHead
{
    /// <summary>The only row's key (seeded by the migration with the genesis head).</summary>
    public const int SingletonId = 1;

    private AccessLogHead()
    {
    }

    public int Id { get; private set; }

    /// <summary>The last appended row's 連番 (0 before the first row).</summary>
    public long Sequence { get; private set; }

    /// <summary>The last appended row's hash (<see cref="AccessLogEntry.GenesisHash"/> before the first row).</summary>
    public string Hash { get; private set; } = AccessLogEntry.GenesisHash;
}
