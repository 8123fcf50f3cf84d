using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MioKarte.Core.Facilities;
using MioKarte.Core.Pki;

namespace MioKarte.Core.Data.Configurations;

internal sealed class TerminalCertificateConfiguration : IEntityTypeConfiguration<TerminalCertificate>
{
    public void Configure(EntityTypeBuilder<TerminalCertificate> builder)
    {
        builder.ToTable("TerminalCertificates");
        builder.HasKey(c => c.Id);
        builder.HasOne<Facility>().WithMany().HasForeignKey(c => c.FacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.FacilityCode).HasMaxLength(FacilityCode.MaxLength);
        builder.Property(c => c.TerminalName).HasMaxLength(TerminalCertificate.TerminalNameMaxLength);
        builder.Property(c => c.SerialNumber).HasMaxLength(40);
        builder.HasIndex(c => c.SerialNumber).IsUnique();
        builder.Property(c => c.Thumbprint).HasMaxLength(64);
        builder.HasIndex(c => c.Thumbprint).IsUnique();
        builder.Property(c => c.Subject).HasMaxLength(500);
        builder.Property(c => c.IssuedBy).HasMaxLength(256);
        builder.Property(c => c.RevokedBy).HasMaxLength(256);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.FacilityId, c.IssuedAtUtc });
        builder.HasIndex(c => new { c.FacilityCode, c.IssuedAtUtc });
        builder.HasIndex(c => c.RevokedAtUtc);
    }
}

internal sealed class CertificateRevocationListConfiguration : IEntityTypeConfiguration<CertificateRevocationList>
{
    public void Configure(EntityTypeBuilder<CertificateRevocationList> builder)
    {
        builder.ToTable("CertificateRevocationLists");
        builder.HasKey(c => c.Number);
        builder.Property(c => c.Number).ValueGeneratedNever();
        builder.Property(c => c.IssuerThumbprint).HasMaxLength(64);
    }
}
