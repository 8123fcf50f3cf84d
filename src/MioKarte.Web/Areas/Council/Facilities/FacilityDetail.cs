using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Council.Shared;

namespace MioKarte.Web.Areas.Council.Facilities;

public sealed record FacilityDetailView(
    Guid Id,
    string Code,
    string Name,
    string NameKana,
    FacilityRole Role,
    FacilityType Type,
    string? InstitutionCode,
    string PostalCode,
    string Address,
    string Phone,
    int UserAllowance,
    int TerminalAllowance,
    bool FromApplication,
    FacilityStatus Status,
    string? StatusReason,
    DateTime RegisteredAtUtc,
    DateTime StatusChangedAtUtc,
    Guid Version,
    IReadOnlyList<FacilityMember> Members,
    IReadOnlyList<FacilityHistoryEntry> History,
    PendingRestoration? Restoration,
    bool AllowsRestoration)
{
    public bool Can(FacilityEventKind move) => Facility.CanMove(Status, move);

    /// <summary>
    /// Nobody can manage the facility's users: no member with 利用者の管理 can sign in now. The page
    /// then says so and offers 管理責任者の復旧 first.
    /// </summary>
    public bool LacksUsableAdministrator => Role == FacilityRole.Viewing && !Members.Any(m => m.Administers && m.Usable);

    public bool OverUserAllowance => Members.Count > UserAllowance;
}

/// <summary>A user of the facility: 利用者ID, 氏名, roles, 利用権, whether the account is locked now and whether it can sign in.</summary>
public sealed record FacilityMember(string UserName, string DisplayName, IReadOnlyList<string> Roles, UserRights Rights, bool Locked, bool Disabled, bool Usable)
{
    public bool Administers => Rights.HasFlag(UserRights.ManageUsers);
}

/// <summary>A 管理責任者の復旧 waiting for a second council member: whom, why, asked by whom and when.</summary>
public sealed record PendingRestoration(
    string MemberName, string MemberUserName, string Reason, string RequestedByName, DateTime RequestedAtUtc, bool SendsPasswordLink, bool RequestedByCurrentUser);

/// <summary>One line of the history, with the actor's name when the actor is a portal user.</summary>
public sealed record FacilityHistoryEntry(FacilityEventKind Kind, DateTime AtUtc, string Actor, string? ActorName, string? Reason);

/// <summary>What the detail page shows around the facility: the result of the last action, or why it failed.</summary>
public sealed record FacilityDetailPage(FacilityDetailView Facility)
{
    /// <summary>The move just done (after the redirect), for the confirmation line.</summary>
    public FacilityEventKind? Done { get; init; }

    /// <summary>Why the last POST changed nothing, in Japanese.</summary>
    public string? Error { get; init; }

    /// <summary>The form the error belongs to, so its reason text is put back.</summary>
    public FacilityEventKind? FailedMove { get; init; }

    public string? Reason { get; init; }
}

/// <summary>施設の詳細: every field, allowances, users against the allowance, and the history with who, when and why.</summary>
public sealed class FacilityDetailHandler(MioKarteDbContext db, TimeProvider time, CouncilActorsHandler actors) : IUseCaseHandler
{
    public async Task<FacilityDetailView?> HandleAsync(Guid id, Actor actor)
    {
        var facility = await db.Facilities.AsNoTracking().Include(f => f.Events).SingleOrDefaultAsync(f => f.Id == id);
        if (facility is null)
        {
            return null;
        }

        var members = await db.Users.AsNoTracking()
            .OfFacility(id)
            .OrderBy(u => u.UserName)
            .Select(u => new
            {
                UserName = u.UserName!,
                u.Id,
                u.DisplayName,
                u.LockoutEnd,
                u.Rights,
                u.DisabledAtUtc,
                u.ValidFromUtc,
                u.ValidUntilUtc,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .ToListAsync();
        var now = time.GetUtcNow();
        var names = await actors.DisplayNamesAsync(facility.Events.Select(e => e.Actor).Append(facility.RestorationRequestedBy));
        var pending = facility.RestorationUserId is { } restoredId && members.SingleOrDefault(m => m.Id == restoredId) is { } member
            ? new PendingRestoration(
                member.DisplayName, member.UserName, facility.RestorationReason ?? "", names.GetValueOrDefault(facility.RestorationRequestedBy!, facility.RestorationRequestedBy!),
                facility.RestorationRequestedAtUtc!.Value, facility.RestorationSendsPasswordLink,
                string.Equals(facility.RestorationRequestedBy, actor.UserName, StringComparison.Ordinal))
            : null;
        return new FacilityDetailView(
            facility.Id, facility.Code, facility.Name, facility.NameKana, facility.Role, facility.Type, facility.InstitutionCode,
            facility.PostalCode, facility.Address, facility.Phone, facility.UserAllowance, facility.TerminalAllowance,
            facility.ApplicationId is not null, facility.Status, facility.StatusReason, facility.RegisteredAtUtc,
            facility.StatusChangedAtUtc, facility.Version,
            [.. members.Select(m => new FacilityMember(
                m.UserName, m.DisplayName, m.Roles, m.Rights, m.LockoutEnd > now, m.DisabledAtUtc is not null,
                !(m.LockoutEnd > now) && PortalUser.IsUsableAt(now.UtcDateTime, m.DisabledAtUtc, m.ValidFromUtc, m.ValidUntilUtc)))],
            [.. facility.Events.OrderByDescending(e => e.Id).Select(e => new FacilityHistoryEntry(e.Kind, e.AtUtc, e.Actor, NameOf(e.Actor, names), e.Reason))],
            pending,
            facility.Allows(FacilityEventKind.AdministratorRestoreRequested));
    }

    /// <summary>The person's name when the actor is known by one (shown as 「氏名（利用者ID）」), else null.</summary>
    private static string? NameOf(string actor, IReadOnlyDictionary<string, string> names) =>
        names.TryGetValue(actor, out var name) && name != actor ? name : null;
}
