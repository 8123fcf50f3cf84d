using MioKarte.Core.Identity;

namespace MioKarte.UnitTests.Identity;

public sealed class PortalUserNameTests
{
    [Fact]
    public void The_administrator_of_a_facility_is_its_code_followed_by_01()
    {
        Assert.Equal("V00042-01", PortalUserName.Administrator("V00042"));
    }

    [Fact]
    public void The_next_user_follows_the_highest_number_of_the_same_facility_only()
    {
        var next = PortalUserName.Next("V00042", ["V00042-01", "v00042-07", "V00043-12", "council", "V00042-xx"]);

        Assert.Equal("V00042-08", next);
    }

    [Fact]
    public void The_first_user_of_a_facility_is_01_and_the_hundredth_widens_to_three_digits()
    {
        Assert.Equal("V00001-01", PortalUserName.Next("V00001", []));
        Assert.Equal("V00001-100", PortalUserName.Next("V00001", ["V00001-99"]));
    }
}
