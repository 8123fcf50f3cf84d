using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MioKarte.Core.Data;

namespace MioKarte.Migrations.PostgreSql;

/// <summary>
/// Lets <c>dotnet ef</c> build the context for PostgreSQL. Generating migrations and scripts
/// never connects, so the placeholder connection string is never used.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MioKarteDbContext>
{
    public MioKarteDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<MioKarteDbContext>();
        builder.UseConfiguredProvider(
                new DatabaseOptions
                {
                    Provider = DatabaseProvider.PostgreSql,
                    ConnectionString = "Host=design-time;Database=miokarte;Username=miokarte",
                },
                dataFolder: ".");
        return new MioKarteDbContext(builder.Options);
    }
}
