using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Web.Areas.Council.Shared;

namespace MioKarte.Web.Areas.Council.Dashboard;

/// <summary>One application waiting for someone, with how long it has waited in its current status.</summary>
public sealed record WaitingApplication(
    Guid Id,
    string ReceiptNumber,
    string FacilityName,
    FacilityType FacilityType,
    DateTime SinceUtc,
    int DaysWaiting,
    string? ApprovedByName = null,
    bool CurrentUserMayRegister = true)
{
    /// <summary>書類到着待ち over <see cref="CouncilDashboardHandler.DocumentsOverdueDays"/> days: time to call the applicant.</summary>
    public bool Overdue { get; init; }
}

/// <summary>One kind of work: its status, how many wait, and the longest-waiting few.</summary>
public sealed record WorkList(ApplicationStatus Status, int Count, IReadOnlyList<WaitingApplication> Oldest)
{
    public string QueueUrl => $"/council/applications?status={Status}&sort=updated";

    public int OverdueCount { get; init; }
}

public sealed record DashboardView(
    DateOnly Today,
    WorkList AwaitingDocuments,
    WorkList UnderReview,
    WorkList Approved,
    WorkList Returned,
    bool RequireFourEyes)
{
    public int ActionCount => AwaitingDocuments.Count + UnderReview.Count + Approved.Count;
}

/// <summary>
/// 本日の業務: the applications that need the council now (sealed originals awaited, under review,
/// approved and waiting for registration) and those waiting for the applicant (returned), oldest first.
/// </summary>
public sealed class CouncilDashboardHandler(MioKarteDbContext db, TimeProvider time, CouncilActorsHandler actors, IOptions<CouncilOptions> council) : IUseCaseHandler
{
    /// <summary>How long the sealed originals may take by post before the applicant is asked.</summary>
    public const int DocumentsOverdueDays = 14;

    /// <summary>How many applications each list shows; the queue shows them all.</summary>
    public const int ListSize = 10;

    public async Task<DashboardView> HandleAsync(Actor actor)
    {
        var today = JapanTime.Today(time);
        var counts = await db.ParticipationApplications.AsNoTracking()
            .GroupBy(a => a.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count);

        var overdueBefore = JapanTime.StartOfDayUtc(today.AddDays(-DocumentsOverdueDays));
        var overdue = await db.ParticipationApplications.AsNoTracking()
            .CountAsync(a => a.Status == ApplicationStatus.AwaitingDocuments && a.UpdatedAtUtc < overdueBefore);

        var fourEyes = council.Value.RequireFourEyes;
        async Task<WorkList> ListAsync(ApplicationStatus status)
        {
            var oldest = await db.ParticipationApplications.AsNoTracking()
                .Where(a => a.Status == status)
                .OrderBy(a => a.UpdatedAtUtc).ThenBy(a => a.ReceiptNumber)
                .Take(ListSize)
                .Select(a => new
                {
                    a.Id,
                    a.ReceiptNumber,
                    a.Data.FacilityName,
                    a.Data.FacilityType,
                    a.UpdatedAtUtc,
                    ApprovedBy = a.Events.Where(e => e.Status == ApplicationStatus.Approved)
                        .OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id).Select(e => e.Actor).FirstOrDefault(),
                })
                .ToListAsync();
            IReadOnlyDictionary<string, string> names = status == ApplicationStatus.Approved
                ? await actors.DisplayNamesAsync(oldest.Select(a => a.ApprovedBy))
                : new Dictionary<string, string>();
            return new WorkList(status, counts.GetValueOrDefault(status), [.. oldest.Select(a =>
            {
                var days = today.DayNumber - JapanTime.DateOf(a.UpdatedAtUtc).DayNumber;
                var approvedBy = status == ApplicationStatus.Approved ? a.ApprovedBy : null;
                return new WaitingApplication(
                    a.Id, a.ReceiptNumber, a.FacilityName, a.FacilityType, a.UpdatedAtUtc, days,
                    approvedBy is null ? null : names.GetValueOrDefault(approvedBy, approvedBy),
                    !fourEyes || !string.Equals(approvedBy, actor.UserName, StringComparison.Ordinal))
                {
                    Overdue = status == ApplicationStatus.AwaitingDocuments && days > DocumentsOverdueDays,
                };
            })]);
        }

        // One after the other: a DbContext runs one query at a time.
        var awaiting = await ListAsync(ApplicationStatus.AwaitingDocuments);
        var review = await ListAsync(ApplicationStatus.UnderReview);
        var approved = await ListAsync(ApplicationStatus.Approved);
        var returned = await ListAsync(ApplicationStatus.Returned);
        return new DashboardView(
            today,
            awaiting with { OverdueCount = overdue },
            review,
            approved,
            returned,
            fourEyes);
    }
}
