using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.AccessLog;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>
/// A rolling upgrade (docs/operations.md, 「無停止の更新」): the next version's migrations are applied
/// before its nodes restart, while nodes of this version keep serving. So a node of this version
/// must work on a database that is AHEAD of it by an expand step — here a test-only step made of
/// plain SQL (a nullable column on a table this version writes, a new table, and a history row this
/// version does not know), no product migration — and a node must refuse to start on a database
/// that lacks one of its own migrations when it may not migrate (Database:MigrateOnStart=false).
/// Migration ids are read from the database and the migrations assembly at run time.
/// </summary>
public sealed class RollingUpgradeTests
{
    /// <summary>The history row of the test-only expand step: later than any real migration's id.</summary>
    private const string ExpandStep = "99991231235959_TestOnlyExpand";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_node_starts_on_a_database_ahead_of_it_and_reads_writes_and_serves_pages(bool migrateOnStart)
    {
        using var first = new PortalFactory();
        var facility = await first.AddFacilityAsync("拡張前病院");
        await first.CreateUserAsync("upgrade.staff", PortalRoles.Staff, facilityId: facility.Id);
        await ExpandAsync(first);
        // The next version writes its new column and table.
        await first.SqlAsync($"UPDATE \"Facilities\" SET \"TestOnlyNote\" = 'next version' WHERE \"Id\" = '{FacilityIdText(facility.Id)}'");
        await first.SqlAsync("INSERT INTO \"TestOnlyExpansion\" (\"Id\", \"Note\") VALUES (1, 'next version')");

        using var node = UpgradeNode(first, migrateOnStart);
        using var client = node.CreatePortalClient();
        await client.SignInSuccessfullyAsync("upgrade.staff");
        using var account = await client.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        // Writes through this version's model on the expanded table (the new column stays NULL) …
        var added = await node.AddFacilityAsync("拡張後に登録した診療所");
        await node.AppendAsync(AccessLogSteps.Actor("upgrade.staff", facility.Id), new AccessRecord(AccessAction.PatientList, Target: "after-expand"));
        // … and reads rows the next version wrote.
        var names = await node.WithServiceAsync<List<string>, MioKarteDbContext>(db =>
            db.Facilities.AsNoTracking().Where(f => f.Id == facility.Id || f.Id == added.Id).Select(f => f.Name).ToListAsync());
        Assert.Equal(2, names.Count);
        Assert.True((await node.VerifyAsync()).IsIntact);
        var unknown = (await node.WithServiceAsync<MigrationState, MioKarteDbContext>(db => DatabaseMigration.ReadStateAsync(db))).Unknown;
        Assert.Equal(ExpandStep, Assert.Single(unknown));
    }

    [Fact]
    public async Task A_node_that_may_not_migrate_refuses_to_start_until_its_migrations_are_applied()
    {
        using var first = new PortalFactory();
        var last = await first.WithServiceAsync<string, MioKarteDbContext>(async db => (await db.Database.GetAppliedMigrationsAsync()).Last());
        // As if the database were still at the previous version: this version's last migration is pending.
        await first.SqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{last}'");

        using (var behind = UpgradeNode(first, migrateOnStart: false))
        {
            var refusal = Assert.ThrowsAny<Exception>(() => behind.Services);
            var message = string.Join(" | ", Flatten(refusal).Select(e => e.Message));
            Assert.Contains(last, message, StringComparison.Ordinal);
            Assert.Contains("database migrate", message, StringComparison.Ordinal);
        }

        // The migration applied (here: its history row back, as the script would write it), the node starts.
        var productVersion = typeof(DbContext).Assembly.GetName().Version!.ToString(3);
        await first.SqlAsync($"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('{last}', '{productVersion}')");
        using var upToDate = UpgradeNode(first, migrateOnStart: false);
        using var client = upToDate.CreatePortalClient();
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task The_database_command_writes_the_idempotent_script_reports_the_state_and_migrates_nothing_twice()
    {
        using var portal = new PortalFactory();
        var script = Path.Combine(portal.DataFolder, "migrations.sql");
        var last = await portal.WithServiceAsync<string, MioKarteDbContext>(async db => (await db.Database.GetAppliedMigrationsAsync()).Last());

        var (scriptExit, _) = await RunAsync(portal, "script", "--output", script);
        var (infoExit, info) = await RunAsync(portal, "info");
        var (migrateExit, migrated) = await RunAsync(portal, "migrate");

        if (TestDatabase.IsPostgreSql)
        {
            Assert.Equal(DatabaseCommand.Done, scriptExit);
            var sql = await File.ReadAllTextAsync(script);
            Assert.Contains("__EFMigrationsHistory", sql, StringComparison.Ordinal);
            // Idempotent: the last migration's statements are guarded by a check of its history row.
            Assert.True(sql.Split(last).Length > 2, "the script names the last migration in its guard and its history insert");
        }
        else
        {
            // EF Core has no idempotent script for SQLite: refused with a pointer to 'database migrate'.
            Assert.Equal(DatabaseCommand.Refused, scriptExit);
            Assert.False(File.Exists(script));
        }

        Assert.Equal(DatabaseCommand.Done, infoExit);
        Assert.Contains($"provider={TestDatabase.Provider}", info, StringComparison.Ordinal);
        Assert.Contains($"migration={last}", info, StringComparison.Ordinal);
        Assert.Contains("pending=0", info, StringComparison.Ordinal);
        Assert.Equal(DatabaseCommand.Done, migrateExit);
        Assert.Contains("0 migration(s) applied", migrated, StringComparison.Ordinal);
    }

    /// <summary>The next version's expand step, by hand: nullable column, new table, its history row.</summary>
    private static async Task ExpandAsync(PortalFactory portal)
    {
        await portal.SqlAsync("ALTER TABLE \"Facilities\" ADD \"TestOnlyNote\" varchar(200) NULL");
        await portal.SqlAsync("CREATE TABLE \"TestOnlyExpansion\" (\"Id\" integer NOT NULL PRIMARY KEY, \"Note\" varchar(200) NULL)");
        var productVersion = typeof(DbContext).Assembly.GetName().Version!.ToString(3);
        await portal.SqlAsync($"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('{ExpandStep}', '{productVersion}')");
    }

    /// <summary>A Guid as each provider stores it: SQLite as upper-case text, PostgreSQL as uuid (text accepted).</summary>
    private static string FacilityIdText(Guid id) => TestDatabase.IsPostgreSql ? id.ToString() : id.ToString().ToUpperInvariant();

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(PortalFactory portal, params string[] verb)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DatabaseCommand.RunAsync(portal.Services, [DatabaseCommand.Name, .. verb], output, error);
        return (exit, output.ToString() + error);
    }

    /// <summary>A node of this version over <paramref name="first"/>'s database, migrating on start or not.</summary>
    private static PortalFactory UpgradeNode(PortalFactory first, bool migrateOnStart) => new(first)
    {
        Settings = new Dictionary<string, string?> { ["Database:MigrateOnStart"] = migrateOnStart ? "true" : "false" },
    };
}
