using System.Text;

namespace MioKarte.Core.Text;

/// <summary>
/// CSV that Japanese Excel opens correctly by double-click: UTF-8 with a byte-order mark (without
/// it Excel reads Shift_JIS and the Japanese turns to mojibake), CRLF line ends, and RFC 4180
/// quoting (a cell holding a comma, a double quote, CR or LF is quoted, its quotes doubled).
/// </summary>
/// <remarks>
/// CSV/formula injection: a spreadsheet runs a cell that starts with <c>=</c>, <c>+</c>,
/// <c>-</c> or <c>@</c> (and tab or CR, which some programs skip before those) as a formula. Cells
/// come from what applicants and staff typed, so every such cell is written with a leading
/// apostrophe, which makes the spreadsheet show it as text. The apostrophe is part of the cell:
/// a program reading the file back sees it.
/// Use <see cref="ToBytes"/> for a small file built in memory, or <see cref="StartAsync"/> to
/// stream a long one (an access log) to a response body row by row.
/// </remarks>
public sealed class CsvWriter : IAsyncDisposable
{
    /// <summary>The media type to send a file of this writer with.</summary>
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding Utf8WithoutMark = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly StreamWriter writer;

    private CsvWriter(StreamWriter writer) => this.writer = writer;

    /// <summary>Writes the byte-order mark to <paramref name="stream"/> and returns a writer for its rows. The stream stays open.</summary>
    public static async Task<CsvWriter> StartAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await stream.WriteAsync(ByteOrderMark, cancellationToken);
        return new CsvWriter(new StreamWriter(stream, Utf8WithoutMark, bufferSize: 16 * 1024, leaveOpen: true));
    }

    /// <summary>Writes one row (the header or a record).</summary>
    public async Task WriteRowAsync(IEnumerable<string?> cells, CancellationToken cancellationToken = default) =>
        await writer.WriteAsync(FormatRow(cells).AsMemory(), cancellationToken);

    /// <summary>Flushes what is buffered; the stream itself stays open.</summary>
    public async ValueTask DisposeAsync() => await writer.DisposeAsync();

    /// <summary>A whole CSV file in memory: byte-order mark, then each row ending in CRLF.</summary>
    public static byte[] ToBytes(IEnumerable<IEnumerable<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(FormatRow(row));
        }

        var body = text.ToString();
        var bytes = new byte[ByteOrderMark.Length + Utf8WithoutMark.GetByteCount(body)];
        ByteOrderMark.CopyTo(bytes, 0);
        Utf8WithoutMark.GetBytes(body, 0, body.Length, bytes, ByteOrderMark.Length);
        return bytes;
    }

    /// <summary>One row: the cells, each made safe by <see cref="Cell"/>, joined by commas, ending in CRLF.</summary>
    public static string FormatRow(IEnumerable<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return string.Join(',', cells.Select(Cell)) + "\r\n";
    }

    /// <summary>One cell as written to the file: guarded against formula injection, then quoted when needed. Null is an empty cell.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
