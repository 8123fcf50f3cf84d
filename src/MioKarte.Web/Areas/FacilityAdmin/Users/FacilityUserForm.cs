using System.Globalization;
using MioKarte.Core.Common;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Text;

namespace MioKarte.Web.Areas.FacilityAdmin.Users;

/// <summary>
/// The user form of the 管理責任者 (登録 and 変更): 氏名, フリガナ, mail address, 職種, 利用権 and
/// 有効期間. Dates are Japan calendar days as typed (yyyy-mm-dd from the date picker, or yyyy/mm/dd).
/// </summary>
public sealed class FacilityUserInput
{
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 256;

    public string? DisplayName { get; set; }

    public string? DisplayNameKana { get; set; }

    public string? Email { get; set; }

    public StaffJob? Job { get; set; }

    public bool ViewClinicalData { get; set; }

    public bool RegisterPatientLinks { get; set; }

    public bool ManageUsers { get; set; }

    /// <summary>利用開始日 (Japan date, inclusive); empty = from now.</summary>
    public string? ValidFrom { get; set; }

    /// <summary>利用終了日 (Japan date, inclusive: the account works until the end of that day); empty = open.</summary>
    public string? ValidUntil { get; set; }

    public UserRights Rights =>
        (ViewClinicalData ? UserRights.ViewClinicalData : UserRights.None) |
        (RegisterPatientLinks ? UserRights.RegisterPatientLinks : UserRights.None) |
        (ManageUsers ? UserRights.ManageUsers : UserRights.None);

    /// <summary>A new user starts with the rights most staff need: viewing and patient registration.</summary>
    public static FacilityUserInput ForNewUser() => new() { ViewClinicalData = true, RegisterPatientLinks = true };

    public static FacilityUserInput From(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new FacilityUserInput
        {
            DisplayName = user.DisplayName,
            DisplayNameKana = user.DisplayNameKana,
            Email = user.Email,
            Job = user.Job,
            ViewClinicalData = user.Has(UserRights.ViewClinicalData),
            RegisterPatientLinks = user.Has(UserRights.RegisterPatientLinks),
            ManageUsers = user.Has(UserRights.ManageUsers),
            ValidFrom = user.ValidFromUtc is { } from ? FormatDate(JapanTime.DateOf(from)) : null,
            ValidUntil = user.ValidUntilUtc is { } until ? FormatDate(LastDayBefore(until)) : null,
        };
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The Japan date of the last day an account works whose period ends (exclusively) at <paramref name="untilUtc"/>.</summary>
    public static DateOnly LastDayBefore(DateTime untilUtc) => JapanTime.DateOf(untilUtc.AddTicks(-1));
}

/// <summary>The form's values, normalised and checked, ready to be written to the account.</summary>
public sealed record FacilityUserValues(
    string DisplayName, string DisplayNameKana, string Email, StaffJob Job, UserRights Rights, DateTime? ValidFromUtc, DateTime? ValidUntilUtc)
{
    public void ApplyTo(PortalUser user, Func<string, string?> normaliseEmail)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(normaliseEmail);
        user.DisplayName = DisplayName;
        user.DisplayNameKana = DisplayNameKana;
        if (!string.Equals(user.Email, Email, StringComparison.Ordinal))
        {
            user.Email = Email;
            user.NormalizedEmail = normaliseEmail(Email);
            // A new address has not received anything yet.
            user.EmailConfirmed = false;
        }

        user.Job = Job;
        user.Rights = Rights;
        user.ValidFromUtc = ValidFromUtc;
        user.ValidUntilUtc = ValidUntilUtc;
    }

    /// <summary>Whether the account already holds exactly these values (a repeated submit of the same form).</summary>
    public bool AreOn(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.DisplayName == DisplayName && user.DisplayNameKana == DisplayNameKana && user.Email == Email &&
               user.Job == Job && user.Rights == Rights && user.ValidFromUtc == ValidFromUtc && user.ValidUntilUtc == ValidUntilUtc;
    }
}

/// <summary>Normalises the form (kana, full-width letters, the address's domain) and checks every field.</summary>
public static class FacilityUserValidation
{
    public static (FacilityUserValues? Values, IReadOnlyList<FieldError> Errors) Check(FacilityUserInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        input.DisplayName = JapaneseText.Name(input.DisplayName);
        input.DisplayNameKana = JapaneseText.Kana(input.DisplayNameKana);
        input.Email = JapaneseText.Email(input.Email);

        Required(nameof(input.DisplayName), input.DisplayName, FacilityUserInput.MaxNameLength, errors);
        if (Required(nameof(input.DisplayNameKana), input.DisplayNameKana, FacilityUserInput.MaxNameLength, errors) &&
            !JapaneseText.IsKatakana(input.DisplayNameKana!))
        {
            errors.Add(new(nameof(input.DisplayNameKana), "Apply.Error.Kana"));
        }

        if (Required(nameof(input.Email), input.Email, FacilityUserInput.MaxEmailLength, errors) &&
            !EmailAddress.IsWellFormed(input.Email!))
        {
            errors.Add(new(nameof(input.Email), "Apply.Error.Email"));
        }

        if (input.Job is not { } job || !Enum.IsDefined(job))
        {
            errors.Add(new(nameof(input.Job), "FacilityUsers.Error.JobRequired"));
        }

        var from = Date(nameof(input.ValidFrom), input.ValidFrom, errors);
        var until = Date(nameof(input.ValidUntil), input.ValidUntil, errors);
        if (from is { } f && until is { } u && u < f)
        {
            errors.Add(new(nameof(input.ValidUntil), "FacilityUsers.Error.PeriodReversed"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new FacilityUserValues(
            input.DisplayName!, input.DisplayNameKana!, input.Email!, input.Job!.Value, input.Rights,
            from is { } start ? JapanTime.StartOfDayUtc(start) : null,
            until is { } end ? JapanTime.StartOfDayUtc(end.AddDays(1)) : null), errors);
    }

    private static bool Required(string field, string? value, int max, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new(field, "FacilityUsers.Error.Required"));
            return false;
        }

        if (value.Length > max)
        {
            errors.Add(new(field, "FacilityUsers.Error.TooLong", max));
            return false;
        }

        return true;
    }

    private static DateOnly? Date(string field, string? value, List<FieldError> errors)
    {
        if (JapaneseDate.TryParse(value, DateBounds.Any, out var date, out var error))
        {
            return date;
        }

        if (error != DateInputError.Empty)
        {
            errors.Add(new(field, JapaneseDate.MessageKey(error, "FacilityUsers.Error.Date"), value!));
        }

        return null;
    }
}
