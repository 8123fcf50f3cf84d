using MioKarte.Core.Pdf;
using SkiaSharp;

namespace MioKarte.Core.Patients;

/// <summary>
/// The scan of a signed 同意書: PDF, JPEG or PNG, at most <see cref="PatientOptions.MaxConsentScanBytes"/>,
/// recognised by its first bytes (the file name and the browser's content type are not trusted) and
/// then read as a whole (<see cref="Inspect"/>): a picture must decode and is stored re-encoded, a
/// PDF must open (<see cref="PdfStructure"/>). A file that only starts like one of them is refused.
/// </summary>
public static class ConsentScanFormat
{
    public const string Pdf = "application/pdf";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The content type the bytes really are, or null when they are none of the three.</summary>
    public static string? Detect(ReadOnlySpan<byte> content) =>
        content.StartsWith(PdfMagic) ? Pdf
        : content.StartsWith(PngMagic) ? Png
        : content.StartsWith(JpegMagic) ? Jpeg
        : null;

    /// <summary>
    /// A picture larger than an A4 page scanned at 600 dpi (about 35 megapixels) is refused before it
    /// is decoded: a small file can declare a huge image ("decompression bomb"), and decoding holds
    /// four bytes a pixel in memory.
    /// </summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>
    /// The scan as it will be stored, or null when the bytes are not a whole PDF, JPEG or PNG. Pictures
    /// are decoded and encoded again (upright, without metadata or anything appended to them), so what
    /// is kept is a picture and nothing else; a PDF is kept as sent once its structure opens.
    /// </summary>
    public static InspectedScan? Inspect(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Detect(content) switch
        {
            Pdf => PdfStructure.Problem(content) is null ? new InspectedScan(Pdf, content) : null,
            Jpeg => Reencode(content, SKEncodedImageFormat.Jpeg, Jpeg),
            Png => Reencode(content, SKEncodedImageFormat.Png, Png),
            _ => null,
        };
    }

    private static InspectedScan? Reencode(byte[] content, SKEncodedImageFormat format, string contentType)
    {
        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != format || (long)codec.Info.Width * codec.Info.Height is 0 or > MaxPixels)
        {
            return null;
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            // Truncated or corrupt: not a whole scan (the lower part of the 同意書, the signature, may be missing).
            return null;
        }

        using var turned = codec.EncodedOrigin is SKEncodedOrigin.TopLeft ? null : Upright(decoded, codec.EncodedOrigin);
        using var image = SKImage.FromBitmap(turned ?? decoded);
        // Quality 90 keeps handwriting and seals legible; PNG is lossless whatever the number.
        using var encoded = image.Encode(format, 90);
        return encoded is null ? null : new InspectedScan(contentType, encoded.ToArray());
    }

    /// <summary>
    /// The picture turned the way its EXIF orientation says (an iPad photo of the form is stored
    /// sideways with a tag): re-encoding drops the tag, so the turn is applied to the pixels.
    /// </summary>
    private static SKBitmap Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = swap ? (source.Height, source.Width) : (source.Width, source.Height);
        var target = new SKBitmap(new SKImageInfo(width, height, source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(target);
        canvas.SetMatrix(origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, width, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, width, -1, 0, height, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, height, 0, 0, 1),
            _ => SKMatrix.Identity,
        });
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
        return target;
    }

    public static string Extension(string contentType) => contentType switch
    {
        Pdf => ".pdf",
        Jpeg => ".jpg",
        Png => ".png",
        _ => throw new ArgumentException("Not a consent scan type.", nameof(contentType)),
    };
}

/// <summary>A scan that passed <see cref="ConsentScanFormat.Inspect"/>: what it really is, and the bytes to keep.</summary>
public sealed record InspectedScan(string ContentType, byte[] Content);

/// <summary>
/// Where consent scans are kept: <c>{DataFolder}/consent-scans/{facility}/{random}.ext</c>, outside
/// the web root, readable by the service account only. A stored name is never taken from a request.
/// </summary>
public sealed class ConsentScanStore(string dataFolder)
{
    public const string FolderName = "consent-scans";

    private string Root => Path.Combine(dataFolder, FolderName);

    /// <summary>Writes the scan and returns its stored name (<c>{facility}/{random}.ext</c>).</summary>
    public async Task<string> SaveAsync(Guid facilityId, byte[] content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var folder = Path.Combine(Root, facilityId.ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var name = facilityId.ToString("N") + "/" + Guid.NewGuid().ToString("N") + ConsentScanFormat.Extension(contentType);
        await File.WriteAllBytesAsync(PathOf(name), content, cancellationToken);
        return name;
    }

    /// <summary>The file of a stored name, or null when the name is not one this store writes.</summary>
    public string? Find(string storedName)
    {
        ArgumentNullException.ThrowIfNull(storedName);
        var parts = storedName.Split('/');
        if (parts is not [var facility, var file] || facility.Length != 32 || !Guid.TryParseExact(facility, "N", out _)
            || file.Length < 36 || !Guid.TryParseExact(file[..32], "N", out _) || file[32..] is not (".pdf" or ".jpg" or ".png"))
        {
            return null;
        }

        var path = PathOf(storedName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Removes a scan written for a link that was then not saved.</summary>
    public void Delete(string storedName)
    {
        if (Find(storedName) is { } path)
        {
            File.Delete(path);
        }
    }

    private string PathOf(string storedName) => Path.Combine(Root, storedName.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>How long a scan is held for a form that was sent back (the nurse corrects a typo).</summary>
    public static readonly TimeSpan HoldLifetime = TimeSpan.FromHours(1);

    private string HeldRoot => Path.Combine(Root, "held");

    /// <summary>
    /// Holds a scan that passed its check while the rest of the form did not, so the user need not
    /// choose the file again: <c>held/{random}</c>, the name to seal into the page. Held scans older
    /// than <see cref="HoldLifetime"/> (abandoned forms) are deleted here, so none lingers.
    /// </summary>
    public async Task<string> HoldAsync(byte[] content, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(HeldRoot);
        }
        else
        {
            Directory.CreateDirectory(HeldRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        foreach (var stale in new DirectoryInfo(HeldRoot).EnumerateFiles().Where(f => nowUtc - f.LastWriteTimeUtc > HoldLifetime * 2))
        {
            stale.Delete();
        }

        var name = Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(Path.Combine(HeldRoot, name), content, cancellationToken);
        return name;
    }

    /// <summary>A held scan's bytes, or null when the name is not one this store holds (or it is gone).</summary>
    public async Task<byte[]?> ReadHeldAsync(string heldName, CancellationToken cancellationToken = default) =>
        HeldPath(heldName) is { } path && File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;

    /// <summary>Removes a held scan once its form is saved.</summary>
    public void Release(string heldName)
    {
        if (HeldPath(heldName) is { } path && File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private string? HeldPath(string heldName) =>
        heldName is { Length: 32 } && Guid.TryParseExact(heldName, "N", out _) ? Path.Combine(HeldRoot, heldName) : null;
}
