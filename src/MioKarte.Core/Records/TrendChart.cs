using System.Globalization;
using System.Text;

namespace MioKarte.Core.Records;

/// <summary>A date on the trend's time axis: its label, and the year under it where the year starts or changes.</summary>
public sealed record TrendTick(DateOnly Day, string Label, string? Year);

/// <summary>A trend chart laid out for SVG: a polyline, points, the reference band and axis labels.</summary>
public sealed record TrendChart(
    int Width,
    int Height,
    int Left,
    string PolylinePoints,
    IReadOnlyList<(float X, float Y, TrendPoint Point)> Points,
    (float Top, float Bottom)? ReferenceBand,
    IReadOnlyList<(float Y, string Label)> YTicks,
    IReadOnlyList<(float X, TrendTick Tick)> XTicks)
{
    public const int Right = 20;
    public const int Top = 12;
    public const int Bottom = 40;
    public const int FontSize = 13;

    // The most date labels an axis gets, however wide: more are not read, only counted.
    private const int MaxDateTicks = 7;

    /// <summary>
    /// Lays out <paramref name="points"/> (oldest first) over <paramref name="from"/>–<paramref name="to"/>
    /// (the chosen period; the points' own span when not given); the reference range "low-high"
    /// draws a band when it parses. The default size keeps 13-unit text at 10–16 px in the detail
    /// pane's widths (iPad landscape to PC) since the SVG scales to the pane.
    /// </summary>
    public static TrendChart Layout(IReadOnlyList<TrendPoint> points, string? referenceRange, DateOnly? from = null, DateOnly? to = null, int width = 440, int height = 220)
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
            max += Math.Max(1, Math.Abs(max) * 0.1m);
            min -= Math.Max(1, Math.Abs(min) * 0.1m);
        }

        var pad = (max - min) * 0.08m;
        var (yMin, yMax, yStep) = NiceScale(min - pad, max + pad);
        var yLabels = new List<(decimal Value, string Label)>();
        var decimals = Decimals(yStep);
        for (var v = yMin; v <= yMax + (yStep / 2); v += yStep)
        {
            yLabels.Add((v, v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)));
        }

        // Room for the widest value label (a digit is about 0.6 em), so none is clipped at the left.
        var left = Math.Max(40, 12 + (int)Math.Ceiling(yLabels.Max(t => t.Label.Length) * FontSize * 0.62));
        var plotW = width - left - Right;
        var plotH = height - Top - Bottom;
        var first = from ?? (points.Count == 0 ? DateOnly.MinValue : points[0].Day);
        var last = to ?? (points.Count == 0 ? first : points[^1].Day);
        var span = Math.Max(1, last.DayNumber - first.DayNumber);
        var single = first == last;
        float X(DateOnly day) => single ? left + (plotW / 2f) : left + ((float)(day.DayNumber - first.DayNumber) / span * plotW);
        float Y(decimal v) => Top + ((float)((yMax - v) / (yMax - yMin)) * plotH);

        var laid = points.Select(p => (X(p.Day), Y(p.Value), p)).ToList();
        var polyline = new StringBuilder();
        foreach (var (x, y, _) in laid)
        {
            polyline.Append(F(x)).Append(',').Append(F(y)).Append(' ');
        }

        (float, float)? band = low is not null || high is not null ? (Y(Math.Min(high ?? yMax, yMax)), Y(Math.Max(low ?? yMin, yMin))) : null;
        var yTicks = yLabels.Select(t => (Y(t.Value), t.Label)).ToList();
        var xTicks = points.Count == 0 ? [] : DateTicks(first, last, plotW).Select(t => (X(t.Day), t)).ToList();
        return new TrendChart(width, height, left, polyline.ToString().TrimEnd(), laid, band, yTicks, xTicks);
    }

    /// <summary>
    /// Date labels for the axis from <paramref name="first"/> to <paramref name="last"/>: the finest of
    /// days, weeks, two weeks, 1/2/3/6 months, 1/2/5/10/20 years whose labels fit
    /// <paramref name="plotWidth"/> without touching (and no more than seven), on calendar boundaries
    /// (Mondays, the 1st of a month, 1 January) so they read as dates, not as sample points.
    /// </summary>
    public static IReadOnlyList<TrendTick> DateTicks(DateOnly first, DateOnly last, float plotWidth)
    {
        if (last <= first)
        {
            return [new TrendTick(first, Day(first), Year(first))];
        }

        foreach (var (kind, step) in Steps)
        {
            // The widest label of the kind plus a gap: "12/31" 5 digits, "12月" 2 digits and a kanji, "2026" 4 digits.
            var spacing = kind switch { 'd' => 5, 'm' => 4, _ => 4 } * FontSize * 0.62f + 14;
            var fits = Math.Min(MaxDateTicks, Math.Max(2, (int)(plotWidth / spacing)));
            var days = TickDays(kind, step, first, last).ToList();
            if (days.Count <= fits)
            {
                var ticks = new List<TrendTick>(days.Count);
                foreach (var (day, i) in days.Select((d, i) => (d, i)))
                {
                    var label = kind switch { 'd' => Day(day), 'm' => day.Month.ToString(CultureInfo.InvariantCulture) + "月", _ => Year(day) };
                    var yearLine = kind == 'y' || (i > 0 && days[i - 1].Year == day.Year) ? null : Year(day);
                    ticks.Add(new TrendTick(day, label, yearLine));
                }

                return ticks;
            }
        }

        return [];
    }

    private static readonly (char Kind, int Step)[] Steps =
        [('d', 1), ('d', 7), ('d', 14), ('m', 1), ('m', 2), ('m', 3), ('m', 6), ('y', 1), ('y', 2), ('y', 5), ('y', 10), ('y', 20), ('y', 50), ('y', 100)];

    private static IEnumerable<DateOnly> TickDays(char kind, int step, DateOnly first, DateOnly last)
    {
        var day = kind switch
        {
            'd' when step == 1 => first,
            'd' => first.AddDays(((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7), // the first Monday
            'm' => new DateOnly(first.Year, first.Month, 1),
            _ => new DateOnly(first.Year, 1, 1),
        };
        while (day <= last)
        {
            var onStep = kind switch
            {
                'm' => (day.Month - 1) % step == 0,
                'y' => day.Year % step == 0,
                _ => true,
            };
            if (day >= first && onStep)
            {
                yield return day;
            }

            day = kind switch
            {
                'd' => day.AddDays(step),
                'm' => day.AddMonths(1),
                _ => day.AddYears(1),
            };
        }
    }

    private static string Day(DateOnly day) => day.ToString("M/d", CultureInfo.InvariantCulture);

    private static string Year(DateOnly day) => day.Year.ToString(CultureInfo.InvariantCulture);

    /// <summary>Round axis bounds and a step of 1, 2, 2.5 or 5 × 10ⁿ, about four steps over the values.</summary>
    private static (decimal Min, decimal Max, decimal Step) NiceScale(decimal min, decimal max)
    {
        var raw = (double)(max - min) / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = (decimal)(new[] { 1, 2, 2.5, 5, 10 }.First(f => f * magnitude >= raw) * magnitude);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    private static int Decimals(decimal step)
    {
        var decimals = 0;
        while (decimal.Round(step, decimals) != step && decimals < 6)
        {
            decimals++;
        }

        return decimals;
    }

    /// <summary>
    /// The chart as SVG markup: presentation attributes only (no style, no script, so the CSP allows
    /// it inline and it prints as drawn); every text is encoded.
    /// </summary>
    public string ToSvg(string title)
    {
        var svg = new StringBuilder();
        var plotBottom = Height - Bottom;
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"trend\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        if (ReferenceBand is { } band)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"trend__band\" x=\"{Left}\" y=\"{F(band.Top)}\" width=\"{Width - Left - Right}\" height=\"{F(Math.Max(0, band.Bottom - band.Top))}\" fill=\"#e3f3e8\"/>");
        }

        foreach (var (y, label) in YTicks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#d5dde6\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\" font-size=\"{FontSize}\" fill=\"#4a5665\">{Encode(label)}</text>");
        }

        foreach (var (x, tick) in XTicks)
        {
            // A label that would run past the right edge is set flush right instead of being cut off,
            // one that would reach under the value labels left of the plot starts at its tick.
            var halfWidth = Math.Max(tick.Label.Length, tick.Year?.Length ?? 0) * FontSize * 0.35f;
            var (anchor, at) = x + halfWidth > Width - 2 ? ("end", Width - 2f) : x - halfWidth < Left - 4 ? ("start", x) : ("middle", x);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{Top}\" y2=\"{plotBottom + 4}\" stroke=\"#e6ebf0\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(at)}\" y=\"{plotBottom + 17}\" text-anchor=\"{anchor}\" font-size=\"{FontSize}\" fill=\"#4a5665\">{Encode(tick.Label)}</text>");
            if (tick.Year is { } year)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(at)}\" y=\"{plotBottom + 32}\" text-anchor=\"{anchor}\" font-size=\"{FontSize}\" fill=\"#4a5665\">{Encode(year)}</text>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{plotBottom}\" y2=\"{plotBottom}\" stroke=\"#8a96a3\" stroke-width=\"1\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{PolylinePoints}\" fill=\"none\" stroke=\"#0b5c8c\" stroke-width=\"2\"/>");
        foreach (var (x, y, point) in Points)
        {
            var (colour, radius) = point.Flag switch
            {
                Gateway.AbnormalFlag.None => ("#0b5c8c", "3"),
                Gateway.AbnormalFlag.High => ("#b3261e", "4.5"),
                Gateway.AbnormalFlag.Low => ("#1f5fbf", "4.5"),
                Gateway.AbnormalFlag.Abnormal => ("#8a5a00", "4.5"),
            };
            var tip = $"{point.Day:yyyy/MM/dd} {ClinicalNumber.Lab(point.Value)} {LabCumulative.Mark(point.Flag)} ({point.FacilityName})";
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
