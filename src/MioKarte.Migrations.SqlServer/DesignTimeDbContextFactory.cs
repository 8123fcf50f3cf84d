using MioKarte.Core.Data;

namespace MioKarte.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef</c> build the context for SQL Server.</summary>
public sealed class DesignTimeDbContextFactory() : DesignTimeContextFactory(
    DatabaseProvider.SqlServer, "Server=(design-time);Database=MioKarte;Integrated Security=true;TrustServerCertificate=false");
