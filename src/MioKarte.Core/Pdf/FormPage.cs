using SkiaSharp;

namespace MioKarte.Core.Pdf;

/// <summary>Horizontal placement of text inside a box.</summary>
public enum TextAlign
{
    Left,
    Center,
    Right,
}

/// <summary>
/// One page of a form, in points with the origin at the top left. Every method records an
/// operation; <see cref="FormDocument.ToPdf"/> draws them once the font subset is known.
/// </summary>
public sealed class FormPage
{
    public const float A4Width = 595.28f;
    public const float A4Height = 841.89f;

    /// <summary>Hairline for inner rules, the thicker stroke for frames (Japanese forms: 細線・太線).</summary>
    public const float ThinRule = 0.5f;
    public const float ThickRule = 1.2f;

    public static readonly SKColor Ink = new(0x1A, 0x1A, 0x1A);
    public static readonly SKColor LabelShade = new(0xEE, 0xEE, 0xEE);
    public static readonly SKColor Faint = new(0xA0, 0xA0, 0xA0);

    private readonly List<DrawOperation> _operations = [];

    internal FormPage(float width, float height, float margin)
    {
        Width = width;
        Height = height;
        Margin = margin;
    }

    public float Width { get; }

    public float Height { get; }

    public float Margin { get; }

    public float ContentLeft => Margin;

    public float ContentRight => Width - Margin;

    public float ContentWidth => Width - (2 * Margin);

    public float ContentTop => Margin;

    public float ContentBottom => Height - Margin;

    internal IReadOnlyList<DrawOperation> Operations => _operations;

    /// <summary>One line of text with its baseline at <paramref name="baseline"/>.</summary>
    public void Text(float x, float baseline, string text, float size, SKColor? color = null)
    {
        if (text.Length > 0)
        {
            _operations.Add(new TextOperation(x, baseline, FormFont.Printable(text), size, color ?? Ink));
        }
    }

    /// <summary>One line of text placed by its top edge and aligned within <paramref name="width"/>.</summary>
    public void TextAt(float x, float top, float width, string text, float size, TextAlign align = TextAlign.Left, SKColor? color = null)
    {
        text = FormFont.Printable(text);
        var left = Align(x, width, TextLayout.Measure(text, size), align);
        Text(left, top + Ascent(size), text, size, color);
    }

    /// <summary>
    /// Fits <paramref name="text"/> into <paramref name="box"/>: one line at <paramref name="size"/>
    /// if it fits, else one line shrunk down to <paramref name="minSize"/>, else wrapped lines at the
    /// largest size whose lines fit the height. Vertically centred.
    /// </summary>
    public void TextInBox(SKRect box, string text, float size, TextAlign align = TextAlign.Left,
        float minSize = 6.5f, float padding = 4, SKColor? color = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var inner = SKRect.Inflate(box, -padding, -Math.Min(padding, 2));
        var lines = FitLines(FormFont.Printable(text), inner.Width, inner.Height, size, minSize, out var fittedSize);
        var lineHeight = fittedSize * 1.3f;
        var blockHeight = (lines.Count - 1) * lineHeight + LineBoxHeight(fittedSize);
        var top = inner.Top + ((inner.Height - blockHeight) / 2);
        foreach (var line in lines)
        {
            TextAt(inner.Left, top, inner.Width, line, fittedSize, align, color);
            top += lineHeight;
        }
    }

    /// <summary>Wrapped paragraph from <paramref name="top"/>; returns the y below its last line.</summary>
    public float Paragraph(float x, float top, float width, string text, float size, float lineSpacing = 1.5f, SKColor? color = null)
    {
        foreach (var line in TextLayout.Wrap(FormFont.Printable(text), size, width))
        {
            TextAt(x, top, width, line, size, TextAlign.Left, color);
            top += size * lineSpacing;
        }

        return top;
    }

