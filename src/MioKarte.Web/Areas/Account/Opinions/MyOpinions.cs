using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Opinions;

namespace MioKarte.Web.Areas.Account.Opinions;

public sealed record MyOpinionRow(Guid Id, OpinionCategory Category, string Subject, OpinionStatus Status, DateTime SentAtUtc);

public sealed record MyOpinionDetail(
    Guid Id, OpinionCategory Category, string Subject, string Body, OpinionStatus Status, DateTime SentAtUtc,
    string? Answer, string? AnsweredBy, DateTime? AnsweredAtUtc, DateTime? ClosedAtUtc);

/// <summary>
/// A user's own opinions and the council's answers. Every query filters by the signed-in user's
/// id: another user's opinion is missing (404), whatever id is typed into the address.
/// </summary>
public sealed class MyOpinionsHandler(MioKarteDbContext db) : IUseCaseHandler
{
    public async Task<IReadOnlyList<MyOpinionRow>> ListAsync(Actor actor) =>
        await db.Opinions.AsNoTracking()
            .Where(o => o.SenderUserId == actor.UserId)
            .OrderByDescending(o => o.SentAtUtc)
            .Select(o => new MyOpinionRow(o.Id, o.Category, o.Subject, o.Status, o.SentAtUtc))
            .ToListAsync();

    public async Task<MyOpinionDetail?> FindAsync(Actor actor, Guid id) =>
        await db.Opinions.AsNoTracking()
            .Where(o => o.Id == id && o.SenderUserId == actor.UserId)
            .Select(o => new MyOpinionDetail(
                o.Id, o.Category, o.Subject, o.Body, o.Status, o.SentAtUtc, o.Answer, o.AnsweredBy, o.AnsweredAtUtc, o.ClosedAtUtc))
            .SingleOrDefaultAsync();
}
