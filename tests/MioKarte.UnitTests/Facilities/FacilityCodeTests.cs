using MioKarte.Core.Facilities;

namespace MioKarte.UnitTests.Facilities;

public sealed class FacilityCodeTests
{
    [Theory]
    [InlineData(FacilityRole.Viewing, "V00001")]
    [InlineData(FacilityRole.Disclosing, "D00001")]
    public void The_first_code_of_a_role_is_number_one(FacilityRole role, string expected)
    {
        Assert.Equal(expected, FacilityCode.Next(role, []));
    }

    [Fact]
    public void The_next_code_follows_the_highest_of_the_same_role_and_ignores_the_other_role()
    {
        string[] existing = ["V00001", "V00042", "V00007", "D00003", "D00001"];

        Assert.Equal("V00043", FacilityCode.Next(FacilityRole.Viewing, existing));
        Assert.Equal("D00004", FacilityCode.Next(FacilityRole.Disclosing, existing));
    }

    [Fact]
    public void A_gap_left_by_a_missing_number_is_not_reused()
    {
        Assert.Equal("D00006", FacilityCode.Next(FacilityRole.Disclosing, ["D00001", "D00005"]));
    }

    [Fact]
    public void Codes_of_another_shape_are_ignored()
    {
        string[] existing = ["D0009", "D000010", "DABCDE", "D-0009", "d00009", "D00002"];

        Assert.Equal("D00003", FacilityCode.Next(FacilityRole.Disclosing, existing));
    }

    [Fact]
    public void Numbers_are_five_digits_from_1_to_99999()
    {
        Assert.Equal("V99999", FacilityCode.Format(FacilityRole.Viewing, 99_999));
        Assert.Throws<ArgumentOutOfRangeException>(() => FacilityCode.Format(FacilityRole.Viewing, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FacilityCode.Next(FacilityRole.Viewing, ["V99999"]));
    }
}
