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
                options.ConnectionString,
                npgsql => npgsql.MigrationsAssembly(PostgreSqlMigrationsAssembly)),
            _ => throw new InvalidOperationException($"Unknown database provider {options.Provider}."),
        };
    }

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
