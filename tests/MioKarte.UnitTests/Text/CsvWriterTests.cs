using System.Text;
using MioKarte.Core.Text;

namespace MioKarte.UnitTests.Text;

public sealed class CsvWriterTests
{
    [Fact]
    public void A_file_starts_with_the_UTF8_byte_order_mark_and_ends_every_row_with_CRLF()
    {
        var bytes = CsvWriter.ToBytes([["施設コード", "施設名"], ["V00001", "南多摩クリニック"]]);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Equal("施設コード,施設名\r\nV00001,南多摩クリニック\r\n", text);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("line1\r\nline2", "\"line1\r\nline2\"")]
    [InlineData(" spaced ", " spaced ")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Cells_are_quoted_as_RFC_4180_only_when_they_must_be(string? value, string expected)
    {
        Assert.Equal(expected, CsvWriter.Cell(value));
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+81 42 000", "'+81 42 000")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=cmd", "'\t=cmd")]
    [InlineData("\r=cmd", "\"'\r=cmd\"")]
    [InlineData("=HYPERLINK(\"http://x\",\"a\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\"")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_an_apostrophe(string value, string expected)
    {
        Assert.Equal(expected, CsvWriter.Cell(value));
    }

    [Theory]
    [InlineData("042-600-0001")]
    [InlineData("a=b")]
    [InlineData("ー長音")]
    [InlineData("－全角マイナス")]
    public void Only_the_first_character_decides_the_guard(string value)
    {
        Assert.Equal(value, CsvWriter.Cell(value));
    }

    [Fact]
    public void Japanese_text_with_commas_quotes_and_newlines_reads_back_unchanged()
    {
        string[][] rows =
        [
            ["施設名", "所在地", "理由"],
            ["医療法人社団　永生会「南多摩病院」", "東京都八王子市散田町3-10-1", "利用料の未納（2か月）、\r\n督促済み"],
            ["ｶﾀｶﾅ・㈱・髙橋・𠮷野家", "\"引用\"を含む", ""],
        ];

        var bytes = CsvWriter.ToBytes(rows);

        Assert.Equal(rows, Parse(bytes));
    }

    [Fact]
    public async Task Streaming_row_by_row_writes_the_same_bytes_as_building_in_memory()
    {
        string[][] rows = [["コード", "名前"], ["D00001", "南多摩総合病院, 本院"], ["=危険", "改行\nあり"]];
        using var stream = new MemoryStream();

        await using (var writer = await CsvWriter.StartAsync(stream))
        {
            foreach (var row in rows)
            {
                await writer.WriteRowAsync(row);
            }
        }

        Assert.Equal(CsvWriter.ToBytes(rows), stream.ToArray());
        Assert.True(stream.CanWrite, "the writer leaves the stream open for its owner");
    }

    /// <summary>A strict RFC 4180 reader: what Excel or any other program would read back.</summary>
    private static List<string[]> Parse(byte[] bytes)
    {
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = new UTF8Encoding(false, true).GetString(bytes, 3, bytes.Length - 3);
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        cell.Append(text[i++]);
                    }
                }
            }
            else if (text[i] == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
                i++;
            }
            else if (text[i] == '\r')
            {
                Assert.Equal('\n', text[i + 1]);
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i += 2;
            }
            else
            {
                Assert.NotEqual('\n', text[i]);
                cell.Append(text[i++]);
            }
        }

        Assert.Empty(row);
        return rows;
    }
}
