using System.Globalization;
using MioKarte.Core.Common;
using MioKarte.Core.Text;

namespace MioKarte.Core.Applications;

/// <summary>The participation application as typed into the web form: every field a string.</summary>
public sealed class ApplicationInput
{
    public string? FacilityName { get; set; }
    public string? FacilityNameKana { get; set; }
    public string? FacilityType { get; set; }
    public string? FacilityTypeOther { get; set; }
    public string? InstitutionCode { get; set; }
    public string? PostalCode { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
    public string? Fax { get; set; }
    public string? FounderName { get; set; }
    public string? FounderTitle { get; set; }
    public string? ManagerName { get; set; }
    public string? ManagerTitle { get; set; }
    public string? AdministratorName { get; set; }
    public string? AdministratorNameKana { get; set; }
    public string? AdministratorDepartment { get; set; }
    public string? AdministratorPhone { get; set; }
    public string? AdministratorEmail { get; set; }
    public string? UserCount { get; set; }
    public string? PcTerminalCount { get; set; }
    public string? IpadTerminalCount { get; set; }
    public string? Connection { get; set; }
    public string? DesiredStartDate { get; set; }
    public bool AgreesToIdLinkTerms { get; set; }
    public bool AgreesToOperatingRules { get; set; }
    public bool PrivacyPolicyUpdated { get; set; }
    public string? BankName { get; set; }
    public string? BankBranchName { get; set; }
    public string? BankAccountType { get; set; }
    public string? BankAccountNumber { get; set; }
    public string? BankAccountHolderKana { get; set; }
}

/// <summary>
/// Normalises and checks an <see cref="ApplicationInput"/>, one wizard step at a time or whole.
/// Normalisation happens first (全角→半角 digits, ひらがな→カタカナ…), so the applicant sees the
/// cleaned value when the page comes back, and validation judges what will be stored.
/// </summary>
public static class ApplicationValidation
{
    public const int StepCount = 4;

