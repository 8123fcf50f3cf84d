using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MioKarte.Core.Identity;
using MioKarte.Core.Sessions;

namespace MioKarte.Core.Data.Configurations;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("UserSessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.Device).HasMaxLength(UserSession.DeviceMaxLength);
        builder.Property(s => s.TerminalName).HasMaxLength(UserSession.TerminalMaxLength);
        builder.Ignore(s => s.IsEnded);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        // A user's list of sessions, newest first.
        builder.HasIndex(s => new { s.UserId, s.StartedAtUtc });
    }
}
