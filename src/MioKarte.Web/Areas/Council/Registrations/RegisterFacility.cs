using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Mail;
using MioKarte.Web.Areas.Council.Shared;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Registrations;

public abstract record RegisterOutcome
{
    private RegisterOutcome()
    {
    }

    /// <summary>Registered now: the facility, its 管理責任者 and the activation mail exist.</summary>
    public sealed record Registered(string FacilityCode, string UserName, string Email) : RegisterOutcome;

    /// <summary>Registered before (a double submit, or a colleague at the same moment): nothing new was created.</summary>
    public sealed record AlreadyRegistered(string FacilityCode, string UserName, string By) : RegisterOutcome;

    /// <summary>The four-eyes rule: the one who approved may not register.</summary>
    public sealed record FourEyes(string ApprovedBy) : RegisterOutcome;

    /// <summary>The application changed after the page was shown.</summary>
    public sealed record Conflict(string ChangedBy) : RegisterOutcome;

    public sealed record NotApproved(ApplicationStatus Status) : RegisterOutcome;

    public sealed record NotFound : RegisterOutcome;
}

/// <summary>
/// 登録完了: in ONE SaveChanges, the application moves to Registered (four-eyes rule, optimistic
/// concurrency on the version the page showed), the viewing facility is created with the next free
/// 施設コード and the terminal allowance applied for, its 管理責任者 account is created without a
/// password (利用者ID {施設コード}-01, role FacilityAdministrator), and the activation with its mail
/// (the single-use link, the facility code and the 利用者ID; never a password) is queued in the
/// outbox. Two registrations at once that pick the same code collide on its unique index; the loser
/// starts again from a clean context with the next code. A second post for a registered application
/// creates nothing and reports the registration.
/// </summary>
public sealed class RegisterFacilityHandler(
    MioKarteDbContext db,
    UserManager<PortalUser> users,
    TimeProvider time,
    IOptions<CouncilOptions> council,
    MailText text,
    CouncilActorsHandler actors,
    ILogger<RegisterFacilityHandler> logger) : IUseCaseHandler
{
    private const int MaxAttempts = 5;

    /// <param name="clinicalRights">
    /// The clinical 利用権 the council ticked for the administrator; null when the post came from a
    /// page without the choice (the application's detail page), which means the facility type's defaults.
    /// </param>
    public async Task<RegisterOutcome> HandleAsync(
        Guid applicationId, Guid postedVersion, Actor actor, Func<string, string> activationUrl, UserRights? clinicalRights = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(activationUrl);
        for (var attempt = 1; ; attempt++)
        {
            var application = await db.ParticipationApplications.Include(a => a.Events).SingleOrDefaultAsync(a => a.Id == applicationId);
            if (application is null)
            {
                return new RegisterOutcome.NotFound();
            }

            if (application.Status == ApplicationStatus.Registered)
            {
                return await AlreadyRegisteredAsync(application);
            }

            if (application.Version != postedVersion)
            {
                return new RegisterOutcome.Conflict(await actors.DisplayNameAsync(application.LastActor));
            }

            if (application.Status != ApplicationStatus.Approved)
            {
                return new RegisterOutcome.NotApproved(application.Status);
            }

            var now = time.GetUtcNow().UtcDateTime;
            db.Entry(application).Property(a => a.Version).OriginalValue = postedVersion;
            try
            {
                application.CompleteRegistration(actor.UserName, now, council.Value.RequireFourEyes);
            }
            catch (FourEyesException)
            {
                return new RegisterOutcome.FourEyes(await actors.DisplayNameAsync(application.ApprovedBy ?? actor.UserName));
            }

            var code = await FacilityCode.NextAsync(db.Facilities, FacilityRole.Viewing);
            var facility = Facility.RegisterViewing(application, code, actor.UserName, now);
            db.Facilities.Add(facility);
            var rights = FacilityRights.ForFirstAdministrator(clinicalRights ?? FacilityRights.ClinicalDefaultsFor(application.Data.FacilityType));
            var administrator = await AddAdministratorAsync(application.Data, facility, rights);
            // The account's history starts here, with who registered it (the 管理責任者's own detail page shows it).
            db.UserEvents.Add(UserEvent.Record(administrator.Id, facility.Id, UserEventKind.Created, "", actor.UserName, now));
            var (activation, token) = AccountActivation.Start(
                administrator.Id, facility.Id, application.Id, actor.UserName, now, council.Value.ActivationLifetime);
            db.AccountActivations.Add(activation);
            db.OutboxMessages.Add(ActivationMail.Create(text, ActivationMail.Kind.Registration, facility, administrator, activationUrl(token), activation.ExpiresAtUtc, now));
            try
            {
                await db.SaveChangesAsync();
                logger.LogInformation(
                    "Application {ReceiptNumber} registered as facility {FacilityCode}; activation {ActivationId} mailed",
                    application.ReceiptNumber, facility.Code, activation.Id);
                return new RegisterOutcome.Registered(facility.Code, administrator.UserName!, administrator.Email!);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // A colleague registered this application (its version moved), or another application
                // took this facility code: look again from a clean context.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// The 管理責任者 as Identity would create it — normalised name and address, a security stamp,
    /// lockout on — with 利用者の管理 and the clinical rights chosen (an administrator without
    /// rights could never add a user or a terminal, and nobody else at the facility can), but
    /// added to this DbContext so that it is saved with everything else, and with
    /// no password: the administrator sets one through the activation link.
    /// </summary>
    private async Task<PortalUser> AddAdministratorAsync(ParticipationApplicationData data, Facility facility, UserRights rights)
    {
        var userName = PortalUserName.Administrator(facility.Code);
        var user = new PortalUser
        {
            UserName = userName,
            NormalizedUserName = users.NormalizeName(userName),
            DisplayName = data.AdministratorName,
            // The フリガナ the application gave: shown on the user's page, sorted by, and refused inside a password.
            DisplayNameKana = data.AdministratorNameKana,
            Email = data.AdministratorEmail,
            NormalizedEmail = users.NormalizeEmail(data.AdministratorEmail),
            FacilityId = facility.Id,
            Rights = rights,
            LockoutEnabled = users.Options.Lockout.AllowedForNewUsers,
        };
        db.Users.Add(user);
        var role = await db.Roles.Where(r => r.NormalizedName == PortalRoles.FacilityAdministrator.ToUpperInvariant()).Select(r => r.Id).SingleAsync();
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role });
        return user;
    }

    private async Task<RegisterOutcome> AlreadyRegisteredAsync(ParticipationApplication application)
    {
        var registered = await (from f in db.Facilities
                                join u in db.Users on f.Id equals u.FacilityId
                                join a in db.AccountActivations on u.Id equals a.UserId
                                where f.ApplicationId == application.Id && a.ApplicationId == application.Id
                                select new { f.Code, u.UserName }).FirstOrDefaultAsync();
        var by = application.InOrder().LastOrDefault(e => e.Status == ApplicationStatus.Registered)?.Actor ?? "";
        return new RegisterOutcome.AlreadyRegistered(registered?.Code ?? "", registered?.UserName ?? "", await actors.DisplayNameAsync(by));
    }
}

/// <summary>The activation mail: always Japanese, with the link, the facility code and the 利用者ID; never a password.</summary>
public static class ActivationMail
{
    public enum Kind
    {
        Registration,
        Resend,
    }

    public static OutboxMessage Create(
        MailText text, Kind kind, Facility facility, PortalUser administrator, string link, DateTime expiresAtUtc, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(facility);
        ArgumentNullException.ThrowIfNull(administrator);
        var (mailKind, subjectKey, bodyKey) = kind switch
        {
            Kind.Registration => ("AccountActivation", "Mail.Activation.Subject", "Mail.Activation.Body"),
            Kind.Resend => ("AccountActivationResent", "Mail.ActivationResent.Subject", "Mail.ActivationResent.Body"),
        };
        return OutboxMessage.Create(
            mailKind,
            administrator.Email ?? throw new InvalidOperationException("The administrator has no mail address."),
            administrator.DisplayName,
            text[subjectKey, facility.Code],
            text[bodyKey, facility.Name, administrator.DisplayName, facility.Code, administrator.UserName ?? "", link, JapanTime.Format(expiresAtUtc)],
            nowUtc);
    }
}
