using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Opinions;

namespace MioKarte.Web.Areas.Council.Opinions;

public sealed record CouncilOpinionDetail(
    Guid Id, OpinionCategory Category, string Subject, string Body, OpinionStatus Status, DateTime SentAtUtc,
    string SenderName, string? SenderFacilityName, string? Answer, string? AnsweredBy, DateTime? AnsweredAtUtc,
    string? ClosedBy, DateTime? ClosedAtUtc, string UpdatedBy, DateTime UpdatedAtUtc, Guid Version)
{
    /// <summary>The answer being typed, kept when the page comes back with an error.</summary>
    public string? DraftAnswer { get; init; }

    public string? AnswerError { get; init; }

    /// <summary>「…さんがすでに変更しました」 or why the move is not possible any more.</summary>
    public string? Conflict { get; init; }

    /// <summary>The confirmation after a redirect (started / answered / closed), or null.</summary>
    public string? Done { get; init; }

    public static string? KnownDone(string? done) => done is "started" or "answered" or "closed" ? done : null;
}

/// <summary>One opinion for the council, with its sender as they were when it was sent.</summary>
public sealed class CouncilOpinionDetailHandler(MioKarteDbContext db) : IUseCaseHandler
{
    public async Task<CouncilOpinionDetail?> HandleAsync(Guid id) =>
        await db.Opinions.AsNoTracking()
            .Where(o => o.Id == id)
            .Select(o => new CouncilOpinionDetail(
                o.Id, o.Category, o.Subject, o.Body, o.Status, o.SentAtUtc, o.SenderName, o.SenderFacilityName,
                o.Answer, o.AnsweredBy, o.AnsweredAtUtc, o.ClosedBy, o.ClosedAtUtc, o.UpdatedBy, o.UpdatedAtUtc, o.Version))
            .SingleOrDefaultAsync();
}
