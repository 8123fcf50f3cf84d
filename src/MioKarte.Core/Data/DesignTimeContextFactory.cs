using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MioKarte.Core.Data;

/// <summary>
/// Lets <c>dotnet ef</c> build the context for one provider without starting the portal; each
/// migrations project derives one. Generating migrations and scripts never connects, so a server's
/// placeholder connection string is never used.
/// </summary>
public abstract class DesignTimeContextFactory(DatabaseProvider provider, string connectionString)
    : IDesignTimeDbContextFactory<MioKarteDbContext>
{
    public MioKarteDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<MioKarteDbContext>();
        builder.UseConfiguredProvider(new DatabaseOptions { Provider = provider, ConnectionString = connectionString }, dataFolder: ".");
        return new MioKarteDbContext(builder.Options);
    }
}
