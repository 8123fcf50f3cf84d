using MioKarte.Core.Text;

namespace MioKarte.UnitTests.Text;

public sealed class JapaneseTextTests
{
    [Theory]
    [InlineData("０４２－６６３－０１１１", "042-663-0111")]
    [InlineData("042ー663ー0111", "042-663-0111")]
    [InlineData(" 042 663 0111 ", "0426630111")]
    [InlineData("１９３−０８３２", "193-0832")]
    public void Phone_numbers_and_postal_codes_become_ASCII_digits_and_hyphens(string typed, string expected)
    {
        Assert.Equal(expected, JapaneseText.DigitsAndHyphens(typed));
    }

    [Theory]
    [InlineData("やまだ　たろう", "ヤマダ　タロウ")]
    [InlineData("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ")]
    [InlineData("  ミナミタマ   ビョウイン ", "ミナミタマ　ビョウイン")]
    public void Kana_becomes_full_width_katakana_with_one_space_between_words(string typed, string expected)
    {
        var kana = JapaneseText.Kana(typed)!;

        Assert.Equal(expected, kana);
        Assert.True(JapaneseText.IsKatakana(kana));
    }

    [Theory]
    [InlineData("山田　太郎")]
    [InlineData("Yamada")]
    [InlineData("ヤマダ1")]
    [InlineData("")]
    public void Anything_but_katakana_is_not_kana(string value)
    {
        Assert.False(JapaneseText.IsKatakana(value));
    }

    [Fact]
    public void Names_keep_their_kanji_and_get_one_full_width_space()
    {
        Assert.Equal("南多摩　花子", JapaneseText.Name(" 南多摩  花子 "));
        Assert.Equal("ABCクリニック", JapaneseText.Name("ＡＢＣｸﾘﾆｯｸ"));
    }

    [Fact]
    public void An_email_address_loses_full_width_characters_and_its_domain_is_lower_case()
    {
        Assert.Equal("Hanako.Y@example.jp", JapaneseText.Email(" Ｈａｎａｋｏ.Ｙ＠Example.JP "));
    }

    [Fact]
    public void Null_stays_null()
    {
        Assert.Null(JapaneseText.Clean(null));
        Assert.Null(JapaneseText.Kana(null));
        Assert.Null(JapaneseText.Digits(null));
    }
}
