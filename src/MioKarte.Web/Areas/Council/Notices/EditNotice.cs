using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Notices;

namespace MioKarte.Web.Areas.Council.Notices;

/// <summary>What became of an edit or a withdrawal.</summary>
public abstract record NoticeChangeOutcome
{
    private NoticeChangeOutcome()
    {
    }

    public sealed record NotFound : NoticeChangeOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : NoticeChangeOutcome;

    /// <summary>Someone changed the notice after the form was shown; nothing was saved.</summary>
    public sealed record Conflict(string ChangedBy) : NoticeChangeOutcome;

    /// <summary>The notice is withdrawn and can no longer be edited.</summary>
    public sealed record Withdrawn : NoticeChangeOutcome;

    public sealed record Done : NoticeChangeOutcome;
}

/// <summary>
/// お知らせの編集. The form carries the version it showed; a notice changed meanwhile by someone
/// else is not overwritten: the form comes back with 「…さんがすでに変更しました」.
/// </summary>
public sealed class EditNoticeHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public async Task<NoticeFormPage?> FormAsync(Guid id)
    {
        var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id);
        return notice is null ? null : NoticeFormPage.ForEdit(id, NoticeValidation.ToInput(notice), notice.Version) with
        {
            Status = notice.StatusAt(time.GetUtcNow().UtcDateTime),
            IsWithdrawn = notice.IsWithdrawn,
            CreatedBy = notice.CreatedBy,
            CreatedAtUtc = notice.CreatedAtUtc,
            UpdatedBy = notice.UpdatedBy,
            UpdatedAtUtc = notice.UpdatedAtUtc,
        };
    }

    public async Task<NoticeChangeOutcome> HandleAsync(Guid id, NoticeInput input, Guid version, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(input);
        var notice = await db.Notices.SingleOrDefaultAsync(n => n.Id == id);
        if (notice is null)
        {
            return new NoticeChangeOutcome.NotFound();
        }

        NoticeValidation.Normalise(input);
        if (notice.IsWithdrawn)
        {
            return new NoticeChangeOutcome.Withdrawn();
        }

        if (notice.Version != version)
        {
            return new NoticeChangeOutcome.Conflict(notice.UpdatedBy);
        }

        var (content, errors) = NoticeValidation.Validate(input);
        if (content is null)
        {
            return new NoticeChangeOutcome.Invalid(errors);
        }

        notice.Edit(content, actor.ShownName, time.GetUtcNow().UtcDateTime);
        return await db.TrySaveAtVersionAsync(notice, version)
            ? new NoticeChangeOutcome.Done()
            : new NoticeChangeOutcome.Conflict(await db.Notices.Where(n => n.Id == id).Select(n => n.UpdatedBy).SingleOrDefaultAsync() ?? "");
    }
}
