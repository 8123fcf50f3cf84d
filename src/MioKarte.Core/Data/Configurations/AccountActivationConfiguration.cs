using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MioKarte.Core.Applications;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;

namespace MioKarte.Core.Data.Configurations;

internal sealed class AccountActivationConfiguration : IEntityTypeConfiguration<AccountActivation>
{
    public void Configure(EntityTypeBuilder<AccountActivation> builder)
    {
        builder.ToTable("AccountActivations");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.TokenHash).HasMaxLength(64);
        builder.HasIndex(a => a.TokenHash).IsUnique();
        builder.Property(a => a.CreatedBy).HasMaxLength(256);
        builder.Property(a => a.CancelledBy).HasMaxLength(256);
        builder.Property(a => a.ChangedBy).HasMaxLength(256);
        builder.Property(a => a.Version).IsConcurrencyToken();
        // One activation per account: a resend rotates the token of the same row.
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.UserId).IsUnique();
        builder.HasOne<Facility>().WithMany().HasForeignKey(a => a.FacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ParticipationApplication>().WithMany().HasForeignKey(a => a.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.ApplicationId);
    }
}
