using System.ComponentModel.DataAnnotations;

namespace MioKarte.Core.Applications;

/// <summary>Configuration section <c>Council</c>: the rules of the liaison council's back office.</summary>
public sealed class CouncilOptions : IValidatableObject
{
    public const string SectionName = "Council";

    /// <summary>
    /// Four-eyes rule: approval (承認) and registration (登録完了) must be done by different staff.
    /// On by default; a council of one person turns it off and says so in its operating rules.
    /// </summary>
    public bool RequireFourEyes { get; set; } = true;

    /// <summary>How long an administrator's activation link is valid (72 hours).</summary>
    public TimeSpan ActivationLifetime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>
    /// Where the council is told that a new opinion (ご意見・ご要望) arrived. Optional: when empty no
    /// mail is sent and new opinions are seen in the council's queue (/council/opinions) only.
    /// </summary>
    public string? NotificationEmail { get; set; }

    /// <summary>The notification address, or null when none is configured (empty counts as none).</summary>
    public string? NotificationAddress => string.IsNullOrWhiteSpace(NotificationEmail) ? null : NotificationEmail.Trim();

    /// <summary>The range <see cref="ActivationLifetime"/> must stay in.</summary>
    public static readonly TimeSpan MinActivationLifetime = TimeSpan.FromHours(1);

    public static readonly TimeSpan MaxActivationLifetime = TimeSpan.FromDays(14);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ActivationLifetime < MinActivationLifetime || ActivationLifetime > MaxActivationLifetime)
        {
            yield return new ValidationResult(
                "Council:ActivationLifetime must be between 01:00:00 and 14.00:00:00 (default 72:00:00).", [nameof(ActivationLifetime)]);
        }

        if (NotificationAddress is { } address && !new EmailAddressAttribute().IsValid(address))
        {
            yield return new ValidationResult(
                "Council:NotificationEmail must be an e-mail address (or empty for no notification).", [nameof(NotificationEmail)]);
        }
    }
}
