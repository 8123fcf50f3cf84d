using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MioKarte.Core.Data;

/// <summary>
/// Applies the migrations on start, and deals with a database made by the migration history that
/// ADR-0007 squashed into one baseline: such a database (a developer's <c>.data</c>) lists migrations
/// this build no longer has, and migrating it would try to create every table again.
/// </summary>
public static partial class DatabaseMigration
{
    /// <summary>
    /// Migrates <paramref name="db"/> and answers its state before migrating. A database from before the baseline is recreated empty when
    /// <paramref name="recreateBeforeBaseline"/> (Development only: its data is demo data), and
    /// otherwise refused with a message saying what to do — never silently dropped.
    /// </summary>
    public static async Task<MigrationState> MigrateAsync(DbContext db, bool recreateBeforeBaseline, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(logger);
        var state = await ReadStateAsync(db, cancellationToken);
        if (PredatesBaseline(state.Applied, db.Database.GetMigrations()))
        {
            if (!recreateBeforeBaseline)
            {
                throw new InvalidOperationException(
                    $"The database was made by the migration history from before the baseline migration (its last migration: {state.Applied[^1]}); " +
                    "that history was squashed into one baseline (docs/decisions/ADR-0007-one-baseline-migration.md) and cannot be continued. " +
                    "For a development database, delete the data folder's database (by default .data/portal/miokarte.db) and start again.");
            }

            LogRecreated(logger, state.Applied[^1]);
            await db.Database.EnsureDeletedAsync(cancellationToken);
            state = await ReadStateAsync(db, cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        return state;
    }

    /// <summary>
    /// The database's migrations against this build's, from one read of the history table: what it
    /// has applied, what this build would apply (pending), and what it has that this build does not
    /// know (a newer version's expand step).
    /// </summary>
    public static async Task<MigrationState> ReadStateAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var known = db.Database.GetMigrations().ToList();
        return new MigrationState(applied, [.. known.Except(applied, StringComparer.Ordinal)], [.. applied.Except(known, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// True when <paramref name="applied"/> is not empty but lacks the first migration this build
    /// knows (the baseline): the database was started by a history that no longer exists. A database
    /// from a newer build still starts with the baseline, and is left to EF.
    /// </summary>
    public static bool PredatesBaseline(IReadOnlyCollection<string> applied, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(known);
        var baseline = known.FirstOrDefault();
        return applied.Count > 0 && baseline is not null && !applied.Contains(baseline, StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development: the database was made by the migration history from before the baseline (last migration {LastMigration}); it is deleted and created again from the baseline (ADR-0007)")]
    private static partial void LogRecreated(ILogger logger, string lastMigration);
}

/// <summary>A database's migrations against this build's (<see cref="DatabaseMigration.ReadStateAsync"/>).</summary>
public sealed record MigrationState(IReadOnlyList<string> Applied, IReadOnlyList<string> Pending, IReadOnlyList<string> Unknown);
