using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;

namespace MioKarte.Web.Areas.Council.Notices;

/// <summary>
/// お知らせの取下げ: hidden from everyone at once. The form carries the version it showed, so a
/// notice someone just edited is not withdrawn unseen; a second click on the same button finds it
/// already withdrawn and does nothing more.
/// </summary>
public sealed class WithdrawNoticeHandler(MioKarteDbContext db, TimeProvider time, ILogger<WithdrawNoticeHandler> logger) : IUseCaseHandler
{
    public async Task<NoticeChangeOutcome> HandleAsync(Guid id, Guid version, Actor actor)
    {
        var notice = await db.Notices.SingleOrDefaultAsync(n => n.Id == id);
        if (notice is null)
        {
            return new NoticeChangeOutcome.NotFound();
        }

        if (notice.IsWithdrawn)
        {
            return new NoticeChangeOutcome.Withdrawn();
        }

        if (notice.Version != version)
        {
            return new NoticeChangeOutcome.Conflict(notice.UpdatedBy);
        }

        notice.Withdraw(actor.ShownName, time.GetUtcNow().UtcDateTime);
        if (!await db.TrySaveAtVersionAsync(notice, version))
        {
            var current = await db.Notices.AsNoTracking().Where(n => n.Id == id).Select(n => new { n.IsWithdrawn, n.UpdatedBy }).SingleAsync();
            return current.IsWithdrawn ? new NoticeChangeOutcome.Withdrawn() : new NoticeChangeOutcome.Conflict(current.UpdatedBy);
        }

        logger.LogInformation("Notice {NoticeId} withdrawn", id);
        return new NoticeChangeOutcome.Done();
    }
}
