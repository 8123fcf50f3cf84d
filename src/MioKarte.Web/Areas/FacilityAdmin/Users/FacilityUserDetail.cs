using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Areas.FacilityAdmin.Users;

public sealed record UserHistoryEntry(DateTime AtUtc, UserEventKind Kind, string Actor, string? ActorName);

public sealed record FacilityUserDetail(
    string Id, string UserName, string DisplayName, string DisplayNameKana, string Email, StaffJob? Job, UserRights Rights,
    DateTime? ValidFromUtc, DateTime? ValidUntilUtc, DateTime? DisabledAtUtc, DateTime? LockedUntilUtc, int FailedAttempts,
    FacilityUserState State, ActivationState? LinkState, DateTime? LinkSentAtUtc, DateTime? LinkExpiresAtUtc,
    bool IsSelf, string Version, IReadOnlyList<UserHistoryEntry> History)
{
    /// <summary>How many passkeys the user has registered (マイページ); the page offers their removal.</summary>
    public int PasskeyCount { get; init; }

    public bool IsDisabled => DisabledAtUtc is not null;

    public bool CanUnlock => LockedUntilUtc is not null || FailedAttempts > 0;
}

/// <summary>The page of one user: who, state, the link, the buttons (with the version they act on) and the history.</summary>
public sealed record FacilityUserPage(FacilityUserDetail User)
{
    public UserEventKind? Done { get; init; }

    public string? Error { get; init; }
}

/// <summary>One user of the administrator's facility (another facility's user is "not found", logged).</summary>
public sealed class FacilityUserDetailHandler(MioKarteDbContext db, TimeProvider time, ILogger<FacilityUserDetailHandler> logger) : IUseCaseHandler
{
    public const int HistoryLength = 50;

    public async Task<FacilityUserDetail?> HandleAsync(Actor actor, string id)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = await FacilityUserRules.FindAsync(db, actor, id, "view", logger);
        if (user is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var link = await db.AccountActivations.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == user.Id);
        var events = await db.UserEvents.AsNoTracking().Where(e => e.UserId == user.Id).OrderByDescending(e => e.Id).Take(HistoryLength)
            .Select(e => new { e.AtUtc, e.Kind, e.Actor, e.ActorId }).ToListAsync();
        var actorIds = events.Select(e => e.ActorId).Distinct().ToList();
        var names = await db.Users.Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName);
        var locked = FacilityUserRules.IsLockedAt(user, now);
        return new FacilityUserDetail(
            user.Id, user.UserName ?? "", user.DisplayName, user.DisplayNameKana, user.Email ?? "", user.Job, user.Rights,
            user.ValidFromUtc, user.ValidUntilUtc, user.DisabledAtUtc, locked ? user.LockoutEnd!.Value.UtcDateTime : null, user.AccessFailedCount,
            FacilityUserRules.StateOf(user.DisabledAtUtc, locked, user.IsUsableAt(now), link?.UsedAtUtc, link is not null, link?.AwaitsSecondFactor == true),
            link?.StateAt(now), link?.SentAtUtc, link?.ExpiresAtUtc,
            user.Id == actor.UserId, user.ConcurrencyStamp ?? "",
            [.. events.Select(e => new UserHistoryEntry(e.AtUtc, e.Kind, e.Actor, names.GetValueOrDefault(e.ActorId)))])
        {
            PasskeyCount = await db.UserPasskeys.CountAsync(p => p.UserId == user.Id),
        };
    }
}
