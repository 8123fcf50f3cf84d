using MioKarte.Core.Facilities;

namespace MioKarte.UnitTests.Facilities;

public sealed class FacilityFormsTests
{
    [Fact]
    public void A_hospital_typed_with_full_width_digits_and_hiragana_is_cleaned_and_accepted()
    {
        var input = Valid();
        input.InstitutionCode = "１３１０００００１１";
        input.FacilityNameKana = "みなみたま　そうごうびょういん";
        input.Phone = "０４２ー６００ー０００１";
        input.UserAllowance = "２０";

        var errors = FacilityForms.NormaliseAndValidate(input);

        Assert.Empty(errors);
        Assert.Equal(("1310000011", "ミナミタマ　ソウゴウビョウイン", "042-600-0001", "20"), (input.InstitutionCode, input.FacilityNameKana, input.Phone, input.UserAllowance));
    }

    [Theory]
    [InlineData("1310000012", "Apply.Error.InstitutionCode.CheckDigitMismatch")]
    [InlineData("131000001", "Apply.Error.InstitutionCode.NotTenDigits")]
    [InlineData("1340000011", "Apply.Error.InstitutionCode.TableDoesNotMatchFacilityType")]
    [InlineData("", "Apply.Error.Required")]
    public void A_wrong_institution_code_is_refused_with_the_application_forms_message(string code, string messageKey)
    {
        var input = Valid();
        input.InstitutionCode = code;

        var error = Assert.Single(FacilityForms.NormaliseAndValidate(input));

        Assert.Equal(("InstitutionCode", messageKey), (error.Field, error.MessageKey));
    }

    [Theory]
    [InlineData("Pharmacy")]
    [InlineData("Other")]
    [InlineData("1")]
    [InlineData("")]
    public void A_disclosing_facility_is_a_hospital_or_a_clinic(string type)
    {
        var input = Valid();
        input.FacilityType = type;

        var errors = FacilityForms.NormaliseAndValidate(input);

        Assert.Contains(errors, e => e.Field == "FacilityType" && e.MessageKey == "Apply.Error.Choose");
        Assert.DoesNotContain(errors, e => e.Field == "FacilityTypeOther");
    }

    [Theory]
    [InlineData("UserAllowance", "501", "Apply.Error.Range")]
    [InlineData("TerminalAllowance", "201", "Apply.Error.Range")]
    [InlineData("TerminalAllowance", "abc", "Apply.Error.Range")]
    [InlineData("UserAllowance", "", "Apply.Error.Required")]
    public void Allowances_are_counts_within_their_limits(string field, string value, string messageKey)
    {
        var input = Valid();
        typeof(DisclosingFacilityInput).GetProperty(field)!.SetValue(input, value);

        var error = Assert.Single(FacilityForms.NormaliseAndValidate(input));

        Assert.Equal((field, messageKey), (error.Field, error.MessageKey));
    }

    [Fact]
    public void Contact_details_follow_the_application_rules_and_nothing_else()
    {
        var input = new FacilityContactsInput { PostalCode = "１９３０８３２", Address = "", Phone = "12345" };

        var errors = FacilityForms.NormaliseAndValidate(input);

        Assert.Equal("193-0832", input.PostalCode);
        Assert.Equal(["Address", "Phone"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    private static DisclosingFacilityInput Valid() => new()
    {
        FacilityName = "南多摩総合病院",
        FacilityNameKana = "ミナミタマソウゴウビョウイン",
        FacilityType = "Hospital",
        InstitutionCode = "1310000011",
        PostalCode = "193-0832",
        Address = "東京都八王子市散田町9-9-9",
        Phone = "042-600-0001",
        UserAllowance = "20",
        TerminalAllowance = "10",
    };
}
