using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Identity;

namespace MioKarte.Core.Data;

/// <summary>
/// The portal's one database: Identity (利用者, roles) and every workflow's tables.
/// Handlers use it directly (docs/decisions/ADR-0001-no-repository-layer.md).
/// </summary>
public sealed class MioKarteDbContext(DbContextOptions<MioKarteDbContext> options)
    : IdentityDbContext<PortalUser>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MioKarteDbContext).Assembly);

        builder.Entity<PortalUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(100);
        });

        // The roles are part of the schema: seeded by migration, identical in every environment.
        builder.Entity<IdentityRole>().HasData(PortalRoles.All.Select(SeededRole));
    }

    private static IdentityRole SeededRole(string name) => new()
    {
        // Fixed ids and stamps keep the seed stable, so the model never shows a pending change.
        Id = "role-" + name.ToUpperInvariant(),
        Name = name,
        NormalizedName = name.ToUpperInvariant(),
        ConcurrencyStamp = "seed-" + name.ToUpperInvariant(),
    };
}
