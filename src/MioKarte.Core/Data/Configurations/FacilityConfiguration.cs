using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MioKarte.Core.Facilities;

namespace MioKarte.Core.Data.Configurations;

internal sealed class FacilityConfiguration : IEntityTypeConfiguration<Facility>
{
    public void Configure(EntityTypeBuilder<Facility> builder)
    {
        builder.ToTable("Facilities");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Code).HasMaxLength(FacilityCode.MaxLength);
        builder.HasIndex(f => f.Code).IsUnique();
        builder.Property(f => f.Name).HasMaxLength(100);
        builder.Property(f => f.NameKana).HasMaxLength(100);
        builder.Property(f => f.InstitutionCode).HasMaxLength(10);
        builder.Property(f => f.PostalCode).HasMaxLength(8);
        builder.Property(f => f.Address).HasMaxLength(200);
        builder.Property(f => f.Phone).HasMaxLength(20);
        builder.Property(f => f.StatusReason).HasMaxLength(Facility.MaxReasonLength);
        builder.Property(f => f.StatusChangedBy).HasMaxLength(256);
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.Property(f => f.RestorationUserId).HasMaxLength(450);
        builder.Property(f => f.RestorationReason).HasMaxLength(Facility.MaxRestorationReasonLength);
        builder.Property(f => f.RestorationRequestedBy).HasMaxLength(256);
        // One facility per application: a repeated registration finds the first one.
        builder.HasIndex(f => f.ApplicationId).IsUnique();
        builder.HasIndex(f => new { f.Role, f.Status });

        builder.HasMany(f => f.Events).WithOne().HasForeignKey("FacilityId").IsRequired().OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(f => f.Events).HasField("events").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class FacilityEventConfiguration : IEntityTypeConfiguration<FacilityEvent>
{
    public void Configure(EntityTypeBuilder<FacilityEvent> builder)
    {
        builder.ToTable("FacilityEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Reason).HasMaxLength(Facility.MaxReasonLength);
    }
}
