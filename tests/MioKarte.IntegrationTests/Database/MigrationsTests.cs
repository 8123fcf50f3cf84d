using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MioKarte.Core.Data;

namespace MioKarte.IntegrationTests.Database;

/// <summary>Both providers' migrations describe the current model, and they move in step.</summary>
public sealed class MigrationsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void The_model_has_no_changes_without_a_migration(DatabaseProvider provider)
    {
        using var db = Context(provider);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model differs from the {provider} snapshot: run scripts/add-migration.sh NameOfChange.");
    }

    [Fact]
    public void Both_providers_have_the_same_migrations_in_the_same_order()
    {
        using var sqlite = Context(DatabaseProvider.Sqlite);
        using var sqlServer = Context(DatabaseProvider.SqlServer);

        var names = (DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]).ToList();

        Assert.NotEmpty(names(sqlite));
        Assert.Equal(names(sqlite), names(sqlServer));
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
    public void The_SQL_Server_idempotent_script_guards_every_migration()
    {
        using var db = Context(DatabaseProvider.SqlServer);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script, StringComparison.Ordinal);
    }

    private static MioKarteDbContext Context(DatabaseProvider provider, string? connectionString = null)
    {
        var builder = new DbContextOptionsBuilder<MioKarteDbContext>();
        builder.UseConfiguredProvider(
            new DatabaseOptions
            {
                Provider = provider,
                ConnectionString = connectionString ?? (provider == DatabaseProvider.SqlServer
                    ? "Server=(unused);Database=MioKarte;Integrated Security=true"
                    : "Data Source=:memory:"),
            },
            Path.GetTempPath());
        return new MioKarteDbContext(builder.Options);
    }
}
