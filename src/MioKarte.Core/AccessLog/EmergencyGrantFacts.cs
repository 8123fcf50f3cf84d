using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;

namespace MioKarte.Core.AccessLog;

/// <summary>
/// A 非常時アクセス grant as the council and the facility review it: who (name and 利用者ID, facility),
/// why, which patient at which disclosing hospital, and when it started and ended. The access log
/// names a grant by <see cref="TargetPrefix"/> + its id; these facts are joined in by that id.
/// </summary>
public sealed record EmergencyGrantFacts(
    Guid Id,
    Guid FacilityId,
    string FacilityCode,
    string FacilityName,
    string UserName,
    string DisplayName,
    string DisclosingFacilityCode,
    string DisclosingFacilityName,
    string DisclosingPatientId,
    string Reason,
    DateTime StartedAtUtc,
    DateTime ExpiresAtUtc)
{
    public bool IsActiveAt(DateTime nowUtc) => nowUtc >= StartedAtUtc && nowUtc < ExpiresAtUtc;
}

public static class EmergencyGrantFactsQuery
{
    /// <summary>How the access log's target names a grant: <c>EmergencyAccessGrant/{id}</c>, maybe followed by a space and what was opened.</summary>
    public const string TargetPrefix = "EmergencyAccessGrant/";

    /// <summary>The grant an access-log target names, or null.</summary>
    public static Guid? GrantIdOf(string? target)
    {
        if (target is null || !target.StartsWith(TargetPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = target.AsSpan(TargetPrefix.Length);
        var end = rest.IndexOf(' ');
        return Guid.TryParse(end < 0 ? rest : rest[..end], out var id) ? id : null;
    }

    /// <summary>
    /// The facts of <paramref name="grants"/> (filter them first: the projection must come last for
    /// the database to translate it), newest first.
    /// </summary>
    public static IQueryable<EmergencyGrantFacts> Facts(MioKarteDbContext db, IQueryable<Patients.EmergencyAccessGrant> grants)
    {
        ArgumentNullException.ThrowIfNull(db);
        return from g in grants.AsNoTracking()
               join f in db.Facilities on g.FacilityId equals f.Id
               join d in db.Facilities on g.DisclosingFacilityId equals d.Id
               join u in db.Users on g.UserId equals u.Id into users
               from u in users.DefaultIfEmpty()
               orderby g.StartedAtUtc descending, g.Id
               select new EmergencyGrantFacts(
                   g.Id, g.FacilityId, f.Code, f.Name, g.UserName, u == null ? g.UserName : u.DisplayName,
                   d.Code, d.Name, g.DisclosingPatientId, g.Reason, g.StartedAtUtc, g.ExpiresAtUtc);
    }

    /// <summary>Every grant (<paramref name="facility"/> null: the council) or one facility's.</summary>
    public static IQueryable<Patients.EmergencyAccessGrant> Grants(MioKarteDbContext db, IActingFacility? facility)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.EmergencyAccessGrants.ForFacilityUnlessCouncil(facility);
    }

    /// <summary>The facts of the grants <paramref name="rows"/> name (one query), by grant id.</summary>
    public static async Task<IReadOnlyDictionary<Guid, EmergencyGrantFacts>> ForRowsAsync(
        MioKarteDbContext db, IEnumerable<AccessLogRow> rows, IActingFacility? facility, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var ids = rows.Where(r => r.IsEmergency).Select(r => GrantIdOf(r.Target)).OfType<Guid>().Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, EmergencyGrantFacts>();
        }

        return await Facts(db, Grants(db, facility).Where(g => ids.Contains(g.Id))).ToDictionaryAsync(g => g.Id, cancellationToken);
    }
}
