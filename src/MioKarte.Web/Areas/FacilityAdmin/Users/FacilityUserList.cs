using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Areas.FacilityAdmin.Users;

public sealed record FacilityUserRow(
    string Id, string UserName, string DisplayName, string DisplayNameKana, StaffJob? Job, UserRights Rights,
    DateTime? ValidFromUtc, DateTime? ValidUntilUtc, FacilityUserState State);

public sealed record FacilityUserListPage(
    string FacilityCode, string FacilityName, int EnabledCount, int UserAllowance, IReadOnlyList<FacilityUserRow> Users)
{
    public bool IsFull => EnabledCount >= UserAllowance;
}

/// <summary>利用者一覧: every user of the administrator's own facility, in 利用者ID order, with their state.</summary>
public sealed class FacilityUserListHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public async Task<FacilityUserListPage> HandleAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = time.GetUtcNow().UtcDateTime;
        var facility = await db.Facilities.AsNoTracking().Where(f => f.Id == actor.Facility)
            .Select(f => new { f.Code, f.Name, f.UserAllowance }).SingleAsync();
        var rows = await (from u in db.Users.AsNoTracking().ForFacility(actor)
                          join a in db.AccountActivations on u.Id equals a.UserId into links
                          from a in links.DefaultIfEmpty()
                          orderby u.UserName
                          select new
                          {
                              User = u,
                              HasActivation = a != null,
                              UsedAtUtc = a == null ? null : a.UsedAtUtc,
                              AwaitsSecondFactor = a != null && a.UsedAtUtc != null && a.TwoFactorEnabledAtUtc == null,
                          }).ToListAsync();
        var users = rows.Select(r => new FacilityUserRow(
            r.User.Id, r.User.UserName ?? "", r.User.DisplayName, r.User.DisplayNameKana, r.User.Job, r.User.Rights,
            r.User.ValidFromUtc, r.User.ValidUntilUtc,
            FacilityUserRules.StateOf(r.User.DisabledAtUtc, FacilityUserRules.IsLockedAt(r.User, now), r.User.IsUsableAt(now), r.UsedAtUtc, r.HasActivation, r.AwaitsSecondFactor)))
            .ToList();
        return new FacilityUserListPage(facility.Code, facility.Name, users.Count(u => u.State != FacilityUserState.Disabled), facility.UserAllowance, users);
    }
}
