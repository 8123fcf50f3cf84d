using System.Globalization;
using System.Text;

namespace MioKarte.Core.Records;

/// <summary>A trend chart laid out for SVG: a polyline, points, the reference band and axis labels.</summary>
public sealed record TrendChart(
    int Width,
    int Height,
    string PolylinePoints,
    IReadOnlyList<(float X, float Y, TrendPoint Point)> Points,
    (float Top, float Bottom)? ReferenceBand,
    IReadOnlyList<(float Y, string Label)> YTicks,
    IReadOnlyList<(float X, string Label)> XTicks)
{
    public const int Left = 56;
    public const int Right = 16;
    public const int Top = 12;
    public const int Bottom = 28;

    /// <summary>Lays out <paramref name="points"/> (oldest first); the reference range "low-high" draws a band when it parses.</summary>
    public static TrendChart Layout(IReadOnlyList<TrendPoint> points, string? referenceRange, int width = 640, int height = 220)
    {
        ArgumentNullException.ThrowIfNull(points);
        var (low, high) = ParseRange(referenceRange);
        var values = points.Select(p => p.Value).ToList();
        if (low is { } l)
        {
            values.Add(l);
        }

        if (high is { } h)
        {
            values.Add(h);
        }

        var min = values.Count == 0 ? 0 : values.Min();
        var max = values.Count == 0 ? 1 : values.Max();
        if (max == min)
        {
            max += 1;
            min -= 1;
        }

        var pad = (max - min) * 0.1m;
        min -= pad;
        max += pad;
        var plotW = width - Left - Right;
        var plotH = height - Top - Bottom;
        var first = points.Count == 0 ? 0 : points[0].Day.DayNumber;
        var last = points.Count == 0 ? 1 : Math.Max(points[^1].Day.DayNumber, first + 1);
        float X(DateOnly day) => points.Count == 1 ? Left + (plotW / 2f) : Left + (float)(day.DayNumber - first) / (last - first) * plotW;
        float Y(decimal v) => Top + (float)((max - v) / (max - min)) * plotH;

        var laid = points.Select(p => (X(p.Day), Y(p.Value), p)).ToList();
        var polyline = new StringBuilder();
        foreach (var (x, y, _) in laid)
        {
            polyline.Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(',').Append(y.ToString("0.#", CultureInfo.InvariantCulture)).Append(' ');
        }

        (float, float)? band = low is not null || high is not null ? (Y(high ?? max), Y(low ?? min)) : null;
        var yTicks = Enumerable.Range(0, 5)
            .Select(i => min + ((max - min) * i / 4))
            .Select(v => (Y(v), v.ToString(Math.Abs(max - min) < 10 ? "0.##" : "0", CultureInfo.InvariantCulture)))
            .ToList();
        var xTicks = new List<(float, string)>();
        if (points.Count > 0)
        {
            var step = Math.Max(1, points.Count / 5);
            for (var i = 0; i < points.Count; i += step)
            {
                xTicks.Add((laid[i].Item1, points[i].Day.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)));
            }
        }

        return new TrendChart(width, height, polyline.ToString().TrimEnd(), laid, band, yTicks, xTicks);
    }

    /// <summary>
    /// The chart as SVG markup: presentation attributes only (no style, no script, so the CSP allows
    /// it inline and it prints as drawn); every text is encoded.
    /// </summary>
    public string ToSvg(string title)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"trend\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        if (ReferenceBand is { } band)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"trend__band\" x=\"{Left}\" y=\"{F(band.Top)}\" width=\"{Width - Left - Right}\" height=\"{F(Math.Max(0, band.Bottom - band.Top))}\" fill=\"#e3f3e8\"/>");
        }

        foreach (var (y, label) in YTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#d5dde6\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\" font-size=\"11\" fill=\"#4a5665\">{Encode(label)}</text>");
        }

        foreach (var (x, label) in XTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{Height - 8}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a5665\">{Encode(label)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{PolylinePoints}\" fill=\"none\" stroke=\"#0b5c8c\" stroke-width=\"2\"/>");
        foreach (var (x, y, point) in Points)
        {
            var (colour, radius) = point.Flag switch
            {
                DataCenter.AbnormalFlag.None => ("#0b5c8c", "3"),
                DataCenter.AbnormalFlag.High => ("#b3261e", "4.5"),
                DataCenter.AbnormalFlag.Low => ("#1f5fbf", "4.5"),
                DataCenter.AbnormalFlag.Abnormal => ("#8a5a00", "4.5"),
            };
            var tip = $"{point.Day:yyyy/MM/dd} {point.Value.ToString(CultureInfo.InvariantCulture)} {LabCumulative.Mark(point.Flag)} ({point.FacilityName})";
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"trend__point\" cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"{radius}\" fill=\"{colour}\"><title>{Encode(tip)}</title></circle>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string F(float value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    /// <summary>"13-30", "0.65～1.07", "≤0.14"-like ranges → (low, high) when numbers can be read.</summary>
    public static (decimal? Low, decimal? High) ParseRange(string? range)
    {
        if (string.IsNullOrWhiteSpace(range))
        {
            return (null, null);
        }

        var parts = range.Replace('～', '-').Replace('〜', '-').Replace('~', '-').Split('-', 2, StringSplitOptions.TrimEntries);
        static decimal? Read(string s) => decimal.TryParse(new string(s.Where(c => char.IsAsciiDigit(c) || c == '.').ToArray()), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;
        return parts.Length == 2 ? (parts[0].Length == 0 ? null : Read(parts[0]), parts[1].Length == 0 ? null : Read(parts[1])) : (null, null);
    }
}
