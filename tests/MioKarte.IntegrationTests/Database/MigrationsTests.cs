using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using MioKarte.Core.Data;

namespace MioKarte.IntegrationTests.Database;

/// <summary>Every provider's migrations describe the current model, and they move in step.</summary>
public sealed class MigrationsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void The_model_has_no_changes_without_a_migration(DatabaseProvider provider)
    {
        using var db = Context(provider);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model differs from the {provider} snapshot: run scripts/add-migration.sh NameOfChange.");
    }

    [Fact]
    public void Every_provider_has_the_same_migrations_in_the_same_order_starting_from_one_baseline()
    {
        // ADR-0007: the history before 1.0 is one Baseline per provider; scripts/add-migration.sh adds
        // each later migration to all three.
        var names = (DatabaseProvider provider) =>
        {
            using var db = Context(provider);
            return db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]).ToList();
        };

        var sqlite = names(DatabaseProvider.Sqlite);

        Assert.Equal("Baseline", sqlite[0]);
        Assert.Equal(sqlite, names(DatabaseProvider.SqlServer));
        Assert.Equal(sqlite, names(DatabaseProvider.PostgreSql));
    }

    [Fact]
    public async Task A_fresh_SQLite_file_is_migrated_to_the_latest_migration_with_the_four_roles()
    {
        var file = Path.Combine(Path.GetTempPath(), "miokarte-migrate-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await using var db = Context(DatabaseProvider.Sqlite, "Data Source=" + file);

            await db.Database.MigrateAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(
                ["CouncilStaff", "FacilityAdministrator", "Staff", "SystemAdministrator"],
                await db.Roles.Select(r => r.Name!).OrderBy(n => n).ToListAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_fresh_SQLite_file_refuses_to_change_or_delete_access_log_rows()
    {
        // The baseline's hand-written triggers (the only SQL the model cannot produce) are there.
        var file = TempDatabase("miokarte-triggers-");
        try
        {
            await using var db = Context(DatabaseProvider.Sqlite, "Data Source=" + file);
            await db.Database.MigrateAsync();

            var triggers = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AccessLog' ORDER BY name").ToListAsync();
            Assert.Equal(["AccessLog_RefuseDelete", "AccessLog_RefuseUpdate"], triggers);
        }
        finally
        {
            Delete(file);
        }
    }

    [Fact]
    public async Task A_database_from_before_the_baseline_is_refused_outside_Development_and_left_as_it_is()
    {
        var file = TempDatabase("miokarte-old-history-");
        try
        {
            await using var db = Context(DatabaseProvider.Sqlite, "Data Source=" + file);
            await MakeDatabaseFromOldHistoryAsync(db);

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseMigration.MigrateAsync(db, recreateBeforeBaseline: false, NullLogger.Instance));

            Assert.Contains("20261207051932_AddPasskeys", refused.Message, StringComparison.Ordinal);
            Assert.Contains(".data/portal/miokarte.db", refused.Message, StringComparison.Ordinal);
            Assert.Equal(["20261207051932_AddPasskeys"], await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(1, await TableCountAsync(db, "OldTable"));
        }
        finally
        {
            Delete(file);
        }
    }

    [Fact]
    public async Task In_Development_a_database_from_before_the_baseline_is_recreated_from_the_baseline()
    {
        var file = TempDatabase("miokarte-old-history-");
        try
        {
            await using var db = Context(DatabaseProvider.Sqlite, "Data Source=" + file);
            await MakeDatabaseFromOldHistoryAsync(db);

            await DatabaseMigration.MigrateAsync(db, recreateBeforeBaseline: true, NullLogger.Instance);

            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(0, await TableCountAsync(db, "OldTable"));
            Assert.Equal(4, await db.Roles.CountAsync());
        }
        finally
        {
            Delete(file);
        }
    }

    [Fact]
    public async Task An_up_to_date_database_is_migrated_as_it_is()
    {
        var file = TempDatabase("miokarte-current-");
        try
        {
            await using var db = Context(DatabaseProvider.Sqlite, "Data Source=" + file);
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE \"Kept\" (\"Id\" INTEGER)");

            await DatabaseMigration.MigrateAsync(db, recreateBeforeBaseline: true, NullLogger.Instance);

            Assert.Equal(1, await TableCountAsync(db, "Kept"));
        }
        finally
        {
            Delete(file);
        }
    }

    [Theory]
    [InlineData(new string[0], false)] // an empty database
    [InlineData(new[] { "2_Baseline" }, false)]
    [InlineData(new[] { "2_Baseline", "3_Later" }, false)]
    [InlineData(new[] { "2_Baseline", "3_Later", "4_FromANewerBuild" }, false)] // EF's to judge, not this check's
    [InlineData(new[] { "1_Initial", "1_Other" }, true)]
    public void Only_a_history_without_the_baseline_predates_it(string[] applied, bool predates)
    {
        Assert.Equal(predates, DatabaseMigration.PredatesBaseline(applied, ["2_Baseline", "3_Later"]));
    }

    /// <summary>A database as the squashed history left it: its own table and its last migration's id.</summary>
    private static async Task MakeDatabaseFromOldHistoryAsync(MioKarteDbContext db)
    {
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE \"__EFMigrationsHistory\" (\"MigrationId\" TEXT NOT NULL PRIMARY KEY, \"ProductVersion\" TEXT NOT NULL)");
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" VALUES ('20261207051932_AddPasskeys', '10.0.0')");
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE \"OldTable\" (\"Id\" INTEGER)");
    }

    private static Task<int> TableCountAsync(MioKarteDbContext db, string table) =>
        db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM sqlite_master WHERE type = 'table' AND name = {0}", table).SingleAsync();

    private static string TempDatabase(string prefix) => Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N") + ".db");

    private static void Delete(string file)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    [Fact]
    public void The_SQL_Server_idempotent_script_guards_every_migration()
    {
        using var db = Context(DatabaseProvider.SqlServer);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script, StringComparison.Ordinal);
    }

    internal static MioKarteDbContext Context(DatabaseProvider provider, string? connectionString = null)
    {
        var builder = new DbContextOptionsBuilder<MioKarteDbContext>();
        builder.UseConfiguredProvider(
            new DatabaseOptions
            {
                Provider = provider,
                ConnectionString = connectionString ?? provider switch
                {
                    DatabaseProvider.SqlServer => "Server=(unused);Database=MioKarte;Integrated Security=true",
                    DatabaseProvider.PostgreSql => "Host=unused;Database=miokarte;Username=unused",
                    _ => "Data Source=:memory:",
                },
            },
            Path.GetTempPath());
        return new MioKarteDbContext(builder.Options);
    }
}
