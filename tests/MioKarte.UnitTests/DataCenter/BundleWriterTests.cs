using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

using MioKarte.DataCenter.Fhir;

namespace MioKarte.UnitTests.DataCenter;

public sealed class BundleWriterTests
{
    [Fact]
    public async Task A_searchset_is_written_in_pieces_with_each_stored_resource_copied_as_it_is()
    {
        // Enough entries that the writer hands its bytes on many times before the end (it flushes every 32 KB).
        var entries = Enumerable.Range(0, 2000).Select(i => new BundleWriter.Entry(
            $"https://center.example/fhir/Observation/o{i}",
            Encoding.UTF8.GetBytes($$"""{"resourceType":"Observation","id":"o{{i}}","code":{"text":"ＡＳＴ（ＧＯＴ）・肝機能 {{i}}"},"note":[{"text":"\"引用\" と \\ 記号"}]}"""))).ToList();
        var bundle = new BundleWriter.SearchSet(
            "b1", new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(9)), 1234, "https://center.example/fhir/Observation?patient=Patient/p1",
            "https://center.example/fhir/Observation?patient=Patient/p1&_cursor=5.6", entries);
        var pipe = new Pipe();
        var flushes = 0;
        var reading = Task.Run(async () =>
        {
            using var body = new MemoryStream();
            while (true)
            {
                var read = await pipe.Reader.ReadAsync();
                flushes++;
                foreach (var segment in read.Buffer)
                {
                    body.Write(segment.Span);
                }

                pipe.Reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    return body.ToArray();
                }
            }
        });

        await bundle.WriteAsync(pipe.Writer, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        using var json = JsonDocument.Parse(await reading);

        var root = json.RootElement;
        Assert.Equal("Bundle", root.GetProperty("resourceType").GetString());
        Assert.Equal("searchset", root.GetProperty("type").GetString());
        Assert.Equal(1234, root.GetProperty("total").GetInt64());
        Assert.Equal("https://center.example/fhir/Observation?patient=Patient/p1&_cursor=5.6",
            root.GetProperty("link").EnumerateArray().Single(l => l.GetProperty("relation").GetString() == "next").GetProperty("url").GetString());
        var written = root.GetProperty("entry").EnumerateArray().ToList();
        Assert.Equal(2000, written.Count);
        Assert.Equal("ＡＳＴ（ＧＯＴ）・肝機能 1999", written[1999].GetProperty("resource").GetProperty("code").GetProperty("text").GetString());
        Assert.Equal("\"引用\" と \\ 記号", written[7].GetProperty("resource").GetProperty("note")[0].GetProperty("text").GetString());
        Assert.Equal("match", written[0].GetProperty("search").GetProperty("mode").GetString());
        Assert.True(flushes > 3, $"{flushes} reads: the Bundle was not sent in pieces");
    }

    [Fact]
    public async Task A_page_without_count_or_next_omits_both()
    {
        var bundle = new BundleWriter.SearchSet("b2", DateTimeOffset.UnixEpoch, null, "https://center.example/fhir/Observation?_cursor=1.2", null, []);
        var pipe = new Pipe();
        await bundle.WriteAsync(pipe.Writer, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        var read = await pipe.Reader.ReadAtLeastAsync(int.MaxValue);
        using var json = JsonDocument.Parse(read.Buffer);

        Assert.False(json.RootElement.TryGetProperty("total", out _));
        Assert.Single(json.RootElement.GetProperty("link").EnumerateArray());
        Assert.Empty(json.RootElement.GetProperty("entry").EnumerateArray());
    }
}
