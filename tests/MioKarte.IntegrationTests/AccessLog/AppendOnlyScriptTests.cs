using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MioKarte.Core.Data;

namespace MioKarte.IntegrationTests.AccessLog;

/// <summary>
/// SQL Server cannot run here, so its script is checked as text: the trigger that refuses UPDATE and
/// DELETE on the access log is created through EXEC (CREATE TRIGGER must begin a batch, and the
/// idempotent script wraps each migration in IF … BEGIN … END), and dropped again on the way down.
/// </summary>
public sealed class AppendOnlyScriptTests
{
    [Fact]
    public void The_SQL_Server_script_creates_the_append_only_trigger_in_a_batch_of_its_own()
    {
        var builder = new DbContextOptionsBuilder<MioKarteDbContext>();
        builder.UseConfiguredProvider(
            new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=(unused);Database=MioKarte;Integrated Security=true" },
            Path.GetTempPath());
        using var db = new MioKarteDbContext(builder.Options);
        var migrator = db.GetService<IMigrator>();

        var up = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var line = Assert.Single(up.Split('\n'), l => l.Contains("TR_AccessLog_AppendOnly", StringComparison.Ordinal));

        Assert.StartsWith("EXEC(N'CREATE TRIGGER [TR_AccessLog_AppendOnly] ON [AccessLog] INSTEAD OF UPDATE, DELETE AS", line.Trim(), StringComparison.Ordinal);
        Assert.Contains("THROW 51000, N''AccessLog is append-only", line, StringComparison.Ordinal);
        // The baseline (ADR-0007) creates it, and undoes it first on the way down.
        var baseline = Assert.Single(db.Database.GetMigrations(), m => m.EndsWith("_Baseline", StringComparison.Ordinal));
        var down = migrator.GenerateScript(fromMigration: baseline, toMigration: Migration.InitialDatabase);
        Assert.Contains("DROP TRIGGER IF EXISTS [TR_AccessLog_AppendOnly];", down, StringComparison.Ordinal);
    }
}
