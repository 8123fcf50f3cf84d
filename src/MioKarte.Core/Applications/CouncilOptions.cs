namespace MioKarte.Core.Applications;

/// <summary>Configuration section <c>Council</c>: the rules of the liaison council's back office.</summary>
public sealed class CouncilOptions
{
    public const string SectionName = "Council";

    /// <summary>
    /// Four-eyes rule: approval (承認) and registration (登録完了) must be done by different staff.
    /// On by default; a council of one person turns it off and says so in its operating rules.
    /// </summary>
    public bool RequireFourEyes { get; set; } = true;

    /// <summary>How long an administrator's activation link is valid (72 hours).</summary>
    public TimeSpan ActivationLifetime { get; set; } = TimeSpan.FromHours(72);
}