    /// <summary>The fields each step of the wizard shows (1: facility, 2: people, 3: use, 4: agreements).</summary>
    public static IReadOnlyList<string> FieldsOf(int step) => step switch
    {
        1 => ["FacilityName", "FacilityNameKana", "FacilityType", "FacilityTypeOther", "InstitutionCode", "PostalCode", "Address", "Phone", "Fax"],
        2 => ["FounderName", "FounderTitle", "ManagerName", "ManagerTitle", "AdministratorName", "AdministratorNameKana", "AdministratorDepartment", "AdministratorPhone", "AdministratorEmail"],
        3 => ["UserCount", "PcTerminalCount", "IpadTerminalCount", "Connection", "DesiredStartDate", "BankName", "BankBranchName", "BankAccountType", "BankAccountNumber", "BankAccountHolderKana"],
        4 => ["AgreesToIdLinkTerms", "AgreesToOperatingRules", "PrivacyPolicyUpdated"],
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <summary>Cleans every field in place (so the form shows what will be stored).</summary>
    public static void Normalise(ApplicationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.FacilityName = JapaneseText.Name(input.FacilityName);
        input.FacilityNameKana = JapaneseText.Kana(input.FacilityNameKana);
        input.FacilityTypeOther = JapaneseText.Name(input.FacilityTypeOther);
        input.InstitutionCode = JapaneseText.Digits(input.InstitutionCode);
        input.PostalCode = NormalisePostalCode(JapaneseText.DigitsAndHyphens(input.PostalCode));
        input.Address = JapaneseText.Clean(input.Address);
        input.Phone = JapaneseText.DigitsAndHyphens(input.Phone);
        input.Fax = JapaneseText.DigitsAndHyphens(input.Fax);
        input.FounderName = JapaneseText.Name(input.FounderName);
        input.FounderTitle = JapaneseText.Name(input.FounderTitle);
        input.ManagerName = JapaneseText.Name(input.ManagerName);
        input.ManagerTitle = JapaneseText.Name(input.ManagerTitle);
        input.AdministratorName = JapaneseText.Name(input.AdministratorName);
        input.AdministratorNameKana = JapaneseText.Kana(input.AdministratorNameKana);
        input.AdministratorDepartment = JapaneseText.Name(input.AdministratorDepartment);
        input.AdministratorPhone = JapaneseText.DigitsAndHyphens(input.AdministratorPhone);
        input.AdministratorEmail = JapaneseText.Email(input.AdministratorEmail);
        input.UserCount = JapaneseText.Digits(input.UserCount);
        input.PcTerminalCount = JapaneseText.Digits(input.PcTerminalCount);
        input.IpadTerminalCount = JapaneseText.Digits(input.IpadTerminalCount);
        // A date typed in 和暦 or with slashes comes back as the date field's yyyy-MM-dd, which is what is stored.
        input.DesiredStartDate = JapaneseDate.ParseOrNull(input.DesiredStartDate, DateBounds.Any) is { } start
            ? start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : JapaneseText.Clean(input.DesiredStartDate);
        input.BankName = JapaneseText.Name(input.BankName);
        input.BankBranchName = JapaneseText.Name(input.BankBranchName);
        input.BankAccountNumber = JapaneseText.Digits(input.BankAccountNumber);
        input.BankAccountHolderKana = JapaneseText.Kana(input.BankAccountHolderKana);
    }

    /// <summary>Errors of one step (1–4), or of every step when <paramref name="step"/> is null.</summary>
    public static IReadOnlyList<FieldError> Validate(ApplicationInput input, DateOnly today, int? step = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        var check = new Checker(errors);
        if (step is null or 1)
        {
            check.Text("FacilityName", input.FacilityName, 100);
            check.Kana("FacilityNameKana", input.FacilityNameKana, 100);
            var type = check.Choice<FacilityType>("FacilityType", input.FacilityType);
            if (type == Applications.FacilityType.Other)
            {
                check.Text("FacilityTypeOther", input.FacilityTypeOther, 50);
            }

            if ((type is { } stated && Applications.InstitutionCode.IsRequiredFor(stated)) || !string.IsNullOrEmpty(input.InstitutionCode))
            {
                check.InstitutionCode("InstitutionCode", input.InstitutionCode, type ?? Applications.FacilityType.Other);
            }

            check.Postal("PostalCode", input.PostalCode);
            check.Text("Address", input.Address, 200);
            check.Phone("Phone", input.Phone, required: true);
            check.Phone("Fax", input.Fax, required: false);
        }

        if (step is null or 2)
        {
            check.Text("FounderName", input.FounderName, 100);
            check.Text("FounderTitle", input.FounderTitle, 50);
            check.Text("ManagerName", input.ManagerName, 100);
            check.Text("ManagerTitle", input.ManagerTitle, 50);
            check.Text("AdministratorName", input.AdministratorName, 100);
            check.Kana("AdministratorNameKana", input.AdministratorNameKana, 100);
            check.Text("AdministratorDepartment", input.AdministratorDepartment, 100);
            check.Phone("AdministratorPhone", input.AdministratorPhone, required: true);
            check.Email("AdministratorEmail", input.AdministratorEmail);
        }

        if (step is null or 3)
        {
            check.Count("UserCount", input.UserCount, 1, 500);
            var pcs = check.Count("PcTerminalCount", input.PcTerminalCount, 0, 200);
            var ipads = check.Count("IpadTerminalCount", input.IpadTerminalCount, 0, 200);
            if (pcs == 0 && ipads == 0)
            {
                errors.Add(new FieldError("PcTerminalCount", "Apply.Error.NoTerminal"));
            }

            var connection = check.Choice<ConnectionType>("Connection", input.Connection);
            check.StartDate("DesiredStartDate", input.DesiredStartDate, today);
            if (connection == ConnectionType.OnDemandVpn)
            {
                check.Text("BankName", input.BankName, 50);
                check.Text("BankBranchName", input.BankBranchName, 50);
                check.Choice<BankAccountType>("BankAccountType", input.BankAccountType);
                check.AccountNumber("BankAccountNumber", input.BankAccountNumber);
                check.Kana("BankAccountHolderKana", input.BankAccountHolderKana, 100);
            }
        }

        if (step is null or 4)
        {
            check.Agreed("AgreesToIdLinkTerms", input.AgreesToIdLinkTerms);
            check.Agreed("AgreesToOperatingRules", input.AgreesToOperatingRules);
            check.Agreed("PrivacyPolicyUpdated", input.PrivacyPolicyUpdated);
        }

        return errors;
    }

    /// <summary>The stored form of a fully valid input (call <see cref="Validate"/> first).</summary>
    public static ParticipationApplicationData ToData(ApplicationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var type = Enum.Parse<FacilityType>(input.FacilityType!);
        var connection = Enum.Parse<ConnectionType>(input.Connection!);
        var vpn = connection == ConnectionType.OnDemandVpn;
        return new ParticipationApplicationData
        {
            FacilityName = input.FacilityName!,
            FacilityNameKana = input.FacilityNameKana!,
            FacilityType = type,
            FacilityTypeOther = type == Applications.FacilityType.Other ? input.FacilityTypeOther : null,
            InstitutionCode = string.IsNullOrEmpty(input.InstitutionCode) ? null : input.InstitutionCode,
            PostalCode = input.PostalCode!,
            Address = input.Address!,
            Phone = input.Phone!,
            Fax = string.IsNullOrEmpty(input.Fax) ? null : input.Fax,
            FounderName = input.FounderName!,
            FounderTitle = input.FounderTitle!,
            ManagerName = input.ManagerName!,
            ManagerTitle = input.ManagerTitle!,
            AdministratorName = input.AdministratorName!,
            AdministratorNameKana = input.AdministratorNameKana!,
            AdministratorDepartment = input.AdministratorDepartment!,
            AdministratorPhone = input.AdministratorPhone!,
            AdministratorEmail = input.AdministratorEmail!,
            UserCount = int.Parse(input.UserCount!, CultureInfo.InvariantCulture),
            PcTerminalCount = int.Parse(input.PcTerminalCount!, CultureInfo.InvariantCulture),
            IpadTerminalCount = int.Parse(input.IpadTerminalCount!, CultureInfo.InvariantCulture),
            Connection = connection,
            DesiredStartDate = JapaneseDate.ParseOrNull(input.DesiredStartDate, DateBounds.Any)!.Value,
            AgreesToIdLinkTerms = input.AgreesToIdLinkTerms,
            AgreesToOperatingRules = input.AgreesToOperatingRules,
            PrivacyPolicyUpdated = input.PrivacyPolicyUpdated,
            BankName = vpn ? input.BankName : null,
            BankBranchName = vpn ? input.BankBranchName : null,
            BankAccountType = vpn ? Enum.Parse<BankAccountType>(input.BankAccountType!) : null,
            BankAccountNumber = vpn ? input.BankAccountNumber : null,
            BankAccountHolderKana = vpn ? input.BankAccountHolderKana : null,
        };
    }

    /// <summary>The form as it was stored, for correcting a returned application.</summary>
    public static ApplicationInput ToInput(ParticipationApplicationData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new ApplicationInput
        {
            FacilityName = data.FacilityName,
            FacilityNameKana = data.FacilityNameKana,
            FacilityType = data.FacilityType.ToString(),
            FacilityTypeOther = data.FacilityTypeOther,
            InstitutionCode = data.InstitutionCode,
            PostalCode = data.PostalCode,
            Address = data.Address,
            Phone = data.Phone,
            Fax = data.Fax,
            FounderName = data.FounderName,
            FounderTitle = data.FounderTitle,
            ManagerName = data.ManagerName,
            ManagerTitle = data.ManagerTitle,
            AdministratorName = data.AdministratorName,
            AdministratorNameKana = data.AdministratorNameKana,
            AdministratorDepartment = data.AdministratorDepartment,
            AdministratorPhone = data.AdministratorPhone,
            AdministratorEmail = data.AdministratorEmail,
            UserCount = data.UserCount.ToString(CultureInfo.InvariantCulture),
            PcTerminalCount = data.PcTerminalCount.ToString(CultureInfo.InvariantCulture),
            IpadTerminalCount = data.IpadTerminalCount.ToString(CultureInfo.InvariantCulture),
            Connection = data.Connection.ToString(),
            DesiredStartDate = data.DesiredStartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            AgreesToIdLinkTerms = data.AgreesToIdLinkTerms,
            AgreesToOperatingRules = data.AgreesToOperatingRules,
            PrivacyPolicyUpdated = data.PrivacyPolicyUpdated,
            BankName = data.BankName,
            BankBranchName = data.BankBranchName,
            BankAccountType = data.BankAccountType?.ToString(),
            BankAccountNumber = data.BankAccountNumber,
            BankAccountHolderKana = data.BankAccountHolderKana,
        };
    }

    /// <summary>"1930832" → "193-0832"; anything else is left for validation to judge.</summary>
    private static string? NormalisePostalCode(string? value) =>
        value is { Length: 7 } && value.All(char.IsAsciiDigit) ? value[..3] + "-" + value[3..] : value;

    private sealed class Checker(List<FieldError> errors)
    {
        public void Text(string field, string? value, int max)
        {
            if (string.IsNullOrEmpty(value))
            {
                errors.Add(new(field, "Apply.Error.Required"));
            }
            else if (value.Length > max)
            {
                errors.Add(new(field, "Apply.Error.TooLong", max));
            }
        }

        public void Kana(string field, string? value, int max)
        {
            Text(field, value, max);
            if (!string.IsNullOrEmpty(value) && !JapaneseText.IsKatakana(value))
            {
                errors.Add(new(field, "Apply.Error.Kana"));
            }
        }

        public T? Choice<T>(string field, string? value)
            where T : struct, Enum
        {
            if (Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
            {
                return parsed;
            }

            errors.Add(new(field, "Apply.Error.Choose"));
            return null;
        }

        public void InstitutionCode(string field, string? value, FacilityType type)
        {
            if (string.IsNullOrEmpty(value))
            {
                errors.Add(new(field, "Apply.Error.Required"));
                return;
            }

            var problem = Applications.InstitutionCode.Check(value, type);
            if (problem != Applications.InstitutionCode.Problem.None)
            {
                errors.Add(new(field, "Apply.Error.InstitutionCode." + problem));
            }
        }

        public void Postal(string field, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                errors.Add(new(field, "Apply.Error.Required"));
            }
            else if (value.Length != 8 || value[3] != '-' || !value.Remove(3, 1).All(char.IsAsciiDigit))
            {
                errors.Add(new(field, "Apply.Error.PostalCode"));
            }
        }

        public void Phone(string field, string? value, bool required)
        {
            if (string.IsNullOrEmpty(value))
            {
                if (required)
                {
                    errors.Add(new(field, "Apply.Error.Required"));
                }

                return;
            }

            var digits = value.Replace("-", "", StringComparison.Ordinal);
            if (!value.All(c => char.IsAsciiDigit(c) || c == '-') || digits.Length is < 10 or > 11 || digits[0] != '0')
            {
                errors.Add(new(field, "Apply.Error.Phone"));
            }
        }

        public void Email(string field, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                errors.Add(new(field, "Apply.Error.Required"));
            }
            else if (!EmailAddress.IsWellFormed(value))
            {
                errors.Add(new(field, "Apply.Error.Email"));
            }
        }

        public int? Count(string field, string? value, int min, int max)
        {
            if (string.IsNullOrEmpty(value))
            {
                errors.Add(new(field, "Apply.Error.Required"));
                return null;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < min || count > max)
            {
                errors.Add(new(field, "Apply.Error.Range", min, max));
                return null;
            }

            return count;
        }

        public void StartDate(string field, string? value, DateOnly today)
        {
            // The council needs the sealed originals and a week to register; a year ahead is the longest plan.
            if (!JapaneseDate.TryParse(value, new DateBounds(today.AddDays(7), today.AddYears(1)), out _, out var error))
            {
                errors.Add(new(field, error switch
                {
                    DateInputError.Empty => "Apply.Error.Required",
                    DateInputError.OutOfRange => "Apply.Error.StartDate",
                    _ => JapaneseDate.MessageKey(error, "Apply.Error.Date"),
                }, value!));
            }
        }

        public void AccountNumber(string field, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                errors.Add(new(field, "Apply.Error.Required"));
            }
            else if (value.Length != 7 || !value.All(char.IsAsciiDigit))
            {
                errors.Add(new(field, "Apply.Error.AccountNumber"));
            }
        }

        public void Agreed(string field, bool value)
        {
            if (!value)
            {
                errors.Add(new(field, "Apply.Error.Agree"));
            }
        }
    }
}
