using SkiaSharp;

namespace MioKarte.Core.Pdf;

/// <summary>
/// One cell of a <see cref="FormTable"/> row: a shaded label (項目名), a value (記入欄), or a cell
/// drawn by custom code (checkbox lists, seal places). A width of 0 takes the rest of the row.
/// </summary>
public sealed record FormCell
{
    public string Text { get; init; } = string.Empty;

    public float Width { get; init; }

    public bool IsLabel { get; init; }

    public float Size { get; init; } = 10;

    public TextAlign Align { get; init; } = TextAlign.Left;

    /// <summary>Draws the cell's content instead of <see cref="Text"/>; receives the cell's box.</summary>
    public Action<FormPage, SKRect>? Draw { get; init; }

    /// <summary>A shaded, centred label cell.</summary>
    public static FormCell Label(string text, float width, float size = 9) =>
        new() { Text = text, Width = width, IsLabel = true, Size = size, Align = TextAlign.Center };

    /// <summary>A value cell, shrunk or wrapped to fit.</summary>
    public static FormCell Value(string text, float width = 0, float size = 10.5f, TextAlign align = TextAlign.Left) =>
        new() { Text = text, Width = width, Size = size, Align = align };

    /// <summary>A cell whose content is drawn by <paramref name="draw"/>.</summary>
    public static FormCell Custom(Action<FormPage, SKRect> draw, float width = 0) =>
        new() { Draw = draw, Width = width };
}

/// <summary>
/// A ruled table built row by row downwards: thin inner rules, a thick outer frame drawn by
/// <see cref="Close"/>, as on printed Japanese application forms.
/// </summary>
public sealed class FormTable
{
    private readonly FormPage _page;
    private readonly float _top;

    internal FormTable(FormPage page, float left, float top, float width)
    {
        _page = page;
        Left = left;
        _top = top;
        Width = width;
        Bottom = top;
    }

    public float Left { get; }

    public float Width { get; }

    /// <summary>The y of the last row's bottom edge.</summary>
    public float Bottom { get; private set; }

    /// <summary>Adds a row of <paramref name="height"/> points; returns the table for chaining.</summary>
    public FormTable Row(float height, params FormCell[] cells)
    {
        var fixedWidth = cells.Sum(c => c.Width);
        var flexible = cells.Count(c => c.Width <= 0);
        var flexibleWidth = flexible == 0 ? 0 : Math.Max(0, Width - fixedWidth) / flexible;

        var x = Left;
        foreach (var cell in cells)
        {
            var width = cell.Width > 0 ? cell.Width : flexibleWidth;
            var box = new SKRect(x, Bottom, x + width, Bottom + height);
            _page.Rectangle(box, FormPage.ThinRule, fill: cell.IsLabel ? FormPage.LabelShade : null);
            if (cell.Draw is not null)
            {
                cell.Draw(_page, box);
            }
            else
            {
                _page.TextInBox(box, cell.Text, cell.Size, cell.Align, minSize: cell.IsLabel ? 6 : 6.5f);
            }

            x += width;
        }

        Bottom += height;
        return this;
    }

    /// <summary>A full-width section heading row (e.g. 申込者), shaded darker than labels.</summary>
    public FormTable Section(string title, float height = 17)
    {
        var box = new SKRect(Left, Bottom, Left + Width, Bottom + height);
        _page.Rectangle(box, FormPage.ThinRule, fill: new SKColor(0xD9, 0xD9, 0xD9));
        _page.TextInBox(box, "■ " + title, 9.5f, TextAlign.Left, padding: 6);
        Bottom += height;
        return this;
    }

    /// <summary>Draws the thick outer frame; returns the table's bottom edge.</summary>
    public float Close()
    {
        _page.Rectangle(new SKRect(Left, _top, Left + Width, Bottom), FormPage.ThickRule);
        return Bottom;
    }
}
