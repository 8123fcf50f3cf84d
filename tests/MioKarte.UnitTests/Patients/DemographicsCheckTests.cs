using MioKarte.Core.DataCenter;
using MioKarte.Core.Patients;
using MioKarte.Core.Text;

namespace MioKarte.UnitTests.Patients;

public class DemographicsCheckTests
{
    private static readonly DateOnly Birth = new(1948, 5, 3);

    private static PatientDemographics AtFacility(Sex sex = Sex.Male, PartialDate? birth = null, string? kana = "ヤマダ タロウ") =>
        new(new SourceRef("1311234567", "Patient", "p1"), "12345678", "山田 太郎", kana, sex, birth ?? new PartialDate(1948, 5, 3));

    [Fact]
    public void Sex_birth_date_and_kana_that_agree_match()
    {
        Assert.Null(DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　タロウ", AtFacility()));
    }

    [Fact]
    public void A_different_sex_is_named()
    {
        Assert.Equal(DemographicsField.Sex, DemographicsCheck.FirstMismatch(Sex.Female, Birth, "ヤマダ　タロウ", AtFacility()));
    }

    [Fact]
    public void A_different_birth_date_is_named()
    {
        Assert.Equal(DemographicsField.BirthDate, DemographicsCheck.FirstMismatch(Sex.Male, Birth.AddDays(1), "ヤマダ　タロウ", AtFacility()));
    }

    [Fact]
    public void A_birth_date_the_facility_holds_only_in_part_does_not_match()
    {
        Assert.Equal(DemographicsField.BirthDate, DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　タロウ", AtFacility(birth: new PartialDate(1948, 5, null))));
    }

    [Fact]
    public void A_different_kana_name_is_named()
    {
        Assert.Equal(DemographicsField.NameKana, DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　ジロウ", AtFacility()));
    }

    [Fact]
    public void A_facility_without_a_kana_name_does_not_match()
    {
        Assert.Equal(DemographicsField.NameKana, DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　タロウ", AtFacility(kana: null)));
    }

    [Theory]
    [InlineData("やまだ たろう")]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("ヤマダタロウ")]
    [InlineData("ヤマダ　　タロウ ")]
    [InlineData("ＹＡＭＡＤＡ")]
    public void The_kana_name_is_compared_after_normalisation(string typed)
    {
        var expected = typed == "ＹＡＭＡＤＡ" ? DemographicsField.NameKana : (DemographicsField?)null;

        Assert.Equal(expected, DemographicsCheck.FirstMismatch(Sex.Male, Birth, typed, AtFacility()));
    }

    [Theory]
    [InlineData("キョウコ", "キヨウコ")]
    [InlineData("ハットリ", "ハツトリ")]
    [InlineData("ジュン", "じゅん")]
    [InlineData("ヴァイオレット", "ｳﾞｧｲｵﾚｯﾄ")]
    [InlineData("ナカ・ムラ", "ナカムラ")]
    public void Small_kana_and_their_large_forms_are_the_same_name(string atFacility, string typed)
    {
        Assert.Equal(JapaneseText.KanaForMatching(atFacility), JapaneseText.KanaForMatching(typed));
    }

    [Fact]
    public void Different_voicing_is_a_different_name()
    {
        Assert.NotEqual(JapaneseText.KanaForMatching("ハタ"), JapaneseText.KanaForMatching("ハダ"));
    }
}
