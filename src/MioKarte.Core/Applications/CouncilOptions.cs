using System.ComponentModel.DataAnnotations;
using MioKarte.Core.Identity;

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

    /// <summary>
    /// How long a link the council mails to a facility's 管理責任者 works — the activation at 登録完了, its
    /// 再送, the link of 管理責任者の復旧 (72 hours). A facility's own links to its users have their own
    /// setting, <c>FacilityAdmin:InvitationLifetime</c>.
    /// </summary>
    public TimeSpan ActivationLifetime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>
    /// Where the council is told that a new opinion (ご意見・ご要望) arrived. Optional: when empty no
    /// mail is sent and new opinions are seen in the council's queue (/council/opinions) only.
    /// </summary>
    public string? NotificationEmail { get; set; }

    /// <summary>The notification address, or null when none is configured (empty counts as none).</summary>
    public string? NotificationAddress => string.IsNullOrWhiteSpace(NotificationEmail) ? null : NotificationEmail.Trim();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!AccountActivation.IsConfigurableLifetime(ActivationLifetime))
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
