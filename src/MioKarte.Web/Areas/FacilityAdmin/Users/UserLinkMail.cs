using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Mail;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.FacilityAdmin.Users;

/// <summary>
/// The mails a facility's user gets from their 管理責任者's actions: the invitation of a new user and
/// the パスワード再設定 link. Always Japanese, with the 利用者ID and the single-use link; never a password.
/// The kinds start with "AccountActivation" like the administrator's own activation mails: the same link.
/// </summary>
public static class UserLinkMail
{
    public const string InvitationKind = "AccountActivationInvitation";
    public const string PasswordResetKind = "AccountActivationPasswordReset";

    public enum Kind
    {
        Invitation,
        PasswordReset,
    }

    public static OutboxMessage Create(MailText text, Kind kind, Facility facility, PortalUser user, string link, DateTime expiresAtUtc, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(facility);
        ArgumentNullException.ThrowIfNull(user);
        var (mailKind, subjectKey, bodyKey) = kind switch
        {
            Kind.Invitation => (InvitationKind, "Mail.UserInvitation.Subject", "Mail.UserInvitation.Body"),
            Kind.PasswordReset => (PasswordResetKind, "Mail.PasswordReset.Subject", "Mail.PasswordReset.Body"),
        };
        return OutboxMessage.Create(
            mailKind,
            user.Email ?? throw new InvalidOperationException("The user has no mail address."),
            user.DisplayName,
            text[subjectKey, facility.Code],
            text[bodyKey, facility.Name, user.DisplayName, facility.Code, user.UserName ?? "", link, JapanTime.Format(expiresAtUtc)],
            nowUtc);
    }

    /// <summary>
    /// パスワード再設定: the old password stops working at once (the account may be in wrong hands) and a
    /// new single-use link is queued; any link mailed before dies. Nobody sees or chooses the password;
    /// an authenticator already enrolled stays. Added to <paramref name="db"/>, saved by the caller with
    /// the rest of its change — the 管理責任者's button and the council's 管理責任者の復旧 alike.
    /// </summary>
    public static async Task QueuePasswordResetAsync(
        MioKarteDbContext db, MailText text, Facility facility, PortalUser user, string actor, DateTime nowUtc, TimeSpan lifetime,
        Func<string, string> activationUrl)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(activationUrl);
        var activation = await db.AccountActivations.SingleOrDefaultAsync(a => a.UserId == user.Id);
        string token;
        if (activation is null)
        {
            (activation, token) = AccountActivation.Start(user.Id, facility.Id, null, actor, nowUtc, lifetime);
            db.AccountActivations.Add(activation);
        }
        else
        {
            token = activation.Reissue(actor, nowUtc, lifetime);
        }

        user.PasswordHash = null;
        db.OutboxMessages.Add(Create(text, Kind.PasswordReset, facility, user, activationUrl(token), activation.ExpiresAtUtc, nowUtc));
    }
}
