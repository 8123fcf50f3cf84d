using System.Linq.Expressions;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace MioKarte.DataCenter.Data;

/// <summary>The data center's own database (never the portal's): resources as JSON with indexed columns.</summary>
public sealed class DataCenterDbContext(DbContextOptions<DataCenterDbContext> options) : DbContext(options)
{
    public DbSet<StoredResource> Resources => Set<StoredResource>();

    public DbSet<ResourceIdentifier> Identifiers => Set<ResourceIdentifier>();

    public DbSet<PatientConsent> Consents => Set<PatientConsent>();

    /// <summary>
    /// A stored JSON column read as its UTF-8 bytes (SQL <c>CAST(… AS BLOB)</c>; SQLite keeps text as
    /// UTF-8, so this is the stored bytes as they are). A search page copies them into the Bundle
    /// as they are: read as a string they would be decoded to UTF-16 and encoded back, and take twice
    /// the memory, for the 30,000 resources of a heavy patient. Only usable inside a query.
    /// </summary>
    public static byte[] Utf8(string json) => throw new InvalidOperationException($"{nameof(Utf8)}({nameof(json)}) is translated to SQL: call it inside a query only.");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDbFunction(typeof(DataCenterDbContext).GetMethod(nameof(Utf8))!)
            .HasTranslation(arguments => new SqlUnaryExpression(
                ExpressionType.Convert, (SqlExpression)arguments[0], typeof(byte[]), new ByteArrayTypeMapping("BLOB")));

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
