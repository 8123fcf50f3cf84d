using System.Globalization;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;

namespace MioKarte.Core.Facilities;

/// <summary>
/// The council's form for a disclosing facility (情報開示施設), as typed. The facility fields carry
/// the names of the participation application's, so both forms share one set of rules.
/// </summary>
public sealed class DisclosingFacilityInput
{
    public string? FacilityName { get; set; }
    public string? FacilityNameKana { get; set; }
    public string? FacilityType { get; set; } = nameof(Applications.FacilityType.Hospital);
    public string? InstitutionCode { get; set; }
    public string? PostalCode { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
    public string? UserAllowance { get; set; } = "0";
    public string? TerminalAllowance { get; set; } = "0";
}

/// <summary>A facility's contact details as typed (郵便番号, 所在地, 電話番号).</summary>
public sealed class FacilityContactsInput
{
    public string? PostalCode { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
}

/// <summary>
/// Normalises and checks the council's facility forms with the participation application's own
/// rules (<see cref="ApplicationValidation"/>: names, フリガナ, 医療機関コード with its check digit,
/// postal code, phone), so a facility entered by the council is held to what an applicant is.
/// </summary>
public static class FacilityForms
{
    public const int MaxUserAllowance = 500;
    public const int MaxTerminalAllowance = 200;

    /// <summary>The types a disclosing facility can have: the group's hospitals and clinics, which bill as 医科.</summary>
    public static IReadOnlyList<FacilityType> DisclosingTypes { get; } = [Applications.FacilityType.Hospital, Applications.FacilityType.Clinic];

    private static readonly string[] ContactFields = [nameof(FacilityContactsInput.PostalCode), nameof(FacilityContactsInput.Address), nameof(FacilityContactsInput.Phone)];

    /// <summary>Cleans <paramref name="input"/> in place (so the form shows what will be stored) and returns its errors.</summary>
    public static IReadOnlyList<FieldError> NormaliseAndValidate(DisclosingFacilityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var application = new ApplicationInput
        {
            FacilityName = input.FacilityName,
            FacilityNameKana = input.FacilityNameKana,
            FacilityType = input.FacilityType,
            InstitutionCode = input.InstitutionCode,
            PostalCode = input.PostalCode,
            Address = input.Address,
            Phone = input.Phone,
        };
        ApplicationValidation.Normalise(application);
        input.FacilityName = application.FacilityName;
        input.FacilityNameKana = application.FacilityNameKana;
        input.InstitutionCode = application.InstitutionCode;
        input.PostalCode = application.PostalCode;
        input.Address = application.Address;
        input.Phone = application.Phone;
        input.UserAllowance = Text.JapaneseText.Digits(input.UserAllowance);
        input.TerminalAllowance = Text.JapaneseText.Digits(input.TerminalAllowance);

        // Step 1 of the application holds exactly the facility's own fields; the date is not used there.
        var errors = ApplicationValidation.Validate(application, DateOnly.MinValue, step: 1)
            .Where(e => e.Field != nameof(ApplicationInput.FacilityTypeOther))
            .ToList();
        if (!errors.Any(e => e.Field == nameof(input.FacilityType)) && !DisclosingTypes.Contains(Enum.Parse<FacilityType>(input.FacilityType!)))
        {
            errors.Add(new FieldError(nameof(input.FacilityType), "Apply.Error.Choose"));
        }

        Count(errors, nameof(input.UserAllowance), input.UserAllowance, MaxUserAllowance);
        Count(errors, nameof(input.TerminalAllowance), input.TerminalAllowance, MaxTerminalAllowance);
        return errors;
    }

    /// <summary>Cleans <paramref name="input"/> in place and returns its errors.</summary>
    public static IReadOnlyList<FieldError> NormaliseAndValidate(FacilityContactsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var application = new ApplicationInput { PostalCode = input.PostalCode, Address = input.Address, Phone = input.Phone };
        ApplicationValidation.Normalise(application);
        input.PostalCode = application.PostalCode;
        input.Address = application.Address;
        input.Phone = application.Phone;
        return [.. ApplicationValidation.Validate(application, DateOnly.MinValue, step: 1).Where(e => ContactFields.Contains(e.Field))];
    }

    /// <summary>A number of a valid form (call <see cref="NormaliseAndValidate(DisclosingFacilityInput)"/> first).</summary>
    public static int Number(string? value) => int.Parse(value!, NumberStyles.None, CultureInfo.InvariantCulture);

    private static void Count(List<FieldError> errors, string field, string? value, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new FieldError(field, "Apply.Error.Required"));
        }
        else if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > max)
        {
            errors.Add(new FieldError(field, "Apply.Error.Range", 0, max));
        }
    }
}
