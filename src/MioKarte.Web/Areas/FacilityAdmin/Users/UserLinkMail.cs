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
}
