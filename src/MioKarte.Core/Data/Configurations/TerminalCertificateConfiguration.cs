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
        builder.HasOne<Terminal>().WithMany().HasForeignKey(c => c.TerminalId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.TerminalId, c.IssuedAtUtc });
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

internal sealed class TerminalConfiguration : IEntityTypeConfiguration<Terminal>
{
    public void Configure(EntityTypeBuilder<Terminal> builder)
    {
        builder.ToTable("Terminals");
        builder.HasKey(t => t.Id);
        builder.HasOne<Facility>().WithMany().HasForeignKey(t => t.FacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.Name).HasMaxLength(TerminalCertificate.TerminalNameMaxLength);
        builder.Property(t => t.Location).HasMaxLength(Terminal.LocationMaxLength);
        builder.Property(t => t.PersonInCharge).HasMaxLength(Terminal.PersonInChargeMaxLength);
        builder.Property(t => t.RegisteredBy).HasMaxLength(256);
        builder.Property(t => t.RetiredBy).HasMaxLength(256);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => new { t.FacilityId, t.RetiredAtUtc });
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
