using System.Globalization;

using Hl7.Fhir.Model;

using MioKarte.DataCenter.Fhir;

using SkiaSharp;

namespace MioKarte.DataCenter.Demo;

/// <summary>
/// Demo images and letters are rendered on first request and cached on disk, so seeding stays fast
/// and the database holds no megabytes of pixels. The spec is deterministic: same spec, same bytes.
/// </summary>
public static class DemoImages
{
    /// <summary>The render spec of a lazily rendered demo Binary (kind|width|height|seed or pdf|text).</summary>
    public static string? SpecOf(Binary binary)
    {
        ArgumentNullException.ThrowIfNull(binary);
        return binary.Meta?.Tag.FirstOrDefault(t => t.System == FhirSystems.DemoRenderExtension)?.Code;
    }

    /// <summary>R4 Binary has no extensions, so the render spec travels as a meta.tag.</summary>
    public static Meta RenderTag(string spec) => new() { Tag = [new Coding(FhirSystems.DemoRenderExtension, spec, "demo image rendered on request")] };

    public static async Task<byte[]> LoadOrRenderAsync(string spec, string dataFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(spec)))[..32];
        var folder = Path.Combine(dataFolder, "render-cache");
        var path = Path.Combine(folder, name + (spec.StartsWith("pdf|", StringComparison.Ordinal) ? ".pdf" : ".jpg"));
        if (File.Exists(path))
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }

        var bytes = spec.StartsWith("pdf|", StringComparison.Ordinal)
            ? ReferralLetterPdf.Render(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(spec[4..])))
            : RenderJpeg(spec);
        Directory.CreateDirectory(folder);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
        File.Move(temporary, path, overwrite: true);
        return bytes;
    }

    /// <summary>A grey-scale, radiograph-like picture: body outline, organs, noise. Not a real image.</summary>
    public static byte[] RenderJpeg(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parts = spec.Split('|');
        var kind = parts[0];
        var width = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var height = int.Parse(parts[2], CultureInfo.InvariantCulture);
        var seed = int.Parse(parts[3], CultureInfo.InvariantCulture);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque))
            ?? throw new InvalidOperationException("Skia could not allocate the image.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Black);
        float w = width, h = height;
        using var paint = new SKPaint { IsAntialias = true };
        switch (kind)
        {
            case "xray":
                paint.Color = new SKColor(150, 150, 150);
                canvas.DrawOval(w * 0.5f, h * 0.55f, w * 0.42f, h * 0.45f, paint);
                paint.Color = new SKColor(40, 40, 40);
                canvas.DrawOval(w * 0.33f, h * 0.5f, w * 0.13f, h * 0.3f, paint);
                canvas.DrawOval(w * 0.67f, h * 0.5f, w * 0.13f, h * 0.3f, paint);
                paint.Color = new SKColor(215, 215, 215);
                canvas.DrawRect(w * 0.48f, h * 0.1f, w * 0.04f, h * 0.85f, paint);
                canvas.DrawOval(w * 0.56f, h * 0.62f, w * 0.1f + seed % 7 * w * 0.005f, h * 0.12f, paint);
                paint.Style = SKPaintStyle.Stroke;
                paint.StrokeWidth = Math.Max(2, w / 200);
                paint.Color = new SKColor(190, 190, 190);
                for (var rib = 0; rib < 9; rib++)
                {
                    var y = h * (0.25f + rib * 0.06f);
                    canvas.DrawArc(new SKRect(w * 0.15f, y - h * 0.05f, w * 0.85f, y + h * 0.12f), 200, 140, false, paint);
                }

                break;
            case "mri":
                paint.Color = new SKColor(170, 170, 170);
                canvas.DrawOval(w * 0.5f, h * 0.5f, w * 0.36f, h * 0.44f, paint);
                paint.Color = new SKColor(100, 100, 100);
                canvas.DrawOval(w * 0.5f, h * 0.5f, w * 0.3f, h * 0.38f, paint);
                paint.Color = new SKColor(30, 30, 30);
                canvas.DrawOval(w * 0.45f, h * 0.47f, w * 0.04f, h * 0.1f, paint);
                canvas.DrawOval(w * 0.55f, h * 0.47f, w * 0.04f, h * 0.1f, paint);
                break;
            default:
                paint.Color = new SKColor(120, 120, 120);
                canvas.DrawOval(w * 0.5f, h * 0.5f, w * 0.44f, h * 0.34f, paint);
                paint.Color = new SKColor(230, 230, 230);
                canvas.DrawOval(w * 0.5f, h * 0.68f, w * 0.05f, h * 0.05f, paint);
                paint.Color = new SKColor(80, 80, 80);
                canvas.DrawOval(w * 0.36f, h * 0.45f, w * 0.12f, h * 0.1f, paint);
                paint.Color = new SKColor(160, 160, 160);
                canvas.DrawOval(w * 0.64f, h * 0.45f, w * 0.1f, h * 0.12f, paint);
                break;
        }

        // Film grain: fractal noise blended over the picture, cheap even at 2048 px.
        using var noise = new SKPaint
        {
            Shader = SKShader.CreatePerlinNoiseFractalNoise(0.9f, 0.9f, 2, seed),
            BlendMode = SKBlendMode.Overlay,
            Color = SKColors.White.WithAlpha(90),
        };
        canvas.DrawRect(0, 0, w, h, noise);
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var font = new SKFont(SKTypeface.Default, Math.Max(12, w / 40));
        canvas.DrawText($"DEMO {kind.ToUpperInvariant()} #{seed}", w * 0.03f, h * 0.05f, SKTextAlign.Left, font, text);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}

/// <summary>A one-page 診療情報提供書 as PDF, drawn with SkiaSharp and IPAex Gothic.</summary>
public static class ReferralLetterPdf
{
    private const string FontPath = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf";

    public static byte[] Render(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream))
        {
            // Subset to the letter's characters (plus the title): a small PDF whose text copies correctly.
            var subset = File.Exists(FontPath) ? FontSubsetter.Subset(FontPath, "診療情報提供書" + text) : null;
            using var typeface = subset is not null ? SKTypeface.FromData(SKData.CreateCopy(subset))
                : File.Exists(FontPath) ? SKTypeface.FromFile(FontPath) : SKTypeface.Default;
            using var title = new SKFont(typeface, 18);
            using var body = new SKFont(typeface, 10.5f);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            var canvas = document.BeginPage(595, 842);
            canvas.DrawText("診療情報提供書", 297, 60, SKTextAlign.Center, title, paint);
            var y = 100f;
            foreach (var line in text.Split('\n').SelectMany(l => Wrap(l, 44)))
            {
                if (y > 800)
                {
                    document.EndPage();
                    canvas = document.BeginPage(595, 842);
                    y = 60;
                }

                canvas.DrawText(line, 50, y, SKTextAlign.Left, body, paint);
                y += 17;
            }

            document.EndPage();
            document.Close();
        }

        return stream.ToArray();
    }

    private static IEnumerable<string> Wrap(string line, int width)
    {
        if (line.Length == 0)
        {
            yield return "";
        }

        for (var i = 0; i < line.Length; i += width)
        {
            yield return line.Substring(i, Math.Min(width, line.Length - i));
        }
    }
}