using System.Diagnostics;
using System.Globalization;

namespace MioKarte.UnitTests.Pdf;

/// <summary>Debian poppler-utils, as an independent reader of the PDFs we write.</summary>
internal static class Poppler
{
    /// <summary>Text of the PDF as <c>pdftotext -layout</c> extracts it (what a user copies).</summary>
    public static string ExtractText(byte[] pdf) => WithFile(pdf, path => Run("pdftotext", "-layout", "-enc", "UTF-8", path, "-"));

    /// <summary>
    /// Text in poppler's reading order (<c>pdftotext</c> without <c>-layout</c>): a paragraph wrapped
    /// inside a box comes out as one run of lines instead of interleaved with its neighbours' columns.
    /// </summary>
    public static string ExtractReadingText(byte[] pdf) => WithFile(pdf, path => Run("pdftotext", "-enc", "UTF-8", path, "-"));

    /// <summary>Runs of white space (ASCII or U+3000) as one ASCII space.</summary>
    public static string CollapseWhiteSpace(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"[\s\u3000]+", " ");

    public static int PageCount(byte[] pdf)
    {
        var info = WithFile(pdf, path => Run("pdfinfo", path));
        var line = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Renders page 1 at 80 dpi to <paramref name="pngPath"/>.</summary>
    public static void RenderFirstPage(byte[] pdf, string pngPath)
    {
        var prefix = Path.ChangeExtension(pngPath, null);
        WithFile(pdf, path => Run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", path, prefix));
    }

    private static T WithFile<T>(byte[] pdf, Func<string, T> action)
    {
        var path = Path.Combine(Path.GetTempPath(), $"miokarte-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            return action(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {errors.Result}");
        }

        return output;
    }
}

/// <summary>artifacts/pdf/ at the repository root.</summary>
internal static class PdfArtifacts
{
    public static string Directory { get; } = Create();

    private static string Create()
    {
        var path = Path.Combine(Repository.Root, "artifacts", "pdf");
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}
