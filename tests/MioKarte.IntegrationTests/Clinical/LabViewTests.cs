using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Facilities;
using MioKarte.Core.Patients;
using MioKarte.Core.Records;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Clinical;

/// <summary>The lab views through the portal (trend periods, 前回値, report headings) and the compression of its pages.</summary>
public sealed class LabViewTests(RecordPortal portal) : IClassFixture<RecordPortal>
{
    private static int counter;

    /// <summary>A patient at one hospital with AST over six years and a report sent as one text with 【】 headings.</summary>
    private async Task<(FacilityPatient Patient, string UserName)> PatientAsync()
    {
        var n = Interlocked.Increment(ref counter);
        var hospital = await portal.AddDisclosingFacilityAsync($"八王子みなみ総合病院{n}", $"13188000{n:D2}");
        var (viewing, user) = await portal.AddViewingFacilityWithUserAsync($"labviewer{n}", $"13977000{n:D2}");
        var p = $"LV{n:D3}";
        string Ast(string id, string at, string value, string flag) => RecordSamples.Lab(p, id, "3B035000002327201", "AST", at, value, "U/L", flag);
        portal.Center.Add(hospital.InstitutionCode!, p,
            Ast("a1", "2020-01-10T09:00:00+09:00", "18", "N"),
            Ast("a2", "2024-06-03T09:00:00+09:00", "24", "N"),
            Ast("a3", "2026-03-02T09:00:00+09:00", "33", "H"),
            Ast("a4", "2026-09-01T09:00:00+09:00", "29", "N"),
            Ast("a5", "2026-10-13T09:00:00+09:00", "41", "H"),
            Ast("a6", "2026-11-10T09:00:00+09:00", "52", "H"),
            $$"""
            {"resourceType":"DiagnosticReport","id":"{{p}}-rep","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0074","code":"RAD"}]}],
             "code":{"text":"胸部CT 読影レポート"},"subject":{"reference":"Patient/{{p}}"},"effectiveDateTime":"2026-11-06T16:00:00+09:00",
             "conclusion":"【検査】胸部単純CT\n【所見】右肺上葉に8mm大の結節。\n【診断】右肺結節。3か月後に再検を。"}
            """);
        var (patient, _) = await portal.AddLinkedPatientAsync(viewing, "LV" + n, (hospital, p));
        return (patient, user);
    }

    private static IElement Row(IDocument page, string category) =>
        page.QuerySelectorAll("tr").Single(r => r.QuerySelector("th[scope=row]")?.TextContent.Trim() == category);

    [Fact]
    public async Task The_trend_opens_on_a_year_and_its_period_links_work_as_plain_links_with_the_previous_value_beside_the_newest_first_table()
    {
        var (patient, user) = await PatientAsync();
        using var client = await portal.SignedInClientAsync(user);
        var table = await client.GetDocumentAsync($"/patients/{patient.Id}?zoom=month&from=2026-11-01&to=2026-11-30");
        var cell = await client.GetDocumentAsync(Row(table, "検査結果").QuerySelector("a.cell")!.GetAttribute("href")!);

        // November's cell: one day, and 前回値 the October value with its day.
        var cumulative = cell.QuerySelector("#detail .lab-table")!;
        Assert.Equal(["2026/11/10", "前回値"], cumulative.QuerySelectorAll("thead th").Skip(2).Select(th => th.TextContent.Trim()));
        var previous = cumulative.QuerySelector("td.lab-table__previous")!;
        Assert.Equal("41H2026/10/13", previous.TextContent.Trim());
        Assert.Contains("lab-value--high", previous.ClassName, StringComparison.Ordinal);

        // The trend opens on 1年 (the year up to the latest result): 2026/03, 09, 10, 11.
        var trend = await client.GetDocumentAsync(cumulative.QuerySelectorAll("a").Single(a => a.TextContent == "AST").GetAttribute("href")!);
        Assert.Equal(4, trend.QuerySelectorAll("#detail svg.trend circle").Length);
        var periods = trend.QuerySelectorAll("#detail .trend-periods a").ToList();
        Assert.Equal(["3か月", "1年", "5年", "全期間"], periods.Select(a => a.TextContent.Trim()));
        Assert.Equal("true", periods[1].GetAttribute("aria-current"));
        Assert.Contains("2025/11/11〜2026/11/10（4件）", trend.QuerySelector("#detail")!.TextContent, StringComparison.Ordinal);
        // Newest first; the 前回値 of the year is the one before it (2024).
        var days = trend.QuerySelectorAll("#detail .lab-table thead th.lab-table__day").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["2026/11/10", "2026/10/13", "2026/09/01", "2026/03/02"], days);
        Assert.Equal("242024/06/03", trend.QuerySelector("#detail td.lab-table__previous")!.TextContent.Trim());

