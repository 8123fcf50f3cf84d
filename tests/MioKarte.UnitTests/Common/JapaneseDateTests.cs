using MioKarte.Core.Common;

namespace MioKarte.UnitTests.Common;

public class JapaneseDateTests
{
    [Fact]
    public void A_reiwa_date_prints_in_wareki_with_the_western_year_in_brackets()
    {
        Assert.Equal("令和8年11月23日（2026年11月23日）", JapaneseDate.ToWarekiWithSeireki(new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void The_first_year_of_reiwa_is_gannen()
    {
        Assert.Equal("令和元年5月1日", JapaneseDate.ToWareki(new DateOnly(2019, 5, 1)));
        Assert.Equal("令和元年12月31日", JapaneseDate.ToWareki(new DateOnly(2019, 12, 31)));
    }

    [Fact]
    public void The_last_day_of_heisei_is_heisei_31()
    {
        Assert.Equal("平成31年4月30日", JapaneseDate.ToWareki(new DateOnly(2019, 4, 30)));
    }

    [Fact]
    public void The_second_year_of_reiwa_is_a_number()
    {
        Assert.Equal("令和2年1月1日", JapaneseDate.ToWareki(new DateOnly(2020, 1, 1)));
    }

    [Fact]
    public void Showa_and_heisei_change_on_8_january_1989()
    {
        Assert.Equal("昭和64年1月7日", JapaneseDate.ToWareki(new DateOnly(1989, 1, 7)));
        Assert.Equal("平成元年1月8日", JapaneseDate.ToWareki(new DateOnly(1989, 1, 8)));
    }
}
