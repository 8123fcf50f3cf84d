using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MioKarte.Core.Notices;

namespace MioKarte.Core.Data.Configurations;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> builder)
    {
        builder.ToTable("Notices");
        builder.HasKey(n => n.Id);
        builder.HasIndex(n => n.SubmissionKey).IsUnique();
        builder.Property(n => n.Title).HasMaxLength(Notice.TitleMaxLength);
        builder.Property(n => n.Body).HasMaxLength(Notice.BodyMaxLength);
        builder.Property(n => n.CreatedBy).HasMaxLength(100);
        builder.Property(n => n.UpdatedBy).HasMaxLength(100);
        builder.Property(n => n.Version).IsConcurrencyToken();
        // The board's query: published now, for these audiences.
        builder.HasIndex(n => new { n.IsWithdrawn, n.PublishFromUtc });
    }
}
