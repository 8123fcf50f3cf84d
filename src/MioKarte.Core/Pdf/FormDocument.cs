using SkiaSharp;

namespace MioKarte.Core.Pdf;

/// <summary>
/// A printable document of A4 pages. Pages are first recorded as simple drawing operations, so the
/// font can be subset to exactly the characters used before anything reaches Skia's PDF backend.
/// </summary>
/// <example>
/// <code>
/// var document = new FormDocument("同意書");
/// var page = document.AddPage();
/// page.Title("同意書");
/// var table = page.Table(page.ContentTop + 40);
/// table.Row(24, FormCell.Label("患者氏名", 90), FormCell.Value(name));
/// table.Close();
/// byte[] pdf = document.ToPdf();
/// </code>
/// </example>
public sealed class FormDocument
{
    private readonly List<FormPage> _pages = [];

    public FormDocument(string title, string? subject = null)
    {
        Title = title;
        Subject = subject;
    }

    public string Title { get; }

    public string? Subject { get; }

    /// <summary>The pages so far, for what every page repeats (a running head, the page number).</summary>
    public IReadOnlyList<FormPage> Pages => _pages;

    /// <summary>Adds an A4 portrait page (595 × 842 pt) with the default 36 pt margins.</summary>
    public FormPage AddPage()
    {
        var page = new FormPage(FormPage.A4Width, FormPage.A4Height, margin: 36);
        _pages.Add(page);
        return page;
    }

    /// <summary>Writes the PDF: subsets the font to the recorded text, then replays every page.</summary>
    public byte[] ToPdf()
    {
        if (_pages.Count == 0)
        {
            throw new InvalidOperationException("A PDF needs at least one page.");
        }

        // Only drawn text needs glyphs: the metadata (title, author) is written as UTF-16 strings.
        var allText = _pages.SelectMany(p => p.Operations).OfType<TextOperation>().Select(t => t.Text);
        var subset = FormFont.SubsetFor(allText);

        using var data = SKData.CreateCopy(subset);
        using var typeface = SKTypeface.FromData(data)
            ?? throw new InvalidOperationException("Skia could not load the subset font.");
        using var stream = new MemoryStream();
        var created = DateTime.Now;
        var metadata = new SKDocumentPdfMetadata
        {
            Title = Title,
            Subject = Subject ?? Title,
            Author = "地域医療連携システム MIO Karte",
            Creator = "MIO Karte",
            Producer = "MIO Karte (SkiaSharp)",
            Creation = created,
            Modified = created,
        };

        using (var wStream = new SKManagedWStream(stream))
        using (var document = SKDocument.CreatePdf(wStream, metadata))
        {
            foreach (var page in _pages)
            {
                var canvas = document.BeginPage(page.Width, page.Height);
                page.Replay(canvas, typeface);
                document.EndPage();
            }

            document.Close();
        }

        return stream.ToArray();
    }
}
