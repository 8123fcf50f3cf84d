using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Mail;

namespace MioKarte.Web.Areas.Account.SignIn;

/// <summary>
/// Tells the council (連絡協議会) that one client address reached the hard lock of
/// <see cref="SignInThrottle"/> for one 利用者ID — someone is guessing a password. A mail to the
/// council's notification address (<see cref="CouncilOptions.NotificationEmail"/>), as for new
/// opinions, and always a warning in the log. The mail names the account's 利用者ID when it exists
/// (never the typed text of an unknown one, which may hold a mistyped password), the address, and
/// the time. At most <see cref="MailsPerHour"/> such mails an hour, so a spray over many IDs cannot
/// flood the council's inbox; the log keeps every one.
/// </summary>
public sealed class SignInAlarm(
    MioKarteDbContext db, IOptions<CouncilOptions> council, IStringLocalizer<SharedResource> text, TimeProvider time, ILogger<SignInAlarm> logger)
{
    public const string MailKind = "SignInAttack";
    public const int MailsPerHour = 20;

    public async Task RaiseAsync(PortalUser? user, string client)
    {
        var now = time.GetUtcNow().UtcDateTime;
        logger.LogWarning(
            "Sign-in attack: {Failures} wrong passwords for user {UserId} from {Client}; held back for {Minutes} minutes",
            SignInThrottle.HardLockFailures, user?.Id ?? "(unknown user name)", client, SignInThrottle.HardLockDuration.TotalMinutes);
        if (council.Value.NotificationAddress is not { } address)
        {
            return;
        }

        var since = now.AddHours(-1);
        if (await db.OutboxMessages.CountAsync(m => m.Kind == MailKind && m.CreatedAtUtc >= since) >= MailsPerHour)
        {
            return;
        }

        db.OutboxMessages.Add(OutboxMessage.Create(
            MailKind,
            address,
            text["Mail.CouncilName"],
            text["Mail.SignInAttack.Subject"],
            text["Mail.SignInAttack.Body",
                user?.UserName ?? text["Mail.SignInAttack.UnknownUser"],
                client,
                SignInThrottle.HardLockFailures,
                JapanTime.Format(now),
                (int)SignInThrottle.HardLockDuration.TotalMinutes],
            now));
        await db.SaveChangesAsync();
    }
}
