namespace MioKarte.Core.Mail;

/// <summary>
/// A mail waiting to be delivered (transactional outbox). It is written in the same transaction as
/// the change it reports, so a mail exists exactly when its change was committed; the
/// <see cref="OutboxSender"/> delivers it later, retrying with back-off while the server is down.
/// </summary>
public sealed class OutboxMessage
{
    private readonly List<OutboxAttachment> attachments = [];

    private OutboxMessage()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>What the mail is, for logs and the operator ("ApplicationReceipt"); never personal data.</summary>
    public string Kind { get; private set; } = "";

    public string ToAddress { get; private set; } = "";
    public string ToName { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string TextBody { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime NextAttemptAtUtc { get; private set; }
    public int Attempts { get; private set; }
    public DateTime? SentAtUtc { get; private set; }

    /// <summary>Set when the last allowed attempt failed: the mail needs an operator.</summary>
    public DateTime? FailedAtUtc { get; private set; }

    /// <summary>The last delivery error: its type and SMTP status, not the server's full text.</summary>
    public string? LastError { get; private set; }

    /// <summary>A sender that claimed the message holds it until then (so two senders never both send it).</summary>
    public DateTime? LockedUntilUtc { get; private set; }

    /// <summary>
    /// Which sender holds the lease (<see cref="OutboxSender.SenderId"/>). A concurrency token: the
    /// sender's "sent" or "failed" is stored only while the lease is still its own.
    /// </summary>
    public string? LockedBy { get; private set; }

    public IReadOnlyList<OutboxAttachment> Attachments => attachments;

    /// <summary>Stable Message-ID: a receiver can recognise a re-delivery after a crash.</summary>
    public string MessageId => $"{Id:N}@miokarte.outbox";

    public static OutboxMessage Create(
        string kind, string toAddress, string toName, string subject, string textBody, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(toAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        return new OutboxMessage
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            ToAddress = toAddress,
            ToName = toName,
            Subject = subject,
            TextBody = textBody,
            CreatedAtUtc = nowUtc,
            NextAttemptAtUtc = nowUtc,
        };
    }

    public OutboxMessage Attach(string fileName, string contentType, byte[] content)
    {
        attachments.Add(new OutboxAttachment(fileName, contentType, content));
        return this;
    }

    internal void MarkSent(DateTime nowUtc)
    {
        SentAtUtc = nowUtc;
        LockedUntilUtc = null;
        LockedBy = null;
        LastError = null;
    }

    internal void MarkFailedAttempt(string error, DateTime nowUtc, DateTime nextAttemptUtc, int maxAttempts)
    {
        Attempts++;
        LastError = error.Length > 500 ? error[..500] : error;
        LockedUntilUtc = null;
        LockedBy = null;
        if (Attempts >= maxAttempts)
        {
            FailedAtUtc = nowUtc;
        }
        else
        {
            NextAttemptAtUtc = nextAttemptUtc;
        }
    }
}

public sealed class OutboxAttachment
{
    internal OutboxAttachment(string fileName, string contentType, byte[] content)
    {
        FileName = fileName;
        ContentType = contentType;
        Content = content;
    }

    public int Id { get; private set; }
    public string FileName { get; private set; }
    public string ContentType { get; private set; }
    public byte[] Content { get; private set; }
}
