using MioKarte.Core.Applications;
using MioKarte.Web.Areas.Council.Applications;

namespace MioKarte.UnitTests.Web;

/// <summary>The council's application queue reads its query string: every wrong value dropped and named, never an error.</summary>
public sealed class QueueFilterTests
{
    [Fact]
    public void No_query_is_everything_newest_first_on_the_first_page()
    {
        var filter = QueueFilter.Parse(new QueueQuery());

        Assert.Equal((null, null, null, null, null), (filter.Status, filter.From, filter.To, filter.Type, filter.Text));
        Assert.Equal((QueueSort.Submitted, true, 1), (filter.Sort, filter.Descending, filter.Page));
        Assert.Empty(filter.Problems);
    }

    [Fact]
    public void Every_filter_is_read_as_typed()
    {
        var filter = QueueFilter.Parse(new QueueQuery
        {
            Status = "received",
            Type = "Pharmacy",
            From = "令和8年10月1日",
            To = "2026/10/31",
            Q = " ﾐﾅﾐﾀﾏ ",
            Sort = "kana",
            Page = "2",
        });

        Assert.Equal(ApplicationStatus.Received, filter.Status);
        Assert.Equal(FacilityType.Pharmacy, filter.Type);
        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), (filter.From, filter.To));
        Assert.Equal("ミナミタマ", filter.Text);
        Assert.Equal((QueueSort.Kana, false, 2), (filter.Sort, filter.Descending, filter.Page));
        Assert.Empty(filter.Problems);
    }

    [Fact]
    public void Each_wrong_value_is_dropped_and_named_with_its_own_message()
    {
        var filter = QueueFilter.Parse(new QueueQuery
        {
            Status = "Bogus",
            Type = "Castle",
            From = "2026-13-45",
            To = "yesterday",
            Sort = "height",
            Page = "-1",
            Q = new string('あ', QueueFilter.MaxTextLength + 1),
        });

        Assert.Equal((null, null, null, null, null), (filter.Status, filter.From, filter.To, filter.Type, filter.Text));
        Assert.Equal((QueueSort.Submitted, 1), (filter.Sort, filter.Page));
        Assert.Equal(
            [("Council.Queue.Error.Status", "Bogus"), ("Council.Queue.Error.Type", "Castle"), ("Council.Queue.Error.TextTooLong", "100"),
                ("Council.Queue.Error.Sort", "height"), ("Council.Queue.Error.Page", "-1")],
            filter.Problems.Where(p => !p.MessageKey.StartsWith("Date.", StringComparison.Ordinal)).Select(p => (p.MessageKey, p.Value)));
        Assert.Equal(["2026-13-45", "yesterday"], filter.Problems.Where(p => p.MessageKey.StartsWith("Date.Error.", StringComparison.Ordinal)).Select(p => p.Value));
    }

    [Theory]
    [InlineData("3")] // a number is not a status name
    [InlineData("Received,Approved")]
    public void A_status_is_one_name(string status)
    {
        var filter = QueueFilter.Parse(new QueueQuery { Status = status });

        Assert.Null(filter.Status);
        Assert.Equal(("Council.Queue.Error.Status", status), Assert.Single(filter.Problems.Select(p => (p.MessageKey, p.Value))));
    }

    [Fact]
    public void A_period_that_ends_before_it_starts_is_dropped_whole()
    {
        var filter = QueueFilter.Parse(new QueueQuery { From = "2026-11-05", To = "2026-10-01" });

        Assert.Equal((null, null), (filter.From, filter.To));
        Assert.Equal("Council.Queue.Error.DateOrder", Assert.Single(filter.Problems).MessageKey);
    }

    [Fact]
    public void A_page_that_is_not_a_number_is_named_and_the_first_page_shown()
    {
        var filter = QueueFilter.Parse(new QueueQuery { Page = "abc" });

        Assert.Equal(1, filter.Page);
        Assert.Equal(("Council.Queue.Error.Page", "abc"), Assert.Single(filter.Problems.Select(p => (p.MessageKey, p.Value))));
    }

    [Theory]
    [InlineData(QueueSort.Submitted, true)]
    [InlineData(QueueSort.Updated, true)]
    [InlineData(QueueSort.Kana, false)]
    [InlineData(QueueSort.Status, false)]
    public void Dates_sort_newest_first_names_and_statuses_in_their_own_order(QueueSort sort, bool descending) =>
        Assert.Equal(descending, QueueFilter.DescendingFirst(sort));
}
