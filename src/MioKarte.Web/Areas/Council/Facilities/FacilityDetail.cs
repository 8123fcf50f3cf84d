using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
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
    IReadOnlyList<FacilityHistoryEntry> History)
{
    public bool Can(FacilityEventKind move) => Facility.CanMove(Status, move);

    public bool OverUserAllowance => Members.Count > UserAllowance;
}

/// <summary>A user of the facility: 利用者ID, 氏名, roles, and whether the account is locked now.</summary>
public sealed record FacilityMember(string UserName, string DisplayName, IReadOnlyList<string> Roles, bool Locked);

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
public sealed class FacilityDetailHandler(MioKarteDbContext db, TimeProvider time, CouncilActorsHandler actors)
{
    public async Task<FacilityDetailView?> HandleAsync(Guid id)
    {
        var facility = await db.Facilities.AsNoTracking().Include(f => f.Events).SingleOrDefaultAsync(f => f.Id == id);
        if (facility is null)
        {
            return null;
        }

        var members = await db.Users.AsNoTracking()
            .Where(u => u.FacilityId == id)
            .OrderBy(u => u.UserName)
            .Select(u => new
            {
                UserName = u.UserName!,
                u.DisplayName,
                u.LockoutEnd,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .ToListAsync();
        var now = time.GetUtcNow();
        var names = await actors.DisplayNamesAsync(facility.Events.Select(e => e.Actor));
        return new FacilityDetailView(
            facility.Id, facility.Code, facility.Name, facility.NameKana, facility.Role, facility.Type, facility.InstitutionCode,
            facility.PostalCode, facility.Address, facility.Phone, facility.UserAllowance, facility.TerminalAllowance,
            facility.ApplicationId is not null, facility.Status, facility.StatusReason, facility.RegisteredAtUtc,
            facility.StatusChangedAtUtc, facility.Version,
            [.. members.Select(m => new FacilityMember(m.UserName, m.DisplayName, m.Roles, m.LockoutEnd > now))],
            [.. facility.Events.OrderByDescending(e => e.Id).Select(e => new FacilityHistoryEntry(e.Kind, e.AtUtc, e.Actor, NameOf(e.Actor, names), e.Reason))]);
    }

    /// <summary>The person's name when the actor is known by one (shown as 「氏名（利用者ID）」), else null.</summary>
    private static string? NameOf(string actor, IReadOnlyDictionary<string, string> names) =>
        names.TryGetValue(actor, out var name) && name != actor ? name : null;
}
