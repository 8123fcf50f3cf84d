using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MioKarte.Core.Data;

namespace MioKarte.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the context for SQLite without starting the portal.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MioKarteDbContext>
{
    public MioKarteDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<MioKarteDbContext>();
        builder.UseConfiguredProvider(
                new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design-time.db" },
                dataFolder: ".");
        return new MioKarteDbContext(builder.Options);
    }
}
