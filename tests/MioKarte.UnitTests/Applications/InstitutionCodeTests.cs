using MioKarte.Core.Applications;

namespace MioKarte.UnitTests.Applications;

public sealed class InstitutionCodeTests
{
    [Fact]
    public void A_published_clinic_code_passes()
    {
        Assert.Equal(InstitutionCode.Problem.None, InstitutionCode.Check("0110113719", FacilityType.Clinic));
    }

    [Theory]
    [InlineData("0110113718", InstitutionCode.Problem.CheckDigitMismatch)]
    [InlineData("011011371", InstitutionCode.Problem.NotTenDigits)]
    [InlineData("01101137190", InstitutionCode.Problem.NotTenDigits)]
    [InlineData("4810113719", InstitutionCode.Problem.UnknownPrefecture)]
    [InlineData("0000113719", InstitutionCode.Problem.UnknownPrefecture)]
    [InlineData("0120113719", InstitutionCode.Problem.UnknownTable)]
    [InlineData("0140113719", InstitutionCode.Problem.TableDoesNotMatchFacilityType)]
    public void A_wrong_clinic_code_is_named_by_its_problem(string code, InstitutionCode.Problem problem)
    {
        Assert.Equal(problem, InstitutionCode.Check(code, FacilityType.Clinic));
    }

    [Fact]
    public void A_pharmacy_needs_table_4_and_a_valid_check_digit()
    {
        var pharmacy = WithCheckDigit("134123456");

        Assert.Equal(InstitutionCode.Problem.None, InstitutionCode.Check(pharmacy, FacilityType.Pharmacy));
        Assert.Equal(InstitutionCode.Problem.TableDoesNotMatchFacilityType, InstitutionCode.Check(pharmacy, FacilityType.Hospital));
    }

    [Fact]
    public void A_care_provider_number_is_checked_for_its_ten_digits_and_prefecture_only()
    {
        Assert.Equal(InstitutionCode.Problem.None, InstitutionCode.Check("1371234567", FacilityType.CareProvider));
        Assert.Equal(InstitutionCode.Problem.UnknownPrefecture, InstitutionCode.Check("9971234567", FacilityType.CareProvider));
    }

    private static string WithCheckDigit(string nine)
    {
        for (var d = 0; d <= 9; d++)
        {
            var candidate = nine + d;
            if (InstitutionCode.IsLuhnValid(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("unreachable: one check digit always fits");
    }
}
