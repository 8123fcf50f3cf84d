using MioKarte.Core.Data;
using Npgsql;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>
/// The database provider the integration suite runs on: SQLite (a file per portal) unless
/// <c>MIOKARTE_TEST_DATABASE=PostgreSql</c>, then a database per portal on the server that
/// <c>MIOKARTE_TEST_POSTGRES</c> names (a connection string with rights to create databases;
/// scripts/test.sh starts a throwaway server and sets both).
/// </summary>
public static class TestDatabase
{
    public static DatabaseProvider Provider { get; } =
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable("MIOKARTE_TEST_DATABASE"), ignoreCase: true, out var provider)
            ? provider
            : DatabaseProvider.Sqlite;

    public static bool IsPostgreSql => Provider == DatabaseProvider.PostgreSql;

    private static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("MIOKARTE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("MIOKARTE_TEST_DATABASE=PostgreSql needs MIOKARTE_TEST_POSTGRES (a connection string to the server).");

    /// <summary>Creates an empty database of its own and returns the connection string to it.</summary>
    public static string CreatePostgreSqlDatabase()
    {
        var name = "miokarte_it_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ToString();
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing whatever still uses it.</summary>
    public static void DropPostgreSqlDatabase(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>A connection string to a database that does not exist on the test server: every connection fails.</summary>
    public static string UnreachablePostgreSql() =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "miokarte_missing_" + Guid.NewGuid().ToString("N") }.ToString();

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Database names are made here from a Guid; no input reaches the text.")]
    private static void Execute(string sql)
    {
        // The maintenance database, without pooling: these statements must not hold a connection open.
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Pooling = false };
        builder.Database ??= "postgres";
        using var connection = new NpgsqlConnection(builder.ToString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
