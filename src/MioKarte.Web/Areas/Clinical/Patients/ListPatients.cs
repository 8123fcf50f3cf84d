using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Records;
using MioKarte.Core.Text;

namespace MioKarte.Web.Areas.Clinical.Patients;

/// <summary>The search of /patients: 自院の患者ID (exact), カナ (prefix), 生年月日.</summary>
public sealed class PatientListQuery
{
    public string? LocalId { get; set; }

    public string? Kana { get; set; }

    public string? BirthDate { get; set; }
}

public sealed record PatientListRow(
    Guid Id, string LocalPatientId, string NameKanji, string NameKana, Sex Sex, DateOnly BirthDate, DateOnly? LatestDataDate,
    IReadOnlyList<string> LinkedFacilities, bool HasEndedLinks);

/// <param name="IsPhysician">Only a 医師 may start 非常時アクセス, so only a 医師 is offered it.</param>
public sealed record PatientListPage(PatientListQuery Query, IReadOnlyList<PatientListRow> Rows, bool MoreThanShown, bool BirthDateInvalid, bool IsPhysician);

/// <summary>
/// 患者一覧: the facility's own patients, newest first, with the disclosing facilities each is
/// linked to now and the latest data date recorded (no data-center call per row). Logged in the
/// access log as one PatientList row (no search terms: they are patient data).
/// </summary>
public sealed class ListPatientsHandler(MioKarteDbContext db, AccessLogWriter accessLog, TimeProvider time) : IUseCaseHandler
{
    public const int MaxRows = 100;

    public async Task<PatientListPage> HandleAsync(Actor actor, PatientListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(query);
        var now = time.GetUtcNow().UtcDateTime;
        var patients = db.FacilityPatients.AsNoTracking().ForFacility(actor);
        var localId = PatientFields.Id(query.LocalId);
        if (!string.IsNullOrEmpty(localId))
        {
            patients = patients.Where(p => p.LocalPatientId == localId);
        }

        var kana = JapaneseText.Kana(query.Kana);
        if (!string.IsNullOrEmpty(kana))
        {
            patients = patients.Where(p => p.NameKana.StartsWith(kana));
        }

        var birthInvalid = false;
        if (!string.IsNullOrEmpty(JapaneseText.Clean(query.BirthDate)))
        {
            if (PatientFields.Date(query.BirthDate, JapanTime.Today(time)) is { } birth)
            {
                patients = patients.Where(p => p.BirthDate == birth);
            }
            else
            {
                birthInvalid = true;
            }
        }

        var found = await patients
            .OrderByDescending(p => p.CreatedAtUtc)
            .Take(MaxRows + 1)
            .Select(p => new { p.Id, p.LocalPatientId, p.NameKanji, p.NameKana, p.Sex, p.BirthDate, p.LatestDataDate })
            .ToListAsync(cancellationToken);
        var ids = found.Take(MaxRows).Select(p => p.Id).ToList();
        var links = await db.PatientLinks.AsNoTracking()
            .ForFacility(actor)
            .Where(l => ids.Contains(l.FacilityPatientId))
            .Join(db.Facilities, l => l.DisclosingFacilityId, f => f.Id, (l, f) => new { l.FacilityPatientId, f.Code, f.Name, l.WithdrawnAtUtc, l.ConsentValidUntilUtc })
            .ToListAsync(cancellationToken);
        var rows = found.Take(MaxRows).Select(p =>
        {
            var mine = links.Where(l => l.FacilityPatientId == p.Id).ToList();
            var active = mine.Where(l => l.WithdrawnAtUtc is null && (l.ConsentValidUntilUtc is not { } until || now < until))
                .OrderBy(l => l.Code).Select(l => l.Name).Distinct().ToList();
            return new PatientListRow(p.Id, p.LocalPatientId, p.NameKanji, p.NameKana, p.Sex, p.BirthDate, p.LatestDataDate, active, mine.Count > active.Count);
        }).ToList();
        var physician = await db.Users.AsNoTracking().AnyAsync(u => u.Id == actor.UserId && u.Job == StaffJob.Physician, cancellationToken);
        await accessLog.AppendAsync(actor, new AccessRecord(AccessAction.PatientList), cancellationToken);
        return new PatientListPage(query, rows, found.Count > MaxRows, birthInvalid, physician);
    }
}
