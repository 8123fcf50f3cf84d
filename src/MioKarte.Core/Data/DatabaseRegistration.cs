using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MioKarte.Core.Data;

/// <summary>Picks the database provider at run time from <see cref="DatabaseOptions"/>.</summary>
public static class DatabaseRegistration
{
    public const string SqliteMigrationsAssembly = "MioKarte.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "MioKarte.Migrations.SqlServer";
    public const string PostgreSqlMigrationsAssembly = "MioKarte.Migrations.PostgreSql";

    /// <summary>Configures <paramref name="builder"/> for the chosen provider and its migrations project.</summary>
    public static DbContextOptionsBuilder UseConfiguredProvider(
        this DbContextOptionsBuilder builder, DatabaseOptions options, string dataFolder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(
                SqliteConnectionString(options, dataFolder),
                sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(
                options.ConnectionString,
                sql => sql.MigrationsAssembly(SqlServerMigrationsAssembly).EnableRetryOnFailure()),
            // No retrying strategy: it refuses user-initiated transactions, which the workflows open.
            DatabaseProvider.PostgreSql => builder.UseNpgsql(
                PostgreSqlConnectionString(options.ConnectionString),
                npgsql => npgsql.MigrationsAssembly(PostgreSqlMigrationsAssembly)),
            _ => throw new InvalidOperationException($"Unknown database provider {options.Provider}."),
        };
    }

    /// <summary>
    /// The configured PostgreSQL connection string, with Npgsql's automatic preparation switched on
    /// unless the string sets it: every page runs the same few statements (session check, patient,
    /// links, access-log append), and a prepared statement spares the server its parse and plan on
    /// each — the database server shares the portal's cores (docs/performance.md). Prepared
    /// statements stay with the pooled connection across requests.
    /// </summary>
    public static string PostgreSqlConnectionString(string? configured)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured ?? "" };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(configured ?? "");
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
            if (!given.ContainsKey("Auto Prepare Min Usages") && !given.ContainsKey("AutoPrepareMinUsages"))
            {
                builder.AutoPrepareMinUsages = 2;
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>Statements Npgsql keeps prepared on each connection (least recently used go first).</summary>
    public const int AutoPreparedStatements = 64;

    private static string SqliteConnectionString(DatabaseOptions options, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataFolder, "miokarte.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Shared cache off, foreign keys on: SQLite enforces the same constraints as SQL Server.
            ForeignKeys = true,
            Pooling = true,
        }.ToString();
    }
}
