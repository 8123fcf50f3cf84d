using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
    public void Both_providers_have_the_same_migrations_in_the_same_order()
    {
        using var sqlite = Context(DatabaseProvider.Sqlite);
        using var sqlServer = Context(DatabaseProvider.SqlServer);

        var names = (DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]).ToList();

        Assert.NotEmpty(names(sqlite));
        Assert.Equal(names(sqlite), names(sqlServer));
    }

    [Fact]
    public void PostgreSQL_starts_from_a_baseline_and_then_has_the_others_migrations()
    {
        // Its baseline stands for every migration made before PostgreSQL came; each one since is added
        // to all three providers by scripts/add-migration.sh.
        using var sqlite = Context(DatabaseProvider.Sqlite);
        using var postgreSql = Context(DatabaseProvider.PostgreSql);
        var names = (DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]).ToList();

        var pg = names(postgreSql);
        var others = names(sqlite);

        Assert.Equal("PostgreSqlBaseline", pg[0]);
        Assert.Equal(others.Skip(others.IndexOf(LastMigrationBeforePostgreSql) + 1), pg.Skip(1));
    }

    /// <summary>The last migration of SQLite and SQL Server that the PostgreSQL baseline was generated after.</summary>
    private const string LastMigrationBeforePostgreSql = "ProviderNeutralModel";

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
    public async Task Users_from_before_rights_existed_get_the_rights_their_role_had_and_set_rights_are_kept()
    {
        var file = Path.Combine(Path.GetTempPath(), "miokarte-rights-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await using var db = Context(DatabaseProvider.Sqlite, "Data Source=" + file);
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(db.Database.GetMigrations().Single(m => m.EndsWith("_FacilityUsersPatientLinksAccessLog", StringComparison.Ordinal)));
            var facility = Guid.NewGuid().ToString().ToUpperInvariant();
            await InsertRowAsync(db, "Facilities", new Dictionary<string, object?>(StringComparer.Ordinal) { ["Id"] = facility, ["Code"] = "V00009" });
            await InsertUserAsync(db, "admin", facility, "", "FacilityAdministrator");
            await InsertUserAsync(db, "nurse", facility, "", "Staff");
            await InsertUserAsync(db, "clerk", facility, "None", "Staff"); // set to none by an administrator
            await InsertUserAsync(db, "council", null, "", "CouncilStaff");

            await db.Database.MigrateAsync();

            var rights = await db.Database.SqlQueryRaw<string>("SELECT UserName || '=' || Rights AS Value FROM AspNetUsers ORDER BY UserName").ToListAsync();
            Assert.Equal(
                ["admin=ViewClinicalData, RegisterPatientLinks, ManageUsers", "clerk=None", "council=None", "nurse=ViewClinicalData, RegisterPatientLinks"],
                rights);
            // Every row reads as a PortalUser again.
            Assert.Equal(4, await db.Users.CountAsync(u => u.Rights != Core.Identity.UserRights.ManageUsers));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    /// <summary>A user row as the database held it then, with its role.</summary>
    private static async Task InsertUserAsync(MioKarteDbContext db, string userName, string? facilityId, string rights, string role)
    {
        await InsertRowAsync(db, "AspNetUsers", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Id"] = userName + "-id",
            ["UserName"] = userName,
            ["NormalizedUserName"] = userName.ToUpperInvariant(),
            ["FacilityId"] = facilityId,
            ["Rights"] = rights,
        });
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO AspNetUserRoles (UserId, RoleId) SELECT {0}, Id FROM AspNetRoles WHERE Name = {1}", userName + "-id", role);
    }

    /// <summary>Inserts <paramref name="values"/>, filling every other required column of the table as it is now with a neutral value.</summary>
    private static async Task InsertRowAsync(MioKarteDbContext db, string table, Dictionary<string, object?> values)
    {
        var columns = await db.Database.SqlQueryRaw<TableColumn>("SELECT name AS Name, type AS Type, \"notnull\" AS Required FROM pragma_table_info({0})", table).ToListAsync();
        foreach (var column in columns.Where(c => c.Required == 1 && !values.ContainsKey(c.Name)))
        {
            values[column.Name] = column.Type == "INTEGER" ? 0 : "x";
        }

        // A null is left out: the column's default is NULL.
        var names = values.Where(v => v.Value is not null).Select(v => v.Key).ToList();
        var sql = $"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "{" + i + "}"))})";
        await db.Database.ExecuteSqlRawAsync(sql, names.Select(n => values[n]!));
    }

    private sealed record TableColumn(string Name, string Type, long Required);

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
