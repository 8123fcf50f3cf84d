using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MioKarte.DataCenter.Data;

/// <summary>The data center's own database (never the portal's): resources as JSON with indexed columns.</summary>
public sealed class DataCenterDbContext(DbContextOptions<DataCenterDbContext> options) : DbContext(options)
{
    public DbSet<StoredResource> Resources => Set<StoredResource>();

    public DbSet<ResourceIdentifier> Identifiers => Set<ResourceIdentifier>();

    public DbSet<PatientConsent> Consents => Set<PatientConsent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var resource = modelBuilder.Entity<StoredResource>();
        resource.ToTable("Resources");
        resource.Property(r => r.ResourceType).HasMaxLength(64);
        resource.Property(r => r.LogicalId).HasMaxLength(64);
        resource.Property(r => r.FacilityCode).HasMaxLength(10);
        resource.Property(r => r.SourceKey).HasMaxLength(512);
        resource.Property(r => r.PatientId).HasMaxLength(64);
        resource.Property(r => r.Category).HasMaxLength(32);
        resource.HasIndex(r => new { r.ResourceType, r.LogicalId }).IsUnique();
        resource.HasIndex(r => new { r.FacilityCode, r.ResourceType, r.SourceKey }).IsUnique();
        // The hot path: one patient, one type, a date range, newest first. Facility and category
        // are included so the disclosure-policy filter and the page count never touch the JSON.
        resource.HasIndex(r => new { r.PatientId, r.ResourceType, r.ClinicalDate, r.FacilityCode, r.Category });
        resource.HasMany(r => r.Identifiers).WithOne().HasForeignKey(i => i.StoredResourceId).OnDelete(DeleteBehavior.Cascade);

        var identifier = modelBuilder.Entity<ResourceIdentifier>();
        identifier.ToTable("ResourceIdentifiers");
        identifier.Property(i => i.System).HasMaxLength(256);
        identifier.Property(i => i.Value).HasMaxLength(256);
        identifier.HasIndex(i => new { i.System, i.Value });

        var consent = modelBuilder.Entity<PatientConsent>();
        consent.ToTable("Consents");
        consent.Property(c => c.LogicalId).HasMaxLength(64);
        consent.Property(c => c.PatientId).HasMaxLength(64);
        consent.Property(c => c.ActorFacilityCode).HasMaxLength(16);
        consent.Property(c => c.Status).HasMaxLength(24);
        consent.Property(c => c.Purpose).HasMaxLength(16);
        consent.Property(c => c.RegisteredBy).HasMaxLength(64);
        consent.HasIndex(c => c.LogicalId).IsUnique();
        // The gate of every portal read: this facility, this patient, active now.
        consent.HasIndex(c => new { c.ActorFacilityCode, c.PatientId, c.Status });
    }
}

/// <summary>Lets <c>dotnet tool run dotnet-ef</c> build the context without starting the host.</summary>
public sealed class DataCenterDesignTimeFactory : IDesignTimeDbContextFactory<DataCenterDbContext>
{
    public DataCenterDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DataCenterDbContext>().UseSqlite("Data Source=datacenter-design.db").Options);
}
