using MioKarte.Core.Common;

namespace MioKarte.UnitTests.Common;

public class JapaneseDateParsingTests
{
    private static DateOnly Read(string text)
    {
        Assert.True(JapaneseDate.TryParse(text, DateBounds.Any, out var date, out var error), $"{text}: {error}");
        Assert.Equal(DateInputError.None, error);
        return date;
    }

    private static DateInputError Refused(string? text, DateBounds? bounds = null)
    {
        Assert.False(JapaneseDate.TryParse(text, bounds ?? DateBounds.Any, out var date, out var error), text);
        Assert.Equal(default, date);
        return error;
    }

    [Theory]
    [InlineData("2024-01-05")]
    [InlineData("2024-1-5")]
    [InlineData("2024/01/05")]
    [InlineData("2024/1/5")]
    [InlineData("2024.1.5")]
    [InlineData("2024年1月5日")]
    [InlineData("2024年01月05日")]
    [InlineData("20240105")]
    [InlineData("２０２４／１／５")]
    [InlineData("２０２４年１月５日")]
    [InlineData(" 2024 年 1 月 5 日 ")]
    [InlineData("令和6年1月5日")]
    [InlineData("令和６年１月５日")]
    [InlineData("R6.1.5")]
    [InlineData("r6/1/5")]
    [InlineData("Ｒ６．１．５")]
    [InlineData("R06-01-05")]
    public void Seireki_and_wareki_in_every_accepted_shape_read_as_the_same_day(string text) =>
        Assert.Equal(new DateOnly(2024, 1, 5), Read(text));

    [Theory]
    [InlineData("平成31年4月30日", 2019, 4, 30)]
    [InlineData("H31.4.30", 2019, 4, 30)]
    [InlineData("令和元年5月1日", 2019, 5, 1)]
    [InlineData("R元.5.1", 2019, 5, 1)]
    [InlineData("令和1年5月1日", 2019, 5, 1)]
    [InlineData("昭和64年1月7日", 1989, 1, 7)]
    [InlineData("平成元年1月8日", 1989, 1, 8)]
    [InlineData("S23.5.3", 1948, 5, 3)]
    [InlineData("大正15年12月24日", 1926, 12, 24)]
    [InlineData("昭和元年12月25日", 1926, 12, 25)]
    [InlineData("明治45年7月29日", 1912, 7, 29)]
    [InlineData("大正元年7月30日", 1912, 7, 30)]
    [InlineData("明治元年1月1日", 1868, 1, 1)]
    [InlineData("平成12年2月29日", 2000, 2, 29)]
    public void Each_era_reads_from_its_first_day_to_its_last(string text, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), Read(text));

    [Theory]
    [InlineData("平成31年5月1日")]
    [InlineData("令和元年4月30日")]
    [InlineData("昭和64年1月8日")]
    [InlineData("平成元年1月7日")]
    [InlineData("大正元年7月29日")]
    [InlineData("明治45年7月30日")]
    [InlineData("令和0年5月1日")]
    [InlineData("H32.1.1")]
    public void A_wareki_day_outside_its_era_is_refused_not_moved_to_the_next(string text) =>
        Assert.Equal(DateInputError.NotInEra, Refused(text));

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2026年2月29日")]
    [InlineData("2026/13/1")]
    [InlineData("2026/0/1")]
    [InlineData("2026/1/0")]
    [InlineData("令和8年2月30日")]
    [InlineData("20261301")]
    public void A_day_that_does_not_exist_is_no_such_day(string text) =>
        Assert.Equal(DateInputError.NoSuchDay, Refused(text));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-1/5")]
    [InlineData("2026年1/5")]
    [InlineData("26/1/5")]
    [InlineData("1/5/2026")]
    [InlineData("2026-01-05T09:00")]
    [InlineData("平成")]
    [InlineData("X6.1.5")]
    [InlineData("令和6年1月5")]
    [InlineData("٢٠٢٦-٠١-٠٥")]
    public void Anything_else_is_unreadable(string text) =>
        Assert.Equal(DateInputError.Unreadable, Refused(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u3000")]
    public void Blank_is_empty(string? text) =>
        Assert.Equal(DateInputError.Empty, Refused(text));

    [Fact]
    public void The_field_bounds_are_one_inclusive_range()
    {
        var today = new DateOnly(2026, 12, 7);
        Assert.True(JapaneseDate.TryParse("2026-12-07", DateBounds.UpTo(today), out _, out _));
        Assert.Equal(DateInputError.OutOfRange, Refused("2026-12-08", DateBounds.UpTo(today)));
        Assert.True(JapaneseDate.TryParse("明治元年1月1日", DateBounds.UpTo(today), out _, out _));
        Assert.Equal(DateInputError.OutOfRange, Refused("1867-12-31", DateBounds.UpTo(today)));
        Assert.True(JapaneseDate.TryParse("2199-12-31", DateBounds.Any, out _, out _));
        Assert.Equal(DateInputError.OutOfRange, Refused("2200-01-01"));
        var week = new DateBounds(today.AddDays(7), today.AddYears(1));
        Assert.Equal(DateInputError.OutOfRange, Refused("2026-12-13", week));
        Assert.True(JapaneseDate.TryParse("令和8年12月14日", week, out _, out _));
    }

    [Fact]
    public void ParseOrNull_drops_what_it_cannot_read()
    {
        Assert.Equal(new DateOnly(2026, 11, 1), JapaneseDate.ParseOrNull("R8.11.1", DateBounds.Any));
        Assert.Null(JapaneseDate.ParseOrNull("2026-11-31", DateBounds.Any));
        Assert.Null(JapaneseDate.ParseOrNull(null, DateBounds.Any));
    }

    [Theory]
    [InlineData("2026-12-01T09:00", 9, 0, 0)]
    [InlineData("2026-12-01T09:00:30", 9, 0, 30)]
    [InlineData("2026-12-01 09:00", 9, 0, 0)]
    [InlineData("2026/12/1 9:00", 9, 0, 0)]
    [InlineData("令和8年12月1日 23:59", 23, 59, 0)]
    [InlineData("２０２６－１２－０１　０９：００", 9, 0, 0)]
    public void A_date_and_time_reads_as_one_local_time(string text, int hour, int minute, int second)
    {
        Assert.True(JapaneseDate.TryParseDateTime(text, DateBounds.Any, out var local, out var error), $"{text}: {error}");
        Assert.Equal(new DateTime(2026, 12, 1, hour, minute, second, DateTimeKind.Unspecified), local);
        Assert.Equal(DateTimeKind.Unspecified, local.Kind);
    }

    [Theory]
    [InlineData("2026-12-01", DateInputError.Unreadable)]
    [InlineData("2026-12-01T24:00", DateInputError.Unreadable)]
    [InlineData("2026-12-01T09:60", DateInputError.Unreadable)]
    [InlineData("2026-12-01 9", DateInputError.Unreadable)]
    [InlineData("T09:00", DateInputError.Unreadable)]
    [InlineData("2026-02-30T09:00", DateInputError.NoSuchDay)]
    [InlineData("2200-01-01T09:00", DateInputError.OutOfRange)]
    [InlineData(" ", DateInputError.Empty)]
    public void A_date_time_that_is_not_one_says_why(string text, DateInputError expected)
    {
        Assert.False(JapaneseDate.TryParseDateTime(text, DateBounds.Any, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Every_error_has_its_message_key() =>
        Assert.Equal("Date.Error.NoSuchDay", JapaneseDate.MessageKey(DateInputError.NoSuchDay));
}
