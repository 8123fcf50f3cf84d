using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Notices;

namespace MioKarte.Web.Areas.Account.Notices;

public sealed record NoticeSummary(Guid Id, string Title, NoticeImportance Importance, DateTime PublishFromUtc);

public sealed record NoticeDetail(Guid Id, string Title, string Body, NoticeImportance Importance, DateTime PublishFromUtc, DateTime? PublishUntilUtc);

/// <summary>
/// The notices a signed-in user reads: those for one of the user's audiences (by role) that are
/// published now — not before their window, not after it, never withdrawn. Important ones first,
/// then the newest. A notice the user may not read is reported as missing (404), not as forbidden.
/// </summary>
public sealed class NoticeBoardHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public async Task<IReadOnlyList<NoticeSummary>> ListAsync(Actor actor, int? limit = null)
    {
        var audiences = AudiencesOf(actor);
        var query = db.Notices.AsNoTracking()
            .Where(Notice.PublishedAt(time.GetUtcNow().UtcDateTime))
            .Where(n => audiences.Contains(n.Audience))
            .OrderByDescending(n => n.Importance == NoticeImportance.Important)
            .ThenByDescending(n => n.PublishFromUtc)
            .Select(n => new NoticeSummary(n.Id, n.Title, n.Importance, n.PublishFromUtc));
        return limit is { } take ? await query.Take(take).ToListAsync() : await query.ToListAsync();
    }

    public async Task<NoticeDetail?> FindAsync(Actor actor, Guid id)
    {
        var audiences = AudiencesOf(actor);
        return await db.Notices.AsNoTracking()
            .Where(n => n.Id == id)
            .Where(Notice.PublishedAt(time.GetUtcNow().UtcDateTime))
            .Where(n => audiences.Contains(n.Audience))
            .Select(n => new NoticeDetail(n.Id, n.Title, n.Body, n.Importance, n.PublishFromUtc, n.PublishUntilUtc))
            .SingleOrDefaultAsync();
    }

    private static List<NoticeAudience> AudiencesOf(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return [.. Notice.AudiencesFor(PortalRoles.All.Where(actor.IsInRole))];
    }
}
