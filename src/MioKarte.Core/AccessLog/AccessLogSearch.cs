using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;

namespace MioKarte.Core.AccessLog;

/// <summary>
/// The filters of the access-log screens. Days are Japan calendar days, both ends included. The
/// patient is a facility's own 患者ID (<c>FacilityPatient.LocalPatientId</c>); the user a 利用者ID.
/// </summary>
public sealed record AccessLogFilter(
    DateOnly? From = null,
    DateOnly? To = null,
    string? UserName = null,
    string? LocalPatientId = null,
    AccessAction? Action = null,
    bool EmergencyOnly = false,
    string? FacilityCode = null,
    Guid? GrantId = null);

/// <summary>
/// A row of the access log as the screens and the CSV show it: names and 患者ID, never patient names.
/// <see cref="LinkedFacilityName"/>: the disclosing hospital of the row's patient link (e.g. whose
/// consent a 同意撤回 withdrew).
/// </summary>
public sealed record AccessLogRow(
    long Sequence,
    DateTime AtUtc,
    Guid? FacilityId,
    string? FacilityCode,
    string? FacilityName,
    string UserName,
    string DisplayName,
    string? TerminalName,
    Guid? FacilityPatientId,
    string? LocalPatientId,
    AccessAction Action,
    string? Target,
    bool IsEmergency,
    string RequestId,
    string? LinkedFacilityName = null)
{
    /// <summary>The 非常時アクセス grant the row names (its target), or null.</summary>
    public Guid? GrantId => EmergencyGrantFactsQuery.GrantIdOf(Target);
}

/// <summary>
/// Reads the access log for the facility administrator's screen (one facility) and the council's
/// (every facility). Read-only by design: nothing here or anywhere else changes or removes a row.
/// </summary>
public static class AccessLogSearch
{
    /// <summary>
    /// The rows of <paramref name="filter"/>, newest first. <paramref name="facility"/> limits them
    /// to one facility's people (the facility's screen); null means every facility (the council).
    /// </summary>
    public static IQueryable<AccessLogRow> Rows(MioKarteDbContext db, AccessLogFilter filter, IActingFacility? facility)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var log = db.AccessLog.AsNoTracking();
        if (facility is not null)
        {
            log = log.ForFacility(facility);
        }

        if (!string.IsNullOrWhiteSpace(filter.FacilityCode))
        {
            var code = filter.FacilityCode.Trim().ToUpperInvariant();
            var ids = db.Facilities.Where(f => f.Code == code).Select(f => (Guid?)f.Id);
            log = log.Where(e => ids.Contains(e.FacilityId));
        }

        if (filter.From is { } from)
        {
            var fromUtc = JapanTime.StartOfDayUtc(from);
            log = log.Where(e => e.AtUtc >= fromUtc);
        }

        if (filter.To is { } to)
        {
            var untilUtc = JapanTime.StartOfDayUtc(to.AddDays(1));
            log = log.Where(e => e.AtUtc < untilUtc);
        }

        if (!string.IsNullOrWhiteSpace(filter.UserName))
        {
            var userName = filter.UserName.Trim();
            log = log.Where(e => e.UserName == userName);
        }

        if (!string.IsNullOrWhiteSpace(filter.LocalPatientId))
        {
            var localId = filter.LocalPatientId.Trim();
            var patients = db.FacilityPatients
                .ForFacilityUnlessCouncil(facility)
                .Where(p => p.LocalPatientId == localId)
                .Select(p => (Guid?)p.Id);
            log = log.Where(e => patients.Contains(e.FacilityPatientId));
        }

        if (filter.Action is { } action)
        {
            log = log.Where(e => e.Action == action);
        }

        if (filter.EmergencyOnly)
        {
            log = log.Where(e => e.IsEmergency);
        }

        if (filter.GrantId is { } grantId)
        {
            var target = EmergencyGrantFactsQuery.TargetPrefix + grantId.ToString("D");
            var targetWithMore = target + " ";
            log = log.Where(e => e.IsEmergency && e.Target != null && (e.Target == target || e.Target.StartsWith(targetWithMore)));
        }

        // One left join each for the facility and the patient, not a subquery per column and row.
        return from e in log
               join f in db.Facilities on e.FacilityId equals (Guid?)f.Id into facilities
               from f in facilities.DefaultIfEmpty()
               join p in db.FacilityPatients on e.FacilityPatientId equals (Guid?)p.Id into patients
               from p in patients.DefaultIfEmpty()
               join l in db.PatientLinks on e.PatientLinkId equals (Guid?)l.Id into links
               from l in links.DefaultIfEmpty()
               join d in db.Facilities on (l == null ? (Guid?)null : l.DisclosingFacilityId) equals (Guid?)d.Id into disclosing
               from d in disclosing.DefaultIfEmpty()
               orderby e.Sequence descending
               select new AccessLogRow(
                   e.Sequence,
                   e.AtUtc,
                   e.FacilityId,
                   f == null ? null : f.Code,
                   f == null ? null : f.Name,
                   e.UserName,
                   e.DisplayName,
                   e.TerminalName,
                   e.FacilityPatientId,
                   p == null ? null : p.LocalPatientId,
                   e.Action,
                   e.Target,
                   e.IsEmergency,
                   e.RequestId,
                   d == null ? null : d.Name);
    }
}
