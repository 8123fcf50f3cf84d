using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;
using Npgsql;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// <c>dotnet MioKarte.Web.dll database VERB …</c>: the database work an operator does beside the
/// running nodes, against the database the configuration names (docs/operations.md). It never
/// migrates unasked and never serves.
/// <list type="bullet">
/// <item><c>info</c>: provider, last applied migration, pending and unknown migrations, and the files a
/// backup takes (key=value lines, read by scripts/backup.sh and restore.sh).</item>
/// <item><c>script --output FILE</c>: the idempotent SQL script of every migration for the provider (servers only: EF Core has none for SQLite).</item>
/// <item><c>migrate</c>: applies the pending migrations (before the nodes of a new version restart).</item>
/// <item><c>backup --output FILE</c>: an online-safe copy of the database (SQLite's backup API, or
/// <c>pg_dump -Fc</c> from <c>--pg-bin DIR</c>).</item>
/// <item><c>restore --input FILE</c>: into an empty database only (SQLite file absent or without
/// tables; PostgreSQL database without tables; <c>pg_restore</c>).</item>
/// </list>
/// Exit codes: 0 done, 1 refused (the message says why), 2 the database could not be used.
/// Migration ids are read from the migrations assembly at run time, never named here.
/// </summary>
public static class DatabaseCommand
{
    public const string Name = "database";

    public const int Done = 0;
    public const int Refused = 1;
    public const int Failed = 2;

    public static bool IsRequested(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        try
        {
            return args switch
            {
                [_, "info"] => await InfoAsync(scope.ServiceProvider, db, options, output, cancellationToken),
                [_, "script", "--output", var file] => await ScriptAsync(db, options, file, output, error, cancellationToken),
                [_, "migrate"] => await MigrateAsync(db, output, cancellationToken),
                [_, "backup", "--output", var file, .. var rest] => await BackupAsync(db, options, file, PgBin(rest), output, error, cancellationToken),
                [_, "restore", "--input", var file, .. var rest] => await RestoreAsync(db, options, file, PgBin(rest), output, error, cancellationToken),
                _ => await UsageAsync(error),
            };
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            await error.WriteLineAsync($"データベースを使えませんでした: {e.GetType().Name}: {e.Message}");
            await error.WriteLineAsync($"The database could not be used: {e.GetType().Name}: {e.Message}");
            return Failed;
        }
    }

    private static string? PgBin(string[] rest) => rest is ["--pg-bin", var dir, ..] ? dir : null;

    private static async Task<int> UsageAsync(TextWriter error)
    {
        await error.WriteLineAsync("使い方 / usage: database info | script --output FILE | migrate | backup --output FILE [--pg-bin DIR] | restore --input FILE [--pg-bin DIR]");
        return Refused;
    }

    private static async Task<int> InfoAsync(IServiceProvider services, MioKarteDbContext db, DatabaseOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var environment = services.GetRequiredService<IWebHostEnvironment>();
        var dataFolder = services.GetRequiredService<IOptions<PortalOptions>>().Value.ResolveDataFolder(environment.ContentRootPath);
        var sqliteFile = options.Provider == DatabaseProvider.Sqlite ? new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource : "";
        // A SQLite file that is not there yet is an empty database: opening it would create it (and its folder must exist).
        var exists = options.Provider != DatabaseProvider.Sqlite || File.Exists(sqliteFile);
        var state = exists ? await DatabaseMigration.ReadStateAsync(db, cancellationToken) : new MigrationState([], [.. db.Database.GetMigrations()], []);
        var lines = new List<(string, string?)>
        {
            ("provider", options.Provider.ToString()),
            ("migration", state.Applied.Count == 0 ? "" : state.Applied[^1]),
            ("pending", state.Pending.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("unknown", string.Join(',', state.Unknown)),
            ("data-folder", dataFolder),
            ("sqlite-file", sqliteFile),
            ("network-ca-folder", configuration.GetValue<bool>("NetworkCa:Generate") ? Path.Combine(dataFolder, NetworkCaKeys.FolderName) : ""),
            ("network-ca-certificate", configuration["NetworkCa:CertificatePath"]),
            ("dataprotection-certificate", configuration[$"{PortalDataProtection.SectionName}:CertificatePath"]),
            ("dataprotection-previous-certificate", configuration[$"{PortalDataProtection.SectionName}:PreviousCertificatePath"]),
            ("consent-scans", Path.Combine(dataFolder, "consent-scans")),
        };
        foreach (var (key, value) in lines)
        {
            await output.WriteLineAsync($"{key}={value}");
        }

        return Done;
    }

    private static async Task<int> ScriptAsync(
        MioKarteDbContext db, DatabaseOptions options, string file, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // EF Core cannot write an idempotent script for SQLite (no conditional DDL); it is one node's file anyway.
            await error.WriteLineAsync("SQLite の冪等な移行スクリプトは作れません。database migrate を使ってください / SQLite has no idempotent script: use 'database migrate'");
            return Refused;
        }

        // Every migration, each guarded by the history table: the script can run on a database at any version.
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        await File.WriteAllTextAsync(file, script, cancellationToken);
        await output.WriteLineAsync($"冪等な移行スクリプトを書きました / idempotent migration script written: {file}");
        return Done;
    }

