using MioKarte.Core.Common;
using MioKarte.Web.Areas.Account.SignIn;
using MioKarte.Web.Areas.Clinical;

namespace MioKarte.UnitTests.Web;

/// <summary>What people type into the Clinical forms and the sign-in's code field, read as they mean it.</summary>
public sealed class FormInputTests
{
    [Theory]
    [InlineData("123456", "123456")]
    [InlineData("123 456", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData("１２３４５６", "123456")]
    [InlineData(" １２３　４５６ ", "123456")] // a full-width space too
    [InlineData(null, "")]
    public void An_authenticator_code_is_read_however_it_was_typed(string? typed, string code)
    {
        Assert.Equal(code, AuthenticatorCode.Normalise(typed));
        Assert.Equal(code.Length == 6, AuthenticatorCode.IsSixDigits(code));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    [InlineData("١٢٣٤٥٦")] // digits, but not ASCII ones
    public void Only_six_ASCII_digits_are_a_code(string code) =>
        Assert.False(AuthenticatorCode.IsSixDigits(AuthenticatorCode.Normalise(code)));

    [Theory]
    [InlineData("ＡＢ－１２３", "AB-123")]
    [InlineData(" 12 34 ", "1234")]
    [InlineData(null, null)]
    public void A_patient_id_is_read_without_spaces_and_in_ASCII(string? typed, string? id) =>
        Assert.Equal(id, PatientFields.Id(typed));

    [Theory]
    [InlineData("AB-123_x", true)]
    [InlineData("AB/123", false)]
    [InlineData("患者1", false)]
    public void A_patient_id_is_letters_digits_hyphens_and_underscores(string id, bool wellFormed) =>
        Assert.Equal(wellFormed, PatientFields.IsWellFormedId(id));

    [Fact]
    public void A_patient_date_is_a_day_that_has_come()
    {
        var today = new DateOnly(2026, 11, 24);

        Assert.Equal(new DateOnly(1948, 5, 3), PatientFields.Date("昭和23年5月3日", today));
        Assert.Equal(today, PatientFields.Date("2026-11-24", today));
        Assert.Null(PatientFields.Date("2026-11-25", today));
        Assert.Null(PatientFields.Date("昭和23年2月30日", today));
    }

    [Theory]
    [InlineData("Male", Sex.Male)]
    [InlineData("Female", Sex.Female)]
    [InlineData("Other", Sex.Other)]
    [InlineData("male", null)] // only the radio button's own values
    [InlineData("1", null)]
    [InlineData(null, null)]
    public void Sex_is_one_of_the_radio_buttons_values(string? value, Sex? sex) =>
        Assert.Equal(sex, PatientFields.Sex(value));
}