        // Each period is a plain link (query string, no script needed), keeping the table's state.
        var expected = new Dictionary<string, (string Query, int Points)> { ["3か月"] = ("tp=3m", 3), ["5年"] = ("tp=5y", 5), ["全期間"] = ("tp=all", 6) };
        foreach (var (label, (query, points)) in expected)
        {
            var href = periods.Single(a => a.TextContent.Trim() == label).GetAttribute("href")!;
            Assert.Contains(query, href, StringComparison.Ordinal);
            Assert.Contains("zoom=month", href, StringComparison.Ordinal);
            var page = await client.GetDocumentAsync(href);
            Assert.Equal(points, page.QuerySelectorAll("#detail svg.trend circle").Length);
            Assert.Equal(label, page.QuerySelector("#detail .trend-periods a[aria-current=true]")!.TextContent.Trim());
        }

        // Leaving the trend drops its period from the links.
        var all = await client.GetDocumentAsync(periods.Single(a => a.TextContent.Trim() == "全期間").GetAttribute("href")!);
        Assert.DoesNotContain("tp=", all.QuerySelector(".record-detail__close")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_sent_as_one_text_shows_its_findings_and_diagnosis_under_their_own_headings()
    {
        var (patient, user) = await PatientAsync();
        using var client = await portal.SignedInClientAsync(user);
        var table = await client.GetDocumentAsync($"/patients/{patient.Id}?zoom=month&from=2026-11-01&to=2026-11-30");

        var reports = await client.GetDocumentAsync(Row(table, "読影レポート").QuerySelector("a.cell")!.GetAttribute("href")!);
        var report = await client.GetDocumentAsync(reports.QuerySelector(".record-items__link")!.GetAttribute("href")!);
        var sections = report.QuerySelectorAll("#detail .report__section").Select(s => (s.QuerySelector("h3")!.TextContent, s.QuerySelector("p")!.TextContent)).ToList();
        Assert.Equal(
            [("検査", "胸部単純CT"), ("所見", "右肺上葉に8mm大の結節。"), ("診断", "右肺結節。3か月後に再検を。")],
            sections);
    }

    [Fact]
    public async Task Pages_and_static_files_are_compressed_for_a_browser_that_accepts_brotli_or_gzip_and_answers_to_posts_are_not()
    {
        var (patient, user) = await PatientAsync();
        using var client = await portal.SignedInClientAsync(user);
        var path = $"/patients/{patient.Id}";

        var plain = await GetAsync(client, path, null);
        var brotli = await GetAsync(client, path, "br");
        var gzip = await GetAsync(client, path, "gzip, deflate");
        var css = await GetAsync(client, "/css/record.css", "br");

        Assert.Empty(plain.Encoding);
        Assert.Equal(["br"], brotli.Encoding);
        Assert.Equal(["gzip"], gzip.Encoding);
        Assert.Equal(["br"], css.Encoding);
        Assert.Contains("Accept-Encoding", brotli.Vary);
        Assert.Contains("class=\"record\"", Decode(brotli), StringComparison.Ordinal);
        Assert.Contains("class=\"record\"", Decode(gzip), StringComparison.Ordinal);
        Assert.True(brotli.Bytes.Length * 3 < plain.Bytes.Length, $"{brotli.Bytes.Length} bytes compressed of {plain.Bytes.Length}");

        // A form answered to a POST (here a failed sign-in: what was typed, next to a fresh token) goes uncompressed.
        using var anonymous = portal.CreatePortalClient();
        var login = await anonymous.GetDocumentAsync("/account/login");
        anonymous.DefaultRequestHeaders.AcceptEncoding.ParseAdd("br");
        using var failed = await anonymous.SubmitAsync(login.Form("/account/login"), new Dictionary<string, string> { ["UserName"] = user, ["Password"] = "wrong-password-1" });
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Empty(failed.Content.Headers.ContentEncoding);
        Assert.Contains("<form", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed record Answer(byte[] Bytes, ICollection<string> Encoding, ICollection<string> Vary);

    private static async Task<Answer> GetAsync(HttpClient client, string path, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(acceptEncoding);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Answer(await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentEncoding.ToList(), response.Headers.Vary.ToList());
    }

    private static string Decode(Answer answer)
    {
        using var input = new MemoryStream(answer.Bytes);
        using Stream decoder = answer.Encoding.Single() == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(decoder, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

/// <summary>A freshly started portal warms its record path before /health/ready says ready.</summary>
public sealed class RecordPathWarmUpTests
{
    [Fact]
    public async Task The_portal_is_live_at_once_and_ready_once_the_record_path_has_been_warmed_up()
    {
        await using var portal = new PortalFactory { Settings = new Dictionary<string, string?> { ["Records:WarmUpLabResults"] = "2000" } };
        using var client = portal.CreatePortalClient();
        using (var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        var warmUp = portal.Services.GetRequiredService<RecordPathWarmUpService>();
        await warmUp.Done.WaitAsync(TimeSpan.FromSeconds(60));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("Record path warmed up with 2000 made-up lab results", await portal.ReadLogsOnceTheyContainAsync("Record path warmed up"), StringComparison.Ordinal);
        // Pass after pass, so the runtime has counted the calls and recompiled the hot code before ready.
        Assert.InRange(warmUp.Passes, RecordPathWarmUpService.MinPasses, RecordPathWarmUpService.MaxPasses);
    }
}
