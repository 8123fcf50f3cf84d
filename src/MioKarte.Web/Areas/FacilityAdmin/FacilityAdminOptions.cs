using System.ComponentModel.DataAnnotations;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Areas.FacilityAdmin;

/// <summary>Configuration section <c>FacilityAdmin</c>: the settings of a facility's own administration (docs/facility-admin.md).</summary>
public sealed class FacilityAdminOptions : IValidatableObject
{
    public const string SectionName = "FacilityAdmin";

    /// <summary>
    /// How long a link the facility's 管理責任者 has mailed to one of its users works: the invitation of a
    /// new user and the パスワード再設定 (72 hours, as the council's activation link; 1 hour to 14 days).
    /// </summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromHours(72);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!AccountActivation.IsConfigurableLifetime(InvitationLifetime))
        {
            yield return new ValidationResult(
                "FacilityAdmin:InvitationLifetime must be between 01:00:00 and 14.00:00:00 (default 72:00:00).", [nameof(InvitationLifetime)]);
        }
    }
}
