using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Core.Opinions;

namespace MioKarte.Core.Data.Configurations;

internal sealed class OpinionConfiguration : IEntityTypeConfiguration<Opinion>
{
    public void Configure(EntityTypeBuilder<Opinion> builder)
    {
        builder.ToTable("Opinions");
        builder.HasKey(o => o.Id);
        builder.HasIndex(o => o.SubmissionKey).IsUnique();
        builder.Property(o => o.SenderUserId).HasMaxLength(450);
        // A user with opinions is never deleted silently: the council's record stays whole.
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(o => o.SenderUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Facility>().WithMany().HasForeignKey(o => o.SenderFacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(o => o.SenderName).HasMaxLength(100);
        builder.Property(o => o.SenderFacilityName).HasMaxLength(100);
        builder.Property(o => o.Subject).HasMaxLength(Opinion.SubjectMaxLength);
        builder.Property(o => o.Body).HasMaxLength(Opinion.BodyMaxLength);
        builder.Property(o => o.Answer).HasMaxLength(Opinion.AnswerMaxLength);
        builder.Property(o => o.AnsweredBy).HasMaxLength(100);
        builder.Property(o => o.ClosedBy).HasMaxLength(100);
        builder.Property(o => o.UpdatedBy).HasMaxLength(100);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => new { o.SenderUserId, o.SentAtUtc });
        builder.HasIndex(o => new { o.Status, o.SentAtUtc });
    }
}
