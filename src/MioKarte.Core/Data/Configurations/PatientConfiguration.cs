using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Facilities;
using MioKarte.Core.Patients;
using MioKarte.Core.Records;

namespace MioKarte.Core.Data.Configurations;

internal sealed class FacilityPatientConfiguration : IEntityTypeConfiguration<FacilityPatient>
{
    public void Configure(EntityTypeBuilder<FacilityPatient> builder)
    {
        builder.ToTable("FacilityPatients");
        builder.HasKey(p => p.Id);
        builder.HasOne<Facility>().WithMany().HasForeignKey(p => p.FacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.LocalPatientId).HasMaxLength(FacilityPatient.LocalPatientIdMaxLength);
        builder.HasIndex(p => new { p.FacilityId, p.LocalPatientId }).IsUnique();
        builder.Property(p => p.NameKanji).HasMaxLength(FacilityPatient.NameMaxLength);
        builder.Property(p => p.NameKana).HasMaxLength(FacilityPatient.NameMaxLength);
        builder.HasIndex(p => new { p.FacilityId, p.NameKana });
        builder.HasIndex(p => new { p.FacilityId, p.BirthDate });
        builder.Property(p => p.CreatedBy).HasMaxLength(256);
        builder.Property(p => p.Version).IsConcurrencyToken();
    }
}

internal sealed class PatientLinkConfiguration : IEntityTypeConfiguration<PatientLink>
{
    public void Configure(EntityTypeBuilder<PatientLink> builder)
    {
        builder.ToTable("PatientLinks");
        builder.HasKey(l => l.Id);
        builder.HasOne<FacilityPatient>().WithMany().HasForeignKey(l => l.FacilityPatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Facility>().WithMany().HasForeignKey(l => l.FacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Facility>().WithMany().HasForeignKey(l => l.DisclosingFacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(l => l.DisclosingPatientId).HasMaxLength(PatientLink.DisclosingPatientIdMaxLength);
        // One open link per disclosing patient and viewing facility (a double submit cannot make two);
        // withdrawn links stay as history beside it. The column in standard double quotes: the same filter
        // on every provider (PostgreSQL folds an unquoted name to lower case; SQL Server's filtered
        // indexes need QUOTED_IDENTIFIER ON anyway).
        builder.HasIndex(l => new { l.FacilityId, l.DisclosingFacilityId, l.DisclosingPatientId }).IsUnique().HasFilter("\"WithdrawnAtUtc\" IS NULL");
        builder.HasIndex(l => l.FacilityPatientId);
        builder.Property(l => l.ConsentObtainedBy).HasMaxLength(PatientLink.PersonMaxLength);
        builder.Property(l => l.ConsentScanFile).HasMaxLength(100);
        builder.Property(l => l.ConsentScanContentType).HasMaxLength(40);
        builder.Property(l => l.LinkedBy).HasMaxLength(256);
        builder.Property(l => l.WithdrawnBy).HasMaxLength(256);
        builder.Property(l => l.WithdrawalReason).HasMaxLength(PatientLink.ReasonMaxLength);
        builder.Property(l => l.Version).IsConcurrencyToken();
    }
}

internal sealed class EmergencyAccessGrantConfiguration : IEntityTypeConfiguration<EmergencyAccessGrant>
{
    public void Configure(EntityTypeBuilder<EmergencyAccessGrant> builder)
    {
        builder.ToTable("EmergencyAccessGrants");
        builder.HasKey(g => g.Id);
        builder.HasOne<Facility>().WithMany().HasForeignKey(g => g.FacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Facility>().WithMany().HasForeignKey(g => g.DisclosingFacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(g => g.UserId).HasMaxLength(450);
        builder.Property(g => g.UserName).HasMaxLength(256);
        builder.Property(g => g.DisclosingPatientId).HasMaxLength(PatientLink.DisclosingPatientIdMaxLength);
        builder.Property(g => g.Reason).HasMaxLength(EmergencyAccessGrant.ReasonMaxLength);
        builder.HasIndex(g => new { g.UserId, g.ExpiresAtUtc });
        builder.HasIndex(g => new { g.FacilityId, g.StartedAtUtc });
    }
}

internal sealed class AccessLogEntryConfiguration : IEntityTypeConfiguration<AccessLogEntry>
{
    public void Configure(EntityTypeBuilder<AccessLogEntry> builder)
    {
        builder.ToTable("AccessLog");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.UserName).HasMaxLength(256);
        builder.Property(e => e.DisplayName).HasMaxLength(100);
        builder.Property(e => e.TerminalName).HasMaxLength(64);
        builder.Property(e => e.Target).HasMaxLength(AccessLogEntry.TargetMaxLength);
        builder.Property(e => e.RequestId).HasMaxLength(100);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
        // No foreign keys: the log outlives the accounts, patients and links it names.
        builder.HasIndex(e => new { e.FacilityId, e.AtUtc });
        builder.HasIndex(e => new { e.FacilityPatientId, e.AtUtc });
        builder.HasIndex(e => e.AtUtc);
    }
}

internal sealed class AccessLogHeadConfiguration : IEntityTypeConfiguration<AccessLogHead>
{
    public void Configure(EntityTypeBuilder<AccessLogHead> builder)
    {
        builder.ToTable("AccessLogHead");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Hash).HasMaxLength(64);
        // The genesis head, in every database the migrations make; a log older than this row is
        // caught up by the first append (AccessLogWriter).
        builder.HasData(new { Id = AccessLogHead.SingletonId, Sequence = 0L, Hash = AccessLogEntry.GenesisHash });
    }
}

internal sealed class PatientRecordVisitConfiguration : IEntityTypeConfiguration<PatientRecordVisit>
{
    public void Configure(EntityTypeBuilder<PatientRecordVisit> builder)
    {
        builder.ToTable("PatientRecordVisits");
        builder.HasKey(v => new { v.UserId, v.FacilityPatientId });
        builder.Property(v => v.UserId).HasMaxLength(450);
        builder.HasOne<FacilityPatient>().WithMany().HasForeignKey(v => v.FacilityPatientId).OnDelete(DeleteBehavior.Cascade);
    }
}
