using MioKarte.Core.Data;

namespace MioKarte.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef</c> build the context for PostgreSQL.</summary>
public sealed class DesignTimeDbContextFactory() : DesignTimeContextFactory(
    DatabaseProvider.PostgreSql, "Host=design-time;Database=miokarte;Username=miokarte");
