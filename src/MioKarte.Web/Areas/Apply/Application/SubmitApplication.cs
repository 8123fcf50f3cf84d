using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Mail;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Apply.Application;

public abstract record SubmitOutcome
{
    private SubmitOutcome()
    {
    }

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : SubmitOutcome;

    /// <summary>Submitted now, or earlier by the same form (a double click, the back button, a retry).</summary>
    public sealed record Submitted(string StatusToken) : SubmitOutcome;
}

/// <summary>
/// 参加申込の送信: validates the whole application, stores it with its receipt mail to the
/// 管理責任者 and the notice to the council in ONE transaction (the outbox), and is idempotent by
/// the form's submission key: a second POST of the same form creates nothing and leads to the same
/// status page.
/// </summary>
public sealed class SubmitApplicationHandler(
    MioKarteDbContext db,
    TimeProvider time,
    IDataProtectionProvider protection,
    IOptions<MailOptions> mail,
    MailText text,
    ILogger<SubmitApplicationHandler> logger) : IUseCaseHandler
{
    public const string TokenPurpose = "MioKarte.Apply.StatusToken";
    public async Task<SubmitOutcome> HandleAsync(ApplicationInput input, Guid submissionKey, Func<string, string> statusUrl)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(statusUrl);
        var now = time.GetUtcNow();
        var today = JapanTime.DateOf(now.UtcDateTime);
        ApplicationValidation.Normalise(input);
        var errors = ApplicationValidation.Validate(input, today);
        if (errors.Count > 0)
        {
            return new SubmitOutcome.Invalid(errors);
        }

        if (await ExistingTokenAsync(submissionKey) is { } existing)
        {
            return new SubmitOutcome.Submitted(existing);
        }

        var protector = protection.CreateProtector(TokenPurpose);
        var data = ApplicationValidation.ToData(input);
        for (var attempt = 1; ; attempt++)
        {
            var receipt = await NextReceiptNumberAsync(today.Year);
            var (application, token) = ParticipationApplication.Submit(data, submissionKey, receipt, now.UtcDateTime, protector.Protect);
            db.ParticipationApplications.Add(application);
            // Drafts of this form have served their purpose; their personal data goes now (their
            // links then lead to the status page, see ResumeDraftHandler).
            foreach (var draft in await db.ApplicationDrafts.Where(d => d.SubmissionKey == submissionKey).ToListAsync())
            {
                draft.Submitted();
            }

            QueueMails(application, today, statusUrl(token), now.UtcDateTime);
            try
            {
                await db.SaveChangesAsync();
                logger.LogInformation("Participation application {ReceiptNumber} received", receipt);
                return new SubmitOutcome.Submitted(token);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Either the same form arrived twice at once (same submission key), or another
                // application took this receipt number: start again from a clean context.
                db.ChangeTracker.Clear();
                if (await ExistingTokenAsync(submissionKey) is { } raced)
                {
                    return new SubmitOutcome.Submitted(raced);
                }
            }
        }
    }

    /// <summary>The status token of the application submitted with this form's key, or null when none was.</summary>
    public async Task<string?> ExistingTokenAsync(Guid submissionKey)
    {
        var stored = await db.ParticipationApplications.Where(a => a.SubmissionKey == submissionKey)
            .Select(a => a.StatusTokenProtected).SingleOrDefaultAsync();
        return stored is null ? null : protection.CreateProtector(TokenPurpose).Unprotect(stored);
    }

    /// <summary>MK-{year}-{000001…}: the next number of the Japan year.</summary>
    private async Task<string> NextReceiptNumberAsync(int year)
    {
        var prefix = $"MK-{year}-";
        var last = await db.ParticipationApplications.Where(a => a.ReceiptNumber.StartsWith(prefix))
            .OrderByDescending(a => a.ReceiptNumber).Select(a => a.ReceiptNumber).FirstOrDefaultAsync();
        var next = last is null ? 1 : int.Parse(last[prefix.Length..], CultureInfo.InvariantCulture) + 1;
        return prefix + next.ToString("D6", CultureInfo.InvariantCulture);
    }

    private void QueueMails(ParticipationApplication application, DateOnly today, string statusUrl, DateTime nowUtc)
    {
        var data = application.Data;
        // 「・① 「ID-Link」サービス 契約申込書…：「申込者印」」, one line per form this application needs.
        var sealBoxes = string.Join('\n', ApplicationPdfs.FormsFor(data.Connection).Select(f => $"　・{f.Number} {f.Title}：{f.SealBoxList}"));
        var receipt = OutboxMessage.Create(
            "ApplicationReceipt",
            data.AdministratorEmail,
            data.AdministratorName,
            text["Mail.Receipt.Subject", application.ReceiptNumber],
            text["Mail.Receipt.Body", data.FacilityName, data.AdministratorName, application.ReceiptNumber, statusUrl, sealBoxes, CouncilPostalAddress.Block],
            nowUtc);
        foreach (var pdf in ApplicationPdfs.Render(data.ToForm(application.ReceiptNumber, today)))
        {
            receipt.Attach(pdf.FileName, "application/pdf", pdf.Content);
        }

        db.OutboxMessages.Add(receipt);
        db.OutboxMessages.Add(OutboxMessage.Create(
            "ApplicationNotice",
            mail.Value.CouncilAddress,
            text["Mail.CouncilName"],
            text["Mail.Notice.Subject", application.ReceiptNumber],
            text["Mail.Notice.Body", application.ReceiptNumber, data.FacilityName, text["FacilityType." + data.FacilityType]],
            nowUtc));
    }
}
