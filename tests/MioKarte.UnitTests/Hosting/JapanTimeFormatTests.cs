using MioKarte.Core.Hosting;

namespace MioKarte.UnitTests.Hosting;

/// <summary>Dates read one way on every screen: yyyy/MM/dd, yyyy/MM/dd HH:mm, Japan time, 和暦 where a form would print it.</summary>
public class JapanTimeFormatTests
{
    [Fact]
    public void An_instant_is_written_in_japan_time_with_hours_and_minutes()
    {
        Assert.Equal("2026/11/23 09:00", JapanTime.FormatInstant(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(JapanTime.FormatInstant(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc)), JapanTime.Format(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void A_day_is_written_with_slashes_and_two_digit_month_and_day()
    {
        Assert.Equal("2026/01/05", JapanTime.FormatDate(new DateOnly(2026, 1, 5)));
    }

    [Fact]
    public void The_day_of_an_instant_is_the_japan_day_not_the_utc_day()
    {
        // 15:30 UTC on 31 December is already New Year's Day in Japan.
        Assert.Equal("2027/01/01", JapanTime.FormatDateOf(new DateTime(2026, 12, 31, 15, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("2026/12/31", JapanTime.FormatDateOf(new DateTime(2026, 12, 31, 14, 59, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData(1948, 5, 3, "1948/05/03（昭和23年）")]
    [InlineData(1989, 1, 7, "1989/01/07（昭和64年）")]
    [InlineData(1989, 1, 8, "1989/01/08（平成元年）")]
    [InlineData(1990, 1, 1, "1990/01/01（平成2年）")]
    [InlineData(2019, 4, 30, "2019/04/30（平成31年）")]
    [InlineData(2019, 5, 1, "2019/05/01（令和元年）")]
    [InlineData(2020, 1, 1, "2020/01/01（令和2年）")]
    [InlineData(1926, 12, 24, "1926/12/24（大正15年）")]
    [InlineData(1926, 12, 25, "1926/12/25（昭和元年）")]
    [InlineData(1912, 7, 29, "1912/07/29（明治45年）")]
    [InlineData(1912, 7, 30, "1912/07/30（大正元年）")]
    public void A_birth_date_carries_its_wareki_year_with_gannen_at_each_era_boundary(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, JapanTime.FormatDateWithWareki(new DateOnly(year, month, day)));
    }

    [Fact]
    public void A_day_before_the_japanese_calendar_is_written_without_wareki()
    {
        Assert.Equal("1850/01/01", JapanTime.FormatDateWithWareki(new DateOnly(1850, 1, 1)));
    }
}
