using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace MioKarte.Core.Mail;

public enum MailTransportKind
{
    /// <summary>Write each mail as an .eml file into a folder (the embedded default; nothing leaves the machine).</summary>
    Pickup,

    /// <summary>Deliver through an SMTP server (production).</summary>
    Smtp,
}

public enum SmtpSecurity
{
    /// <summary>STARTTLS required (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>No TLS: allowed only for a loopback server (tests, a local relay).</summary>
    None,
}

/// <summary>Configuration section <c>Mail</c>.</summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    public MailTransportKind Transport { get; set; } = MailTransportKind.Pickup;

    /// <summary>Folder for .eml files with the Pickup transport; relative to the data folder.</summary>
    public string PickupFolder { get; set; } = "mail-pickup";

    [Required]
    [EmailAddress]
    public string FromAddress { get; set; } = "mio-karte@eisei.or.jp";

    [Required]
    public string FromName { get; set; } = "MIO Karte 地域医療連携システムネットワーク連絡協議会";

    /// <summary>The council's mailbox, which receives notices of new applications.</summary>
    [Required]
    [EmailAddress]
    public string CouncilAddress { get; set; } = "mio-karte@eisei.or.jp";

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>After this many failed attempts a mail is marked failed for an operator.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>
    /// <c>/health/ready</c> says Degraded when more mails than this wait to be sent (or any mail
    /// was given up): the SMTP server is down or slow. Degraded still answers 200, so a load
    /// balancer keeps the node: the backlog is the whole network's, not this node's.
    /// </summary>
    [Range(1, 1_000_000)]
    public int BacklogDegradedAbove { get; set; } = 100;

    /// <summary>
    /// Run the sender inside this process (default). Off where another instance sends, or in tests
    /// that drive <see cref="OutboxSender.SendDueAsync"/> themselves.
    /// </summary>
    public bool SendInBackground { get; set; } = true;

    /// <summary>How often the sender looks for due mail.</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 5;
}

public sealed class SmtpSettings
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public int TimeoutSeconds { get; set; } = 30;
}

public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Transport != MailTransportKind.Smtp)
        {
            return ValidateOptionsResult.Success;
        }

        var smtp = options.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            return ValidateOptionsResult.Fail("Mail:Smtp:Host is required when Mail:Transport is Smtp.");
        }

        if (smtp.Port is < 1 or > 65535)
        {
            return ValidateOptionsResult.Fail("Mail:Smtp:Port must be between 1 and 65535.");
        }

        if (smtp.Security == SmtpSecurity.None && !IsLoopback(smtp.Host))
        {
            return ValidateOptionsResult.Fail(
                "Mail:Smtp:Security None is allowed only for a loopback server; use StartTls or SslOnConnect.");
        }

        if (string.IsNullOrEmpty(smtp.UserName) != string.IsNullOrEmpty(smtp.Password))
        {
            return ValidateOptionsResult.Fail("Mail:Smtp:UserName and Mail:Smtp:Password go together.");
        }

        return ValidateOptionsResult.Success;
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
