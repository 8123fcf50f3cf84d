using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MioKarte.Core.Applications;

namespace MioKarte.Core.Data.Configurations;

internal sealed class ParticipationApplicationConfiguration : IEntityTypeConfiguration<ParticipationApplication>
{
    public void Configure(EntityTypeBuilder<ParticipationApplication> builder)
    {
        builder.ToTable("ParticipationApplications");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ReceiptNumber).HasMaxLength(20);
        builder.HasIndex(a => a.ReceiptNumber).IsUnique();
        builder.HasIndex(a => a.SubmissionKey).IsUnique();
        builder.Property(a => a.StatusTokenHash).HasMaxLength(64);
        builder.HasIndex(a => a.StatusTokenHash).IsUnique();
        builder.Property(a => a.StatusTokenProtected).HasMaxLength(600);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => new { a.Status, a.SubmittedAtUtc });

        builder.OwnsOne(a => a.Data, data =>
        {
            // Flat columns named after the fields (no "Data_" prefix) for readable SQL.
            foreach (var property in typeof(ParticipationApplicationData).GetProperties())
            {
                data.Property(property.Name).HasColumnName(property.Name);
            }

            data.Property(d => d.FacilityName).HasMaxLength(100);
            data.Property(d => d.FacilityNameKana).HasMaxLength(100);
            data.Property(d => d.FacilityTypeOther).HasMaxLength(50);
            data.Property(d => d.InstitutionCode).HasMaxLength(10);
            data.Property(d => d.PostalCode).HasMaxLength(8);
            data.Property(d => d.Address).HasMaxLength(200);
            data.Property(d => d.Phone).HasMaxLength(20);
            data.Property(d => d.Fax).HasMaxLength(20);
            data.Property(d => d.FounderName).HasMaxLength(100);
            data.Property(d => d.FounderTitle).HasMaxLength(50);
            data.Property(d => d.ManagerName).HasMaxLength(100);
            data.Property(d => d.ManagerTitle).HasMaxLength(50);
            data.Property(d => d.AdministratorName).HasMaxLength(100);
            data.Property(d => d.AdministratorNameKana).HasMaxLength(100);
            data.Property(d => d.AdministratorDepartment).HasMaxLength(100);
            data.Property(d => d.AdministratorPhone).HasMaxLength(20);
            data.Property(d => d.AdministratorEmail).HasMaxLength(256);
            data.Property(d => d.BankName).HasMaxLength(50);
            data.Property(d => d.BankBranchName).HasMaxLength(50);
            data.Property(d => d.BankAccountNumber).HasMaxLength(7);
            data.Property(d => d.BankAccountHolderKana).HasMaxLength(100);
            data.HasIndex(d => d.FacilityNameKana);
            data.HasIndex(d => d.InstitutionCode);
        });
        builder.Navigation(a => a.Data).IsRequired();

        builder.HasMany(a => a.Events).WithOne().HasForeignKey("ApplicationId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Events).HasField("events").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ApplicationEventConfiguration : IEntityTypeConfiguration<ApplicationEvent>
{
    public void Configure(EntityTypeBuilder<ApplicationEvent> builder)
    {
        builder.ToTable("ApplicationEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Actor).HasMaxLength(100);
        builder.Property(e => e.Comment).HasMaxLength(2000);
    }
}

internal sealed class ApplicationDraftConfiguration : IEntityTypeConfiguration<ApplicationDraft>
{
    public void Configure(EntityTypeBuilder<ApplicationDraft> builder)
    {
        builder.ToTable("ApplicationDrafts");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.TokenHash).HasMaxLength(64);
        builder.HasIndex(d => d.TokenHash).IsUnique();
        builder.Property(d => d.Email).HasMaxLength(256);
        builder.HasIndex(d => d.SubmissionKey);
        builder.HasIndex(d => d.ExpiresAtUtc);
    }
}
