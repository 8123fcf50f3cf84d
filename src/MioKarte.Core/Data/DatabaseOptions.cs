using Microsoft.Extensions.Options;

namespace MioKarte.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (the embedded default), <c>SqlServer</c> or <c>PostgreSql</c> (production servers).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The connection string. Optional for SQLite (then <c>miokarte.db</c> in the data folder),
    /// required for SQL Server and PostgreSQL. Never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Apply pending migrations when the portal starts. On by default for SQLite; for the server
    /// databases production applies the idempotent script instead (docs/operations.md).
    /// </summary>
    public bool? MigrateOnStart { get; set; }

    public bool ShouldMigrateOnStart => MigrateOnStart ?? Provider == DatabaseProvider.Sqlite;
}

public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail("Database:Provider must be Sqlite, SqlServer or PostgreSql.");
        }

        if (options.Provider != DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"Database:ConnectionString is required when Database:Provider is {options.Provider}.");
        }

        return ValidateOptionsResult.Success;
    }
}
