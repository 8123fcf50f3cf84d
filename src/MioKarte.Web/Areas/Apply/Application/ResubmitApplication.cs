using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Mail;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Apply.Application;

public abstract record ResubmitOutcome
{
    private ResubmitOutcome()
    {
    }

    public sealed record NotFound : ResubmitOutcome;

    /// <summary>The application is no longer returned (already resubmitted, or the council moved it).</summary>
    public sealed record NotReturned : ResubmitOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : ResubmitOutcome;

    public sealed record Resubmitted : ResubmitOutcome;
}

/// <summary>
/// 差戻し後の再提出: the applicant corrects a returned application from the status link. The
/// entity's guarded <c>Resubmit</c> refuses anything but a returned application, and its version
/// detects a council decision made meanwhile; the council is told in the same transaction.
/// </summary>
public sealed class ResubmitApplicationHandler(MioKarteDbContext db, TimeProvider time, MailText text, IOptions<MailOptions> mail) : IUseCaseHandler
{
    /// <summary>The stored form of a returned application, for the correction form; null otherwise.</summary>
    public async Task<ApplicationInput?> CorrectableInputAsync(string token)
    {
        var application = await db.ParticipationApplications.FindByStatusTokenAsync(token);
        return application is { Status: ApplicationStatus.Returned } ? ApplicationValidation.ToInput(application.Data) : null;
    }

    /// <summary>Whether the link names an application at all (whatever its status).</summary>
    public async Task<bool> ExistsAsync(string token) => await db.ParticipationApplications.FindByStatusTokenAsync(token) is not null;

    public async Task<ResubmitOutcome> HandleAsync(string token, ApplicationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var application = await db.ParticipationApplications.FindByStatusTokenAsync(token);
        if (application is null)
        {
            return new ResubmitOutcome.NotFound();
        }

        var now = time.GetUtcNow();
        ApplicationValidation.Normalise(input);
        var errors = ApplicationValidation.Validate(input, JapanTime.DateOf(now.UtcDateTime));
        if (errors.Count > 0)
        {
            return new ResubmitOutcome.Invalid(errors);
        }

        try
        {
            application.Resubmit(ApplicationValidation.ToData(input), now.UtcDateTime);
            db.OutboxMessages.Add(OutboxMessage.Create(
                "ApplicationResubmitted",
                mail.Value.CouncilAddress,
                text["Mail.CouncilName"],
                text["Mail.Resubmitted.Subject", application.ReceiptNumber],
                text["Mail.Resubmitted.Body", application.ReceiptNumber, application.Data.FacilityName],
                now.UtcDateTime));
            await db.SaveChangesAsync();
            return new ResubmitOutcome.Resubmitted();
        }
        catch (Exception ex) when (ex is WorkflowException or DbUpdateConcurrencyException)
        {
            // Resubmitted twice, or the council acted meanwhile: nothing is changed.
            return new ResubmitOutcome.NotReturned();
        }
    }
}
