using MioKarte.Core.Data;

namespace MioKarte.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the context for SQLite.</summary>
public sealed class DesignTimeDbContextFactory() : DesignTimeContextFactory(DatabaseProvider.Sqlite, "Data Source=design-time.db");
