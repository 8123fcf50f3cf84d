using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Mail;
using MioKarte.Core.Text;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Apply.Application;

/// <summary>
/// 下書き保存: keeps the form as typed (valid or not) and mails a resume link valid for 14 days.
/// The draft and its mail are one transaction; expired drafts are removed on the way.
/// </summary>
public sealed class SaveDraftHandler(MioKarteDbContext db, TimeProvider time, MailText text) : IUseCaseHandler
{
    public async Task<string?> HandleAsync(ApplicationInput input, int step, Guid submissionKey, string? email, Func<string, string> resumeUrl)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(resumeUrl);
        var address = JapaneseText.Email(string.IsNullOrWhiteSpace(email) ? input.AdministratorEmail : email);
        if (address is null || !EmailAddress.IsWellFormed(address))
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        // A draft holds personal data: nothing is kept past its expiry.
        await db.ApplicationDrafts.Where(d => d.ExpiresAtUtc < now).ExecuteDeleteAsync();
        var (draft, token) = ApplicationDraft.Save(address, JsonSerializer.Serialize(input), step, submissionKey, now);
        db.ApplicationDrafts.Add(draft);
        db.OutboxMessages.Add(OutboxMessage.Create(
            "ApplicationDraft",
            address,
            input.AdministratorName ?? "",
            text["Mail.Draft.Subject"],
            text["Mail.Draft.Body", input.FacilityName ?? "", resumeUrl(token), JapanTime.Format(draft.ExpiresAtUtc)],
            now));
        await db.SaveChangesAsync();
        return address;
    }
}

public abstract record ResumeOutcome
{
    private ResumeOutcome()
    {
    }

    public sealed record NotFound : ResumeOutcome;

    public sealed record Expired : ResumeOutcome;

    public sealed record Found(ApplicationInput Input, int Step, Guid SubmissionKey) : ResumeOutcome;

    /// <summary>The application of this draft was submitted meanwhile: its status page's token.</summary>
    public sealed record Submitted(string StatusToken) : ResumeOutcome;
}

/// <summary>再開: finds a draft by the hash of the link's token; a draft whose application was submitted leads to its status.</summary>
public sealed class ResumeDraftHandler(MioKarteDbContext db, TimeProvider time, SubmitApplicationHandler submissions) : IUseCaseHandler
{
    public async Task<ResumeOutcome> HandleAsync(string token)
    {
        var hash = LinkToken.HashOf(token);
        var draft = hash is null ? null : await db.ApplicationDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.TokenHash == hash);
        if (draft is null)
        {
            return new ResumeOutcome.NotFound();
        }

        if (await submissions.ExistingTokenAsync(draft.SubmissionKey) is { } statusToken)
        {
            return new ResumeOutcome.Submitted(statusToken);
        }

        if (draft.IsExpired(time.GetUtcNow().UtcDateTime))
        {
            return new ResumeOutcome.Expired();
        }

        var input = JsonSerializer.Deserialize<ApplicationInput>(draft.InputJson) ?? new ApplicationInput();
        return new ResumeOutcome.Found(input, draft.Step, draft.SubmissionKey);
    }
}