    /// <summary>The form's title, centred, with a double rule beneath as on printed forms.</summary>
    public float Title(float top, string title, float size = 17, string? subtitle = null)
    {
        TextAt(ContentLeft, top, ContentWidth, title, size, TextAlign.Center);
        var y = top + LineBoxHeight(size) + 3;
        if (subtitle is not null)
        {
            TextAt(ContentLeft, y + 1, ContentWidth, subtitle, size * 0.62f, TextAlign.Center);
            y += LineBoxHeight(size * 0.62f) + 3;
        }

        var ruleWidth = Math.Min(ContentWidth, Math.Max(TextLayout.Measure(title, size), subtitle is null ? 0 : TextLayout.Measure(subtitle, size * 0.62f)) + 40);
        var ruleLeft = ContentLeft + ((ContentWidth - ruleWidth) / 2);
        Line(ruleLeft, y + 2, ruleLeft + ruleWidth, y + 2, ThickRule);
        Line(ruleLeft, y + 4.5f, ruleLeft + ruleWidth, y + 4.5f, ThinRule);
        return y + 10;
    }

    public void Line(float x1, float y1, float x2, float y2, float width = ThinRule, SKColor? color = null, bool dashed = false) =>
        _operations.Add(new LineOperation(x1, y1, x2, y2, width, color ?? Ink, dashed));

    public void Rectangle(SKRect rect, float strokeWidth = ThinRule, SKColor? stroke = null, SKColor? fill = null, bool dashed = false) =>
        _operations.Add(new RectangleOperation(rect, strokeWidth, strokeWidth > 0 ? stroke ?? Ink : null, fill, dashed));

    public void Circle(float centerX, float centerY, float radius, float strokeWidth = ThinRule, SKColor? stroke = null, bool dashed = false) =>
        _operations.Add(new CircleOperation(centerX, centerY, radius, strokeWidth, stroke ?? Ink, dashed));

    /// <summary>A ☐/☑ drawn as a square (and a tick), not as font glyphs; returns its right edge.</summary>
    public float Checkbox(float x, float centerY, bool isChecked, float size = 9)
    {
        var box = SKRect.Create(x, centerY - (size / 2), size, size);
        Rectangle(box, 0.7f);
        if (isChecked)
        {
            Line(box.Left + (size * 0.18f), box.Top + (size * 0.52f), box.Left + (size * 0.42f), box.Top + (size * 0.8f), 1.2f);
            Line(box.Left + (size * 0.42f), box.Top + (size * 0.8f), box.Left + (size * 0.86f), box.Top + (size * 0.2f), 1.2f);
        }

        return box.Right;
    }

    /// <summary>Checkbox followed by its label; returns the x after the label.</summary>
    public float CheckboxLabel(float x, float centerY, bool isChecked, string label, float size = 9.5f)
    {
        var right = Checkbox(x, centerY, isChecked, size * 0.95f);
        Text(right + 3, centerY + (size * 0.36f), label, size);
        return right + 3 + TextLayout.Measure(label, size);
    }

    /// <summary>
    /// A seal place (押印欄): a dashed circle with a faint mark to stamp over — 印, or the box's
    /// name (申込者印, 開設者印…), made small enough to stay inside the circle.
    /// </summary>
    public void Seal(float centerX, float centerY, float diameter = 30, string mark = "印")
    {
        ArgumentException.ThrowIfNullOrEmpty(mark);
        Circle(centerX, centerY, diameter / 2, ThinRule, Faint, dashed: true);
        var size = Math.Min(diameter * 0.42f, (diameter - 7) / mark.Length);
        TextAt(centerX - diameter, centerY - (LineBoxHeight(size) / 2), diameter * 2, mark, size, TextAlign.Center, Faint);
    }

    /// <summary>A ruled table whose top edge is at <paramref name="top"/>, full content width by default.</summary>
    public FormTable Table(float top, float? left = null, float? width = null) =>
        new(this, left ?? ContentLeft, top, width ?? ContentWidth);

