using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Applications;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Core.Incidents;
using MioKarte.Core.Mail;
using MioKarte.Core.Notices;
using MioKarte.Core.Opinions;
using MioKarte.Core.Patients;
using MioKarte.Core.Pki;
using MioKarte.Core.Records;
using MioKarte.Core.Sessions;

namespace MioKarte.Core.Data;

/// <summary>
/// The portal's one database: Identity (利用者, roles) and every workflow's tables.
/// Handlers use it directly (docs/decisions/ADR-0001-no-repository-layer.md).
/// </summary>
public sealed class MioKarteDbContext(DbContextOptions<MioKarteDbContext> options)
    : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ParticipationApplication> ParticipationApplications => Set<ParticipationApplication>();

    public DbSet<ApplicationDraft> ApplicationDrafts => Set<ApplicationDraft>();

    public DbSet<Facility> Facilities => Set<Facility>();

    public DbSet<AccountActivation> AccountActivations => Set<AccountActivation>();

    /// <summary>利用者の管理の履歴: what a 管理責任者 changed on a user of their facility.</summary>
    public DbSet<UserEvent> UserEvents => Set<UserEvent>();

    public DbSet<Notice> Notices => Set<Notice>();

    public DbSet<Opinion> Opinions => Set<Opinion>();

    public DbSet<TerminalCertificate> TerminalCertificates => Set<TerminalCertificate>();

    public DbSet<Terminal> Terminals => Set<Terminal>();

    public DbSet<CertificateRevocationList> CertificateRevocationLists => Set<CertificateRevocationList>();

    public DbSet<FacilityPatient> FacilityPatients => Set<FacilityPatient>();

    public DbSet<PatientLink> PatientLinks => Set<PatientLink>();

    public DbSet<EmergencyAccessGrant> EmergencyAccessGrants => Set<EmergencyAccessGrant>();

    /// <summary>When each user last opened each patient's record (新着 marks).</summary>
    public DbSet<PatientRecordVisit> PatientRecordVisits => Set<PatientRecordVisit>();

    /// <summary>閲覧記録: append-only and hash-chained (<see cref="AccessLogWriter"/>).</summary>
    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();

    /// <summary>Where the access log's chain ends; locked by every append (<see cref="AccessLogHead"/>).</summary>
    public DbSet<AccessLogHead> AccessLogHeads => Set<AccessLogHead>();

    /// <summary>
    /// ASP.NET Core data-protection keys (cookies, antiforgery, protected links), shared by every
    /// portal node; encrypted at rest when <c>DataProtection:CertificatePath</c> is set (docs/operations.md).
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>事故報告 and their history (<see cref="SecurityIncident"/>).</summary>
    public DbSet<SecurityIncident> SecurityIncidents => Set<SecurityIncident>();

    /// <summary>Sign-in sessions, one row per sign-in (docs/sign-in-and-sessions.md).</summary>
    public DbSet<UserSession> UserSessions => Set<UserSession>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Every persisted instant is UTC. DateTime (not DateTimeOffset) because SQLite cannot order or
        // compare DateTimeOffset in queries; the converter restores Kind=Utc on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        // Enums are stored as their names: readable in the database and safe against reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MioKarteDbContext).Assembly);

        builder.Entity<PortalUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(100);
            user.Property(u => u.DisplayNameKana).HasMaxLength(100);
            // A [Flags] enum is stored as its names joined by ", " (all three: 51 characters): the
            // enums' 40 is too short. SQLite never enforced it; PostgreSQL and SQL Server refuse the row.
            user.Property(u => u.Rights).HasMaxLength(100);
            // Written only by AuthenticatorSteps' conditional update: Identity saves the whole account
            // (UserStore.UpdateAsync), and a stale copy of this column must never undo a newer claim.
            user.Property(u => u.LastAuthenticatorStep).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
            user.HasOne<Facility>().WithMany().HasForeignKey(u => u.FacilityId).OnDelete(DeleteBehavior.Restrict);
            user.HasMany<IdentityUserPasskey<string>>().WithOne().HasForeignKey(p => p.UserId).IsRequired();
        });

        // Passkeys: the table of Identity's schema version 3, as Identity maps it, added to the
        // version-1 schema the portal started with. Switching the whole store to version 3 would also
        // shorten the key columns of the login and token tables; and the design-time factories have
        // no IdentityOptions to ask, so the version is not left to configuration.
        builder.Entity<IdentityUserPasskey<string>>(passkey =>
        {
            passkey.ToTable("AspNetUserPasskeys");
            passkey.HasKey(p => p.CredentialId);
            // WebAuthn: a credential id is at most 1023 bytes.
            passkey.Property(p => p.CredentialId).HasMaxLength(1024);
            passkey.OwnsOne(p => p.Data).ToJson();
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

/// <summary>Reads DateTime values back as UTC (SQLite and SQL Server both drop the Kind).</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
