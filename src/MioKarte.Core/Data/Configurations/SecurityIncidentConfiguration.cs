using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MioKarte.Core.Facilities;
using MioKarte.Core.Incidents;
using MioKarte.Core.Pki;

namespace MioKarte.Core.Data.Configurations;

internal sealed class SecurityIncidentConfiguration : IEntityTypeConfiguration<SecurityIncident>
{
    public void Configure(EntityTypeBuilder<SecurityIncident> builder)
    {
        builder.ToTable("SecurityIncidents");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.ReferenceNumber).HasMaxLength(SecurityIncident.ReferenceNumberLength);
        builder.HasIndex(i => i.ReferenceNumber).IsUnique();
        builder.HasIndex(i => i.SubmissionKey).IsUnique();
        builder.HasOne<Facility>().WithMany().HasForeignKey(i => i.FacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => new { i.FacilityId, i.ReportedAtUtc });
        builder.HasIndex(i => new { i.Status, i.ReportedAtUtc });
        builder.Property(i => i.Description).HasMaxLength(SecurityIncident.DescriptionMaxLength);
        builder.Property(i => i.AffectedPatients).HasMaxLength(SecurityIncident.AffectedPatientsMaxLength);
        builder.Property(i => i.MeasuresTaken).HasMaxLength(SecurityIncident.MeasuresMaxLength);
        builder.Property(i => i.ReportedBy).HasMaxLength(256);
        builder.Property(i => i.ReportedByName).HasMaxLength(100);
        builder.Property(i => i.UpdatedBy).HasMaxLength(100);
        builder.Property(i => i.Version).IsConcurrencyToken();

        builder.HasMany(i => i.Terminals).WithOne().HasForeignKey("IncidentId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(i => i.Terminals).HasField("terminals").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(i => i.Users).WithOne().HasForeignKey("IncidentId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(i => i.Users).HasField("users").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(i => i.Events).WithOne().HasForeignKey("IncidentId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(i => i.Events).HasField("events").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class IncidentTerminalConfiguration : IEntityTypeConfiguration<IncidentTerminal>
{
    public void Configure(EntityTypeBuilder<IncidentTerminal> builder)
    {
        builder.ToTable("SecurityIncidentTerminals");
        builder.HasKey(t => t.Id);
        builder.HasOne<TerminalCertificate>().WithMany().HasForeignKey(t => t.CertificateId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.TerminalName).HasMaxLength(TerminalCertificate.TerminalNameMaxLength);
        builder.Property(t => t.SerialNumber).HasMaxLength(64);
    }
}

internal sealed class IncidentUserConfiguration : IEntityTypeConfiguration<IncidentUser>
{
    public void Configure(EntityTypeBuilder<IncidentUser> builder)
    {
        builder.ToTable("SecurityIncidentUsers");
        builder.HasKey(u => u.Id);
        // No foreign key to the account: the report outlives it.
        builder.Property(u => u.UserId).HasMaxLength(450);
        builder.Property(u => u.UserName).HasMaxLength(256);
        builder.Property(u => u.DisplayName).HasMaxLength(100);
    }
}

internal sealed class IncidentEventConfiguration : IEntityTypeConfiguration<IncidentEvent>
{
    public void Configure(EntityTypeBuilder<IncidentEvent> builder)
    {
        builder.ToTable("SecurityIncidentEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.ActorName).HasMaxLength(100);
        builder.Property(e => e.Comment).HasMaxLength(SecurityIncident.CommentMaxLength);
    }
}