    private static async Task<int> MigrateAsync(MioKarteDbContext db, TextWriter output, CancellationToken cancellationToken)
    {
        // A database from before the baseline (ADR-0007) is refused with what to do, never recreated here.
        var pending = (await DatabaseMigration.MigrateAsync(db, recreateBeforeBaseline: false, NullLogger.Instance, cancellationToken)).Pending;
        await output.WriteLineAsync($"{pending.Count} 件の移行を適用しました / {pending.Count} migration(s) applied{(pending.Count > 0 ? ": " + string.Join(", ", pending) : "")}");
        return Done;
    }

    private static async Task<int> BackupAsync(
        MioKarteDbContext db, DatabaseOptions options, string file, string? pgBin, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (File.Exists(file))
        {
            await error.WriteLineAsync($"バックアップ先が既にあります / the backup file already exists: {file}");
            return Refused;
        }

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                // SQLite's online backup: a consistent copy while the nodes keep writing (a plain copy of a live file is not).
                await using (var source = new SqliteConnection(db.Database.GetConnectionString()))
                await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
                {
                    await source.OpenAsync(cancellationToken);
                    await target.OpenAsync(cancellationToken);
                    source.BackupDatabase(target);
                }

                break;
            case DatabaseProvider.PostgreSql:
                // One snapshot of the whole database, in pg_dump's custom format (pg_restore reads it).
                var dumped = await RunPostgreSqlToolAsync(pgBin, "pg_dump", options, ["--format=custom", "--no-owner", "--no-privileges", "--file", file], error, cancellationToken);
                if (dumped != 0)
                {
                    return Failed;
                }

                break;
            default:
                await error.WriteLineAsync($"{options.Provider} はこのコマンドではバックアップしません（サーバーのバックアップ機能を使ってください） / back up {options.Provider} with the server's own tools");
                return Refused;
        }

        await output.WriteLineAsync($"データベースをバックアップしました / database backed up: {file}");
        return Done;
    }

    private static async Task<int> RestoreAsync(
        MioKarteDbContext db, DatabaseOptions options, string file, string? pgBin, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"バックアップがありません / no backup file: {file}");
            return Refused;
        }

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var path = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
                if (File.Exists(path) && new FileInfo(path).Length > 0)
                {
                    return await RefuseNonEmptyAsync(error, path);
                }

                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

                await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
                await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
                {
                    await source.OpenAsync(cancellationToken);
                    await target.OpenAsync(cancellationToken);
                    source.BackupDatabase(target);
                }

                break;
            case DatabaseProvider.PostgreSql:
                if (await PostgreSqlTableCountAsync(options, cancellationToken) > 0)
                {
                    return await RefuseNonEmptyAsync(error, new NpgsqlConnectionStringBuilder(options.ConnectionString).Database ?? "");
                }

                // The whole dump in one transaction: a restore that fails leaves the database empty, not half restored.
                var restored = await RunPostgreSqlToolAsync(pgBin, "pg_restore", options, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", file], error, cancellationToken);
                if (restored != 0)
                {
                    return Failed;
                }

                break;
            default:
                await error.WriteLineAsync($"{options.Provider} はこのコマンドでは復元しません / restore {options.Provider} with the server's own tools");
                return Refused;
        }

        await output.WriteLineAsync($"データベースを復元しました / database restored from {file}");
        return Done;
    }

    private static async Task<int> RefuseNonEmptyAsync(TextWriter error, string target)
    {
        await error.WriteLineAsync($"復元先のデータベースが空ではありません。上書きはしません: {target}");
        await error.WriteLineAsync($"The target database is not empty; a restore never overwrites: {target}");
        return Refused;
    }

    private static async Task<long> PostgreSqlTableCountAsync(DatabaseOptions options, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Runs pg_dump or pg_restore against the configured database. The connection goes in PG*
    /// environment variables, so the password is never on a command line (visible to every user in ps).
    /// </summary>
    private static async Task<int> RunPostgreSqlToolAsync(
        string? pgBin, string tool, DatabaseOptions options, string[] arguments, TextWriter error, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        var info = new ProcessStartInfo(pgBin is null ? tool : Path.Combine(pgBin, tool))
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (tool == "pg_restore")
        {
            info.ArgumentList.Add("--dbname");
            info.ArgumentList.Add(connection.Database ?? "");
        }

        info.Environment["PGHOST"] = connection.Host;
        info.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = connection.Username;
        info.Environment["PGDATABASE"] = connection.Database;
        if (connection.Password is { Length: > 0 } password)
        {
            info.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        var messages = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            await error.WriteLineAsync($"{tool} が失敗しました（終了コード {process.ExitCode}） / {tool} failed (exit {process.ExitCode}): {messages.Trim()}");
        }

        return process.ExitCode;
    }
}
