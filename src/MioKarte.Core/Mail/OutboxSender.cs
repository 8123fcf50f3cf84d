using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;

namespace MioKarte.Core.Mail;

/// <summary>
/// Delivers due outbox mail. Each message is first claimed with a conditional update — lease owner
/// and expiry set only where the message is still unsent, due and not leased, and the claim counts
/// only when exactly one row changed — so two senders (two portal nodes) never both send it; it is
/// marked sent right after the server accepts it, and that mark is stored only while the lease is
/// still this sender's. The lease (5 minutes) outlasts the SMTP client's timeouts, so a lease can
/// lapse mid-send only if the process stalls for minutes: then the other sender may deliver again,
/// with the same Message-ID, and the late mark is refused and logged. A failure schedules the next
/// attempt with exponential back-off and jitter, so an SMTP outage delays mail but loses none.
/// </summary>
public sealed class OutboxSender(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    IOptions<MailOptions> options,
    TimeProvider time,
    PortalMetrics metrics,
    ILogger<OutboxSender> logger) : BackgroundService
{
    public const int SenderIdMaxLength = 100;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private const int BatchSize = 20;

    /// <summary>This sender's name on its leases: host, process and a random part (two senders in one process differ too).</summary>
    public string SenderId { get; } = NewSenderId();

    private static string NewSenderId()
    {
        var id = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        return id.Length > SenderIdMaxLength ? id[^SenderIdMaxLength..] : id;
    }

    /// <summary>Sends every message due now; returns how many were delivered.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.OutboxMessages
            .Where(m => m.SentAtUtc == null && m.FailedAtUtc == null && m.NextAttemptAtUtc <= now
                        && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
            .OrderBy(m => m.NextAttemptAtUtc)
            .Select(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        var delivered = 0;
        foreach (var id in due)
        {
            if (await TryClaimAsync(db, id, SenderId, now, cancellationToken) && await DeliverAsync(db, id, cancellationToken))
            {
                delivered++;
            }
        }

        // The backlog is the whole network's (every node's sender works on the same table).
        metrics.MailsPending(await PendingAsync(db, cancellationToken));
        return delivered;
    }

    /// <summary>Mails neither sent nor given up: the backlog the health check and the gauge show.</summary>
    public static Task<int> PendingAsync(MioKarteDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.OutboxMessages.CountAsync(m => m.SentAtUtc == null && m.FailedAtUtc == null, cancellationToken);
    }

    /// <summary>
    /// The lease: one UPDATE whose WHERE repeats the whole "may be sent now" test, so of two senders
    /// racing for a message exactly one changes the row (the database serialises the two updates;
    /// the loser's WHERE no longer matches).
    /// </summary>
    private static async Task<bool> TryClaimAsync(MioKarteDbContext db, Guid id, string sender, DateTime now, CancellationToken cancellationToken)
    {
        var lockedUntil = now + Lease;
        var claimed = await db.OutboxMessages
            .Where(m => m.Id == id && m.SentAtUtc == null && m.FailedAtUtc == null && m.NextAttemptAtUtc <= now
                        && (m.LockedUntilUtc == null || m.LockedUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, lockedUntil).SetProperty(m => m.LockedBy, sender), cancellationToken);
        return claimed == 1;
    }

    private async Task<bool> DeliverAsync(MioKarteDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var message = await db.OutboxMessages.Include(m => m.Attachments).SingleAsync(m => m.Id == id, cancellationToken);
        try
        {
            await transport.SendAsync(Compose(message), cancellationToken);
            message.MarkSent(time.GetUtcNow().UtcDateTime);
            if (!await SaveWhileLeasedAsync(db, message))
            {
                return false;
            }

            logger.LogInformation("Mail {MailId} ({Kind}) delivered after {Attempts} failed attempt(s)", message.Id, message.Kind, message.Attempts);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var max = options.Value.MaxAttempts;
            message.MarkFailedAttempt(Describe(ex), now, now + Backoff(message.Attempts + 1), max);
            if (!await SaveWhileLeasedAsync(db, message))
            {
                return false;
            }

            if (message.FailedAtUtc is null)
            {
                logger.LogWarning("Mail {MailId} ({Kind}) attempt {Attempt} failed: {Error}; next at {Next:o}",
                    message.Id, message.Kind, message.Attempts, ex.GetType().Name, message.NextAttemptAtUtc);
            }
            else
            {
                logger.LogError("Mail {MailId} ({Kind}) failed {Attempts} times and needs an operator: {Error}",
                    message.Id, message.Kind, message.Attempts, ex.GetType().Name);
            }

            return false;
        }
    }

    /// <summary>Stores the outcome unless another sender took the lease meanwhile (the lease owner is a concurrency token).</summary>
    private async Task<bool> SaveWhileLeasedAsync(MioKarteDbContext db, OutboxMessage message)
    {
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogWarning("Mail {MailId} ({Kind}): the lease of sender {Sender} ran out before its outcome was stored; the sender that holds it now decides",
                message.Id, message.Kind, SenderId);
            db.Entry(message).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>30 s, 1 min, 2 min … capped at 1 hour, each with up to 20 % jitter so senders spread out.</summary>
    internal static TimeSpan Backoff(int attempt)
    {
        var seconds = Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempt - 1)));
#pragma warning disable CA5394 // Jitter for retry timing, not security.
        var jitter = 1 + (Random.Shared.NextDouble() * 0.2);
#pragma warning restore CA5394
        return TimeSpan.FromSeconds(seconds * jitter);
    }

    /// <summary>The error's type and, for SMTP, the status code: never the server's text, which may quote the address.</summary>
    private static string Describe(Exception ex) => ex switch
    {
        MailKit.Net.Smtp.SmtpCommandException smtp => $"{ex.GetType().Name} {(int)smtp.StatusCode} {smtp.ErrorCode}",
        _ => ex.GetType().Name,
    };

    private MimeMessage Compose(OutboxMessage message)
    {
        var mail = options.Value;
        var mime = new MimeMessage { MessageId = message.MessageId, Subject = message.Subject, Date = message.CreatedAtUtc };
        mime.From.Add(new MailboxAddress(mail.FromName, mail.FromAddress));
        mime.To.Add(new MailboxAddress(message.ToName, message.ToAddress));
        var body = new BodyBuilder { TextBody = message.TextBody };
        foreach (var attachment in message.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SendInBackground)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PollSeconds), time);
        do
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database itself failed: try again on the next tick rather than stopping mail for good.
                logger.LogError(ex, "Outbox pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
