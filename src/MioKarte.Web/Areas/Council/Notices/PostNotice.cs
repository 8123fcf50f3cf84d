using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Notices;

namespace MioKarte.Web.Areas.Council.Notices;

public abstract record PostNoticeOutcome
{
    private PostNoticeOutcome()
    {
    }

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : PostNoticeOutcome;

    /// <summary>Posted now, or earlier by the same form (a double click, a retry).</summary>
    public sealed record Posted(Guid Id) : PostNoticeOutcome;
}

/// <summary>
/// お知らせの登録. Idempotent by the form's submission key: a second POST of the same form finds
/// the notice the first one stored and adds nothing.
/// </summary>
public sealed class PostNoticeHandler(MioKarteDbContext db, TimeProvider time, ILogger<PostNoticeHandler> logger) : IUseCaseHandler
{
    public async Task<PostNoticeOutcome> HandleAsync(NoticeInput input, Guid submissionKey, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(input);
        NoticeValidation.Normalise(input);
        var (content, errors) = NoticeValidation.Validate(input);
        if (content is null)
        {
            return new PostNoticeOutcome.Invalid(errors);
        }

        if (await ExistingAsync(submissionKey) is { } existing)
        {
            return new PostNoticeOutcome.Posted(existing);
        }

        var notice = Notice.Post(content, submissionKey, actor.ShownName, time.GetUtcNow().UtcDateTime);
        db.Notices.Add(notice);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // The same form arrived twice at once: the other request stored it.
            db.ChangeTracker.Clear();
            if (await ExistingAsync(submissionKey) is { } raced)
            {
                return new PostNoticeOutcome.Posted(raced);
            }

            throw;
        }

        logger.LogInformation("Notice {NoticeId} posted for {Audience}", notice.Id, notice.Audience);
        return new PostNoticeOutcome.Posted(notice.Id);
    }

    private async Task<Guid?> ExistingAsync(Guid submissionKey) =>
        await db.Notices.Where(n => n.SubmissionKey == submissionKey).Select(n => (Guid?)n.Id).SingleOrDefaultAsync();
}
