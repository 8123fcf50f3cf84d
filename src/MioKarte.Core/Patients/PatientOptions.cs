namespace MioKarte.Core.Patients;

/// <summary>Configuration section <c>Patients</c>: consent validity and emergency access (docs/patient-links.md).</summary>
public sealed class PatientOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public const string SectionName = "Patients";

    /// <summary>Largest 同意書 scan accepted (10 MB).</summary>
    public const long MaxConsentScanBytes = 10 * 1024 * 1024;

    /// <summary>
    /// How long a consent covers data from the day it was given (e.g. <c>365.00:00:00</c>); empty
    /// (the default) = until withdrawn. A link whose consent has lapsed shows nothing until linked again.
    /// </summary>
    public TimeSpan? ConsentValidity { get; set; }

    /// <summary>How long an emergency access (非常時アクセス) lasts once started (24 hours; 1 hour to 7 days).</summary>
    public TimeSpan EmergencyAccessDuration { get; set; } = TimeSpan.FromHours(24);

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (ConsentValidity is { } validity && validity < TimeSpan.FromDays(1))
        {
            yield return new(
                "Patients:ConsentValidity must be at least one day (e.g. 365.00:00:00), or empty for no limit.", [nameof(ConsentValidity)]);
        }

        if (EmergencyAccessDuration < TimeSpan.FromHours(1) || EmergencyAccessDuration > TimeSpan.FromDays(7))
        {
            yield return new(
                "Patients:EmergencyAccessDuration must be between 01:00:00 and 7.00:00:00 (default 24:00:00).", [nameof(EmergencyAccessDuration)]);
        }
    }

    /// <summary>The end of a consent given on <paramref name="consentDate"/> (Japan day), or null when consents do not lapse.</summary>
    public DateTime? ConsentValidUntilUtc(DateOnly consentDate) =>
        ConsentValidity is { } validity ? Hosting.JapanTime.StartOfDayUtc(consentDate) + validity : null;
}
