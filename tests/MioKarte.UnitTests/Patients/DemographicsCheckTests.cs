using MioKarte.Core.Common;
using MioKarte.Core.Gateway;
using MioKarte.Core.Patients;
using MioKarte.Core.Text;

namespace MioKarte.UnitTests.Patients;

public class DemographicsCheckTests
{
    private static readonly DateOnly Birth = new(1948, 5, 3);

    private const string Kanji = "山田　太郎";

    private static PatientDemographics AtFacility(Sex sex = Sex.Male, PartialDate? birth = null, string? kana = "ヤマダ タロウ", string? kanji = "山田 太郎") =>
        new(new SourceRef("1311234567", "Patient", "p1"), "12345678", kanji, kana, sex, birth ?? new PartialDate(1948, 5, 3));

    [Fact]
    public void Sex_birth_date_and_kana_that_agree_match()
    {
        Assert.Null(DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　タロウ", Kanji, AtFacility()));
    }

    [Fact]
    public void A_different_sex_is_named()
    {
        Assert.Equal(DemographicsField.Sex, DemographicsCheck.FirstMismatch(Sex.Female, Birth, "ヤマダ　タロウ", Kanji, AtFacility()));
    }

    [Fact]
    public void A_different_birth_date_is_named()
    {
        Assert.Equal(DemographicsField.BirthDate, DemographicsCheck.FirstMismatch(Sex.Male, Birth.AddDays(1), "ヤマダ　タロウ", Kanji, AtFacility()));
    }

    [Fact]
    public void A_birth_date_the_facility_holds_only_in_part_does_not_match()
    {
        Assert.Equal(DemographicsField.BirthDate, DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　タロウ", Kanji, AtFacility(birth: new PartialDate(1948, 5, null))));
    }

    [Fact]
    public void A_different_kana_name_is_named()
    {
        Assert.Equal(DemographicsField.NameKana, DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　ジロウ", Kanji, AtFacility()));
    }

    [Fact]
    public void A_facility_without_a_kana_name_is_matched_on_the_kanji_name()
    {
        Assert.Null(DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　タロウ", "山田太郎", AtFacility(kana: null)));
        Assert.Null(DemographicsCheck.FirstMismatch(Sex.Male, Birth, null, "山田 太郎", AtFacility(kana: " ")));
    }

    [Fact]
    public void A_different_kanji_name_at_a_facility_without_kana_is_named()
    {
        Assert.Equal(DemographicsField.NameKanji, DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　タロウ", "山田　次郎", AtFacility(kana: null)));
        Assert.Equal(DemographicsField.NameKanji, DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　タロウ", null, AtFacility(kana: null)));
    }

    [Fact]
    public void When_the_facility_holds_kana_a_variant_kanji_does_not_refuse_the_link()
    {
        // Kana decides: the kanji 髙/高 of the form is not held against a kana that agrees.
        Assert.Null(DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　タロウ", "髙田　太郎", AtFacility()));
        // …and a kanji that agrees does not rescue a kana that disagrees.
        Assert.Equal(DemographicsField.NameKana, DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　ジロウ", Kanji, AtFacility()));
    }

    [Fact]
    public void A_facility_with_no_name_at_all_never_matches()
    {
        Assert.Equal(DemographicsField.NoNameAtFacility, DemographicsCheck.FirstMismatch(Sex.Male, Birth, "ヤマダ　タロウ", Kanji, AtFacility(kana: null, kanji: null)));
    }

    [Theory]
    [InlineData("髙橋　一郎", "高橋一郎")]
    [InlineData("山﨑 花子", "山崎　花子")]
    [InlineData("渡邉　健", "渡辺 健")]
    [InlineData("ＡＢＥ　Ｊｏｈｎ", "ABE John")]
    [InlineData("中・村", "中村")]
    public void Kanji_names_are_compared_after_width_spaces_and_common_variants(string atFacility, string typed)
    {
        Assert.Equal(JapaneseText.NameForMatching(atFacility), JapaneseText.NameForMatching(typed));
    }

    [Fact]
    public void Different_kanji_are_a_different_name()
    {
        Assert.NotEqual(JapaneseText.NameForMatching("山田太郎"), JapaneseText.NameForMatching("山口太郎"));
    }

    [Theory]
    [InlineData("ヤマダ　タロウ", "ヤマダ")]
    [InlineData("やまだ たろう", "ヤマダ")]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ")]
    [InlineData("ヤマダタロウ", null)]
    [InlineData("  ", null)]
    [InlineData(null, null)]
    public void The_emergency_search_sends_the_family_name_only(string? typed, string? expected)
    {
        Assert.Equal(expected, DemographicsCheck.SearchNamePart(typed));
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

        Assert.Equal(expected, DemographicsCheck.FirstMismatch(Sex.Male, Birth, typed, Kanji, AtFacility()));
    }

    [Theory]
    [InlineData("キョウコ", "キヨウコ")]
    [InlineData("ハットリ", "ハツトリ")]
    [InlineData("ジュン", "じゅん")]
    [InlineData("ヴァイオレット", "ｳﾞｧｲｵﾚｯﾄ")]
    [InlineData("ヴァイオレット", "バイオレット")]
    [InlineData("ヴィヴィアン", "ビビアン")]
    [InlineData("ヴ", "ブ")]
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
