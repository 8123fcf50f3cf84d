using System.Net;
using AngleSharp.Dom;
using MioKarte.Core.Applications;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>
/// A portal holding a known queue: four named applications in different states and types, and 26
/// more clinics so that the queue has two pages. Tests only read it.
/// </summary>
public sealed class QueuePortal : PortalFactory, IAsyncLifetime
{
    public static readonly DateTime MinamitamaSubmitted = new(2026, 10, 1, 1, 0, 0, DateTimeKind.Utc);

    /// <summary>2026-11-01 00:30 in Japan, still 31 October in UTC: the date filters must use Japan dates.</summary>
    public static readonly DateTime AobaSubmitted = new(2026, 10, 31, 15, 30, 0, DateTimeKind.Utc);

    public TestApplication Minamitama { get; private set; } = null!;
    public TestApplication Sakura { get; private set; } = null!;
    public TestApplication Aoba { get; private set; } = null!;
    public TestApplication Himawari { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Minamitama = await this.AddApplicationAsync("南多摩クリニック", ApplicationStatus.AwaitingDocuments,
            d => d with { FacilityNameKana = "ミナミタマ　クリニック", InstitutionCode = "0110113719" }, MinamitamaSubmitted);
        Sakura = await this.AddApplicationAsync("さくら薬局", ApplicationStatus.UnderReview,
            d => d with { FacilityNameKana = "サクラ　ヤッキョク", FacilityType = FacilityType.Pharmacy, InstitutionCode = "1342345624" },
            new DateTime(2026, 10, 15, 2, 0, 0, DateTimeKind.Utc));
        Aoba = await this.AddApplicationAsync("あおば訪問看護ステーション", ApplicationStatus.Approved,
            d => d with { FacilityNameKana = "アオバ　ホウモンカンゴステーション", FacilityType = FacilityType.HomeNursingStation, InstitutionCode = "1362345637" },
            AobaSubmitted);
        Himawari = await this.AddApplicationAsync("ひまわり歯科", ApplicationStatus.Returned,
            d => d with { FacilityNameKana = "ヒマワリ　シカ", FacilityType = FacilityType.DentalClinic, InstitutionCode = "1332345642" },
            new DateTime(2026, 11, 10, 3, 0, 0, DateTimeKind.Utc));
        for (var i = 0; i < 26; i++)
        {
            await this.AddApplicationAsync($"一覧用クリニック{i:D2}", ApplicationStatus.AwaitingDocuments,
                d => d with { FacilityNameKana = $"イチランヨウ　クリニック{i:D2}", InstitutionCode = null },
                new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i));
        }
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public sealed class ApplicationQueueTests(QueuePortal portal) : IClassFixture<QueuePortal>
{
    private const int Seeded = 30;

    [Fact]
    public async Task The_queue_shows_25_rows_a_page_newest_first_and_a_second_page_keeping_the_filters()
    {
        var client = await ClientAsync();

        var first = await client.GetDocumentAsync("/council/applications");
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var second = await client.GetDocumentAsync(next);
        var clinics = await client.GetDocumentAsync("/council/applications?type=Clinic&sort=kana&page=2");

        Assert.Equal(25, Rows(first).Count);
        Assert.Equal("ひまわり歯科", Names(first)[0]);
        Assert.Contains($"{Seeded} 件中 1〜25 件目", first.QuerySelector("#queue-count")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("page=2", next, StringComparison.Ordinal);
        Assert.Equal(Seeded - 25, Rows(second).Count);
        Assert.Null(second.QuerySelector("a[rel=next]"));
        Assert.Equal(27 - 25, Rows(clinics).Count); // 南多摩 and the 26 fillers are clinics
        var previous = clinics.QuerySelector("a[rel=prev]")!.GetAttribute("href")!;
        Assert.Contains("type=Clinic", previous, StringComparison.Ordinal);
        Assert.Contains("sort=kana", previous, StringComparison.Ordinal);
        Assert.DoesNotContain("page=", previous, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_and_facility_type_filters_narrow_the_queue()
    {
        var client = await ClientAsync();

        var review = await client.GetDocumentAsync("/council/applications?status=UnderReview");
        var pharmacies = await client.GetDocumentAsync("/council/applications?type=Pharmacy");
        var returnedDental = await client.GetDocumentAsync("/council/applications?status=Returned&type=DentalClinic");
        var none = await client.GetDocumentAsync("/council/applications?status=Returned&type=Pharmacy");

        Assert.Equal(["さくら薬局"], Names(review));
        Assert.Equal(["さくら薬局"], Names(pharmacies));
        Assert.Equal(["ひまわり歯科"], Names(returnedDental));
        Assert.Empty(Rows(none));
        Assert.Contains("条件に合う申込はありません", none.QuerySelector("#queue-count")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("UnderReview", ((AngleSharp.Html.Dom.IHtmlSelectElement)review.GetElementById("status")!).Value);
    }

    [Fact]
    public async Task Submitted_dates_are_filtered_by_the_Japan_calendar_day()
    {
        var client = await ClientAsync();

        var octoberHalf = await client.GetDocumentAsync("/council/applications?from=2026-10-10&to=2026-11-05");
        var untilOctober31 = await client.GetDocumentAsync("/council/applications?from=2026-10-10&to=2026-10-31");
        var fromNovember1 = await client.GetDocumentAsync("/council/applications?from=2026-11-01");
        var inWareki = await client.GetDocumentAsync("/council/applications?from=" + Uri.EscapeDataString("令和8年10月10日") + "&to=R8.11.5");

        Assert.Equal(["あおば訪問看護ステーション", "さくら薬局"], Names(octoberHalf));
        Assert.Equal(["さくら薬局"], Names(untilOctober31));
        Assert.Equal(["ひまわり歯科", "あおば訪問看護ステーション"], Names(fromNovember1));
        Assert.Equal(Names(octoberHalf), Names(inWareki));
        Assert.Null(inWareki.QuerySelector("#queue-problems"));
        Assert.Equal("2026-10-10", inWareki.GetElementById("from")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("南多摩", "南多摩クリニック")]
    [InlineData("みなみたま", "南多摩クリニック")]          // hiragana finds the katakana kana
    [InlineData("ﾐﾅﾐﾀﾏ", "南多摩クリニック")]              // half-width katakana
    [InlineData("サクラヤッキョク", "さくら薬局")]          // the stored kana has a space between words
    [InlineData("さくら 薬局", "さくら薬局")]
    [InlineData("１３４２３４５", "さくら薬局")]            // full-width digits of the code
    [InlineData("0110113719", "南多摩クリニック")]
    [InlineData("訪問看護", "あおば訪問看護ステーション")]
    public async Task Free_text_finds_Japanese_names_kana_and_codes_on_SQLite(string text, string expected)
    {
        var client = await ClientAsync();

        var page = await client.GetDocumentAsync("/council/applications?q=" + Uri.EscapeDataString(text));

        Assert.Equal([expected], Names(page));
    }

    [Fact]
    public async Task Free_text_finds_a_receipt_number_typed_in_lower_case()
    {
        var client = await ClientAsync();

        var page = await client.GetDocumentAsync("/council/applications?q=" + Uri.EscapeDataString(portal.Himawari.ReceiptNumber.ToLowerInvariant()));

        Assert.Equal(["ひまわり歯科"], Names(page));
        Assert.Equal(portal.Himawari.ReceiptNumber, Rows(page)[0].QuerySelector(".queue-link")!.TextContent.Trim());
        Assert.Equal($"/council/applications/{portal.Himawari.Id}", Rows(page)[0].QuerySelector(".queue-link")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_queue_sorts_by_kana_by_workflow_status_and_by_last_update()
    {
        var client = await ClientAsync();

        var kanaAscending = Names(await client.GetDocumentAsync("/council/applications?sort=kana"));
        var kanaDescending = Names(await client.GetDocumentAsync("/council/applications?sort=-kana"));
        var statusDescending = Names(await client.GetDocumentAsync("/council/applications?sort=-status"));
        var updatedAscending = Names(await client.GetDocumentAsync("/council/applications?sort=updated"));
        var submittedAscending = Names(await client.GetDocumentAsync("/council/applications?sort=submitted"));

        Assert.Equal("あおば訪問看護ステーション", kanaAscending[0]);
        Assert.Equal("一覧用クリニック00", kanaAscending[1]);
        Assert.Equal("南多摩クリニック", kanaDescending[0]);
        Assert.Equal("ひまわり歯科", kanaDescending[1]);
        // Workflow order (承認 after 差戻し after 審査中), not the alphabetical order of the stored names.
        Assert.Equal(["あおば訪問看護ステーション", "ひまわり歯科", "さくら薬局"], statusDescending.Take(3));
        Assert.Equal("一覧用クリニック00", updatedAscending[0]);
        Assert.Equal("一覧用クリニック00", submittedAscending[0]);
        Assert.Equal("南多摩クリニック", (await AllNamesAsync(client, "sort=submitted"))[26]);
    }

    [Fact]
    public async Task A_column_header_turns_the_order_round_and_says_which_way_it_sorts()
    {
        var client = await ClientAsync();

        var page = await client.GetDocumentAsync("/council/applications?sort=kana");
        var header = page.QuerySelector("th[aria-sort]")!;
        var turned = await client.GetDocumentAsync(header.QuerySelector("a")!.GetAttribute("href")!);

        Assert.Equal("ascending", header.GetAttribute("aria-sort"));
        Assert.Equal("南多摩クリニック", Names(turned)[0]);
        Assert.Equal("descending", turned.QuerySelector("th[aria-sort]")!.GetAttribute("aria-sort"));
    }

    [Fact]
    public async Task Wrong_filter_values_are_explained_in_Japanese_and_left_out_never_a_server_error()
    {
        var client = await ClientAsync();
        var tooLong = new string('あ', 101);

        using var response = await client.GetAsync(new Uri(
            $"/council/applications?status=Bogus&type=Castle&from=2026-13-45&to=yesterday&sort=height&page=-1&q={Uri.EscapeDataString(tooLong)}",
            UriKind.Relative));
        var page = await HtmlClient.ParseAsync(response);
        var problems = page.QuerySelector("#queue-problems")!.TextContent;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("状況「Bogus」はありません", problems, StringComparison.Ordinal);
        Assert.Contains("施設の種別「Castle」はありません", problems, StringComparison.Ordinal);
        Assert.Contains("日付「2026-13-45」を読み取れません", problems, StringComparison.Ordinal);
        Assert.Contains("日付「yesterday」を読み取れません", problems, StringComparison.Ordinal);
        Assert.Contains("並び順「height」は使えません", problems, StringComparison.Ordinal);
        Assert.Contains("ページ番号「-1」が正しくない", problems, StringComparison.Ordinal);
        Assert.Contains("100 文字以内", problems, StringComparison.Ordinal);
        Assert.Contains($"{Seeded} 件中 1〜25 件目", page.QuerySelector("#queue-count")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sort=kana&dir=desc")]
    [InlineData("sort=kana&dir=sideways")]
    public async Task An_old_bookmark_with_dir_sorts_by_its_key_ascending_never_a_server_error(string query)
    {
        var client = await ClientAsync();
        var ascending = Names(await client.GetDocumentAsync("/council/applications?sort=kana"));

        using var response = await client.GetAsync(new Uri("/council/applications?" + query, UriKind.Relative));
        var page = await HtmlClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ascending, Names(page));
        Assert.Equal("ascending", page.QuerySelector("th[aria-sort]")!.GetAttribute("aria-sort"));
    }

    // Each wrong value's own message key is unit-tested (QueueFilterTests); a page past the end needs the count, so it is tested here.
    [Fact]
    public async Task A_page_past_the_end_is_explained_and_the_last_rows_shown()
    {
        var client = await ClientAsync();

        var page = await client.GetDocumentAsync("/council/applications?page=99");

        Assert.Contains("99 ページ目はないため", page.QuerySelector("#queue-problems")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(Rows(page));
    }

    private Task<HttpClient> ClientAsync() => portal.CouncilStaffClientAsync("council.queue", "一覧 確認");

    private static async Task<List<string>> AllNamesAsync(HttpClient client, string query)
    {
        var names = new List<string>();
        for (var page = 1; page <= 2; page++)
        {
            names.AddRange(Names(await client.GetDocumentAsync($"/council/applications?{query}&page={page}")));
        }

        return names;
    }

    private static List<IElement> Rows(IDocument page) => [.. page.QuerySelectorAll("table.queue-table tbody tr")];

    private static List<string> Names(IDocument page) => [.. Rows(page).Select(r => r.QuerySelector(".queue-name")!.TextContent.Trim())];
}
