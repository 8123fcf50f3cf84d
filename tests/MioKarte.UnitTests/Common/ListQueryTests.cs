using MioKarte.Core.Common;

namespace MioKarte.UnitTests.Common;

public class ListQueryTests
{
    public enum Column
    {
        Code,
        Name,
        Registered,
    }

    private static ListQuery<Column> Parse(string? sort, string? page = null) =>
        ListQuery.Parse(sort, page, Column.Registered, defaultDescending: true);

    [Theory]
    [InlineData("name", Column.Name, false)]
    [InlineData("-name", Column.Name, true)]
    [InlineData("NAME", Column.Name, false)]
    [InlineData(" -registered ", Column.Registered, true)]
    [InlineData("code", Column.Code, false)]
    public void A_key_of_the_allowed_set_sorts_ascending_and_a_leading_minus_descending(string sort, Column key, bool descending)
    {
        var query = Parse(sort);

        Assert.Equal(key, query.Sort);
        Assert.Equal(descending, query.Descending);
        Assert.False(query.SortRefused);
    }

    [Fact]
    public void No_sort_is_the_lists_default_order_and_not_a_refusal()
    {
        var query = Parse(null);

        Assert.Equal((Column.Registered, true, 1), (query.Sort, query.Descending, query.Page));
        Assert.True(query.IsDefaultOrder);
        Assert.False(query.SortRefused);
        Assert.False(query.PageRefused);
    }

    [Theory]
    [InlineData("height")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("--name")]
    [InlineData("-")]
    [InlineData("name,code")]
    [InlineData("name desc")]
    public void A_key_outside_the_allowed_set_falls_back_to_the_default_order_and_is_flagged(string sort)
    {
        var query = Parse(sort);

        Assert.True(query.SortRefused);
        Assert.True(query.IsDefaultOrder);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("", 1)]
    [InlineData("1", 1)]
    [InlineData("2", 2)]
    [InlineData(" 12 ", 12)]
    [InlineData("1000000", 1_000_000)]
    public void A_page_is_a_positive_number(string? page, int expected)
    {
        var query = Parse(null, page);

        Assert.Equal(expected, query.Page);
        Assert.False(query.PageRefused);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("+2")]
    [InlineData("1000001")]
    [InlineData("99999999999999999999")]
    [InlineData("２")]
    public void Anything_else_is_page_one_and_flagged(string page)
    {
        var query = Parse("name", page);

        Assert.Equal(1, query.Page);
        Assert.True(query.PageRefused);
        Assert.Equal(Column.Name, query.Sort);
        Assert.Null(ListQuery.Page(page));
        Assert.Equal(1, ListQuery.PageOrFirst(page));
    }

    [Fact]
    public void Links_leave_out_the_default_order_and_page_one()
    {
        Assert.Empty(Parse(null).Parameters());
        Assert.Equal([new("sort", "name")], Parse("name").Parameters());
        Assert.Equal([new("sort", "-name"), new("page", "3")], Parse("-name", "3").Parameters());
        Assert.Equal([new("page", "2")], Parse("-registered", "2").Parameters());
    }

    [Fact]
    public void A_column_header_turns_its_own_order_round_and_starts_another_in_its_first_direction_on_page_one()
    {
        var byName = Parse("name", "4");

        var turned = byName.SortedBy(Column.Name, descendingFirst: false);
        var other = byName.SortedBy(Column.Registered, descendingFirst: true);

        Assert.Equal((Column.Name, true, 1), (turned.Sort, turned.Descending, turned.Page));
        Assert.Equal((Column.Registered, true, 1), (other.Sort, other.Descending, other.Page));
        Assert.Equal("ascending", byName.AriaSort(Column.Name));
        Assert.Equal("descending", turned.AriaSort(Column.Name));
        Assert.Null(byName.AriaSort(Column.Code));
        Assert.Equal(3, byName.OnPage(3).Page);
        Assert.Equal(1, byName.OnPage(0).Page);
    }

    [Fact]
    public void A_lists_bound_parameters_read_by_the_same_rule()
    {
        var query = new ListParameters { Sort = "-name", Page = "abc" }.ToListQuery(Column.Registered, defaultDescending: true);

        Assert.Equal((Column.Name, true, 1, true), (query.Sort, query.Descending, query.Page, query.PageRefused));
    }
}
