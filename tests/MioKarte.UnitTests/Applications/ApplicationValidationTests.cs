using MioKarte.Core.Applications;

namespace MioKarte.UnitTests.Applications;

public sealed class ApplicationValidationTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void A_complete_application_typed_with_full_width_digits_and_hiragana_is_valid_after_normalisation()
    {
        var input = Valid();
        input.Phone = "０４２－６６３－０１１１";
        input.PostalCode = "１９３０８３２";
        input.FacilityNameKana = "みなみたま くりにっく";
        input.InstitutionCode = "０１１０１１３７１９";

        ApplicationValidation.Normalise(input);

        Assert.Empty(ApplicationValidation.Validate(input, Today));
        Assert.Equal("042-663-0111", input.Phone);
        Assert.Equal("193-0832", input.PostalCode);
        Assert.Equal("ミナミタマ　クリニック", input.FacilityNameKana);
        var data = ApplicationValidation.ToData(input);
        Assert.Equal("0110113719", data.InstitutionCode);
        Assert.Equal(new DateOnly(2027, 1, 4), data.DesiredStartDate);
    }

    [Theory]
    [InlineData("令和9年1月4日")]
    [InlineData("R9.1.4")]
    [InlineData("２０２７／１／４")]
    public void A_start_date_typed_in_wareki_or_with_slashes_is_taken_and_comes_back_as_the_date_field_value(string typed)
    {
        var input = Valid();
        input.DesiredStartDate = typed;
        ApplicationValidation.Normalise(input);

        Assert.Equal("2027-01-04", input.DesiredStartDate);
        Assert.Empty(ApplicationValidation.Validate(input, Today));
    }

    [Theory]
    [InlineData("FacilityName", "", "Apply.Error.Required")]
    [InlineData("FacilityNameKana", "南多摩", "Apply.Error.Kana")]
    [InlineData("InstitutionCode", "0110113718", "Apply.Error.InstitutionCode.CheckDigitMismatch")]
    [InlineData("PostalCode", "193-083", "Apply.Error.PostalCode")]
    [InlineData("Phone", "12345", "Apply.Error.Phone")]
    [InlineData("AdministratorEmail", "kanri@example", "Apply.Error.Email")]
    [InlineData("UserCount", "0", "Apply.Error.Range")]
    [InlineData("DesiredStartDate", "2026-11-25", "Apply.Error.StartDate")]
    [InlineData("DesiredStartDate", "来週の月曜", "Apply.Error.Date")]
    [InlineData("DesiredStartDate", "2027-02-30", "Date.Error.NoSuchDay")]
    [InlineData("DesiredStartDate", "平成40年1月4日", "Date.Error.NotInEra")]
    [InlineData("FacilityType", "Spaceport", "Apply.Error.Choose")]
    [InlineData("FacilityType", "3", "Apply.Error.Choose")]
    public void A_wrong_field_is_named_with_its_message(string field, string value, string messageKey)
    {
        var input = Valid();
        typeof(ApplicationInput).GetProperty(field)!.SetValue(input, value);
        ApplicationValidation.Normalise(input);

        var errors = ApplicationValidation.Validate(input, Today);

        Assert.Contains(errors, e => e.Field == field && e.MessageKey == messageKey);
    }

    [Fact]
    public void Each_step_checks_only_its_own_fields()
    {
        var input = Valid();
        input.FacilityName = "";
        input.AdministratorEmail = "";

        Assert.Equal(["FacilityName"], ApplicationValidation.Validate(input, Today, step: 1).Select(e => e.Field));
        Assert.Equal(["AdministratorEmail"], ApplicationValidation.Validate(input, Today, step: 2).Select(e => e.Field));
        Assert.Empty(ApplicationValidation.Validate(input, Today, step: 3));
    }

    [Fact]
    public void The_bank_account_is_required_only_with_the_VPN()
    {
        var input = Valid();
        input.Connection = nameof(ConnectionType.OnDemandVpn);

        var errors = ApplicationValidation.Validate(input, Today, step: 3).Select(e => e.Field).ToList();

        Assert.Equal(["BankName", "BankBranchName", "BankAccountType", "BankAccountNumber", "BankAccountHolderKana"], errors);
    }

    [Fact]
    public void All_three_agreements_are_required()
    {
        var input = Valid();
        input.PrivacyPolicyUpdated = false;

        var error = Assert.Single(ApplicationValidation.Validate(input, Today));

        Assert.Equal(("PrivacyPolicyUpdated", "Apply.Error.Agree"), (error.Field, error.MessageKey));
    }

    [Fact]
    public void A_care_provider_may_leave_the_code_empty()
    {
        var input = Valid();
        input.FacilityType = nameof(FacilityType.CareProvider);
        input.InstitutionCode = "";

        Assert.Empty(ApplicationValidation.Validate(input, Today));
    }

    [Fact]
    public void At_least_one_terminal_is_needed()
    {
        var input = Valid();
        input.PcTerminalCount = "0";
        input.IpadTerminalCount = "0";

        Assert.Contains(ApplicationValidation.Validate(input, Today), e => e.MessageKey == "Apply.Error.NoTerminal");
    }

    /// <summary>A valid application as typed, already normalised as the wizard does on every post.</summary>
    internal static ApplicationInput Valid()
    {
        var input = new ApplicationInput
        {
            FacilityName = "南多摩クリニック",
            FacilityNameKana = "ミナミタマクリニック",
            FacilityType = nameof(FacilityType.Clinic),
            InstitutionCode = "0110113719",
            PostalCode = "193-0832",
            Address = "東京都八王子市散田町3-10-1",
            Phone = "042-663-0111",
            FounderName = "南多摩 一郎",
            FounderTitle = "院長",
            ManagerName = "南多摩 一郎",
            ManagerTitle = "院長",
            AdministratorName = "南多摩 花子",
            AdministratorNameKana = "ミナミタマ ハナコ",
            AdministratorDepartment = "事務",
            AdministratorPhone = "042-663-0112",
            AdministratorEmail = "kanri@example.jp",
            UserCount = "5",
            PcTerminalCount = "2",
            IpadTerminalCount = "1",
            Connection = nameof(ConnectionType.InternetSsl),
            DesiredStartDate = "2027-01-04",
            AgreesToIdLinkTerms = true,
            AgreesToOperatingRules = true,
            PrivacyPolicyUpdated = true,
        };
        ApplicationValidation.Normalise(input);
        return input;
    }
}
