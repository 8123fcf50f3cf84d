using MioKarte.Core.Text;

namespace MioKarte.UnitTests.Text;

public sealed class KanaRomajiTests
{
    [Theory]
    [InlineData("ミナミタマ", "minamitama")]
    [InlineData("はなこ", "hanako")]
    [InlineData("シャシン", "shashin")]
    [InlineData("シャシン", "syasin")]
    [InlineData("ハットリ", "hattori")]
    [InlineData("マッチャ", "matcha")]
    [InlineData("マッチャ", "mattya")]
    [InlineData("ジュン", "jun")]
    [InlineData("ジュン", "zyun")]
    [InlineData("サトウ", "satou")]
    [InlineData("サトウ", "sato")]
    [InlineData("リョウコ", "ryouko")]
    [InlineData("リョウコ", "ryoko")]
    [InlineData("フジタ", "fujita")]
    [InlineData("フジタ", "huzita")]
    [InlineData("ツヨシ", "tsuyoshi")]
    [InlineData("ﾕｳｺ", "yuko")]
    [InlineData("ケーコ", "keeko")]
    public void A_kana_name_is_spelt_the_ways_people_write_it_in_romaji(string kana, string spelling)
    {
        Assert.Contains(spelling, KanaRomaji.Spellings(kana));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("山田")]
    [InlineData("Yamada")]
    public void Anything_but_kana_has_no_spelling(string? text)
    {
        Assert.Empty(KanaRomaji.Spellings(text));
    }
}