    /// <summary>Height from the top of a line box to the bottom of its descenders.</summary>
    public static float LineBoxHeight(float size)
    {
        using var font = TextLayout.CreateFont(size);
        var metrics = font.Metrics;
        return metrics.Descent - metrics.Ascent;
    }

    internal void Replay(SKCanvas canvas, SKTypeface typeface)
    {
        using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke };
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var dash = SKPathEffect.CreateDash([2.5f, 2f], 0);
        using var font = TextLayout.CreateFont(typeface, 12);

        void Stroke(float width, SKColor color, bool dashed)
        {
            stroke.StrokeWidth = width;
            stroke.Color = color;
            stroke.PathEffect = dashed ? dash : null;
        }

        foreach (var operation in _operations)
        {
            switch (operation)
            {
                case TextOperation text:
                    font.Size = text.Size;
                    fill.Color = text.Color;
                    canvas.DrawText(text.Text, text.X, text.Baseline, SKTextAlign.Left, font, fill);
                    break;
                case LineOperation line:
                    Stroke(line.Width, line.Color, line.Dashed);
                    canvas.DrawLine(line.X1, line.Y1, line.X2, line.Y2, stroke);
                    break;
                case RectangleOperation rectangle:
                    if (rectangle.Fill is { } fillColor)
                    {
                        fill.Color = fillColor;
                        canvas.DrawRect(rectangle.Rect, fill);
                    }

                    if (rectangle.Stroke is { } strokeColor)
                    {
                        Stroke(rectangle.StrokeWidth, strokeColor, rectangle.Dashed);
                        canvas.DrawRect(rectangle.Rect, stroke);
                    }

                    break;
                case CircleOperation circle:
                    Stroke(circle.StrokeWidth, circle.Stroke, circle.Dashed);
                    canvas.DrawCircle(circle.CenterX, circle.CenterY, circle.Radius, stroke);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown drawing operation {operation.GetType().Name}.");
            }
        }
    }

    private static float Ascent(float size)
    {
        using var font = TextLayout.CreateFont(size);
        return -font.Metrics.Ascent;
    }

    private static float Align(float x, float width, float textWidth, TextAlign align) => align switch
    {
        TextAlign.Left => x,
        TextAlign.Center => x + ((width - textWidth) / 2),
        TextAlign.Right => x + width - textWidth,
    };

    private static IReadOnlyList<string> FitLines(string text, float width, float height, float size, float minSize, out float fittedSize)
    {
        if (!text.Contains('\n', StringComparison.Ordinal))
        {
            for (var s = size; s >= minSize; s -= 0.25f)
            {
                if (TextLayout.Measure(text, s) <= width)
                {
                    fittedSize = s;
                    return [text];
                }
            }
        }

        for (var s = size; s >= minSize; s -= 0.25f)
        {
            var lines = TextLayout.Wrap(text, s, width);
            if (((lines.Count - 1) * s * 1.3f) + LineBoxHeight(s) <= height)
            {
                fittedSize = s;
                return lines;
            }
        }

        // Still too long: wrap at the smallest size and let it run over rather than lose text.
        fittedSize = minSize;
        return TextLayout.Wrap(text, minSize, width);
    }
}

internal abstract record DrawOperation;

internal sealed record TextOperation(float X, float Baseline, string Text, float Size, SKColor Color) : DrawOperation;

internal sealed record LineOperation(float X1, float Y1, float X2, float Y2, float Width, SKColor Color, bool Dashed) : DrawOperation;

internal sealed record RectangleOperation(SKRect Rect, float StrokeWidth, SKColor? Stroke, SKColor? Fill, bool Dashed) : DrawOperation;

internal sealed record CircleOperation(float CenterX, float CenterY, float Radius, float StrokeWidth, SKColor Stroke, bool Dashed) : DrawOperation;
