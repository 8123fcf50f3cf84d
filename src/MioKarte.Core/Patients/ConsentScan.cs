namespace MioKarte.Core.Patients;

/// <summary>
/// The scan of a signed 同意書: PDF, JPEG or PNG, at most <see cref="PatientOptions.MaxConsentScanBytes"/>,
/// recognised by its first bytes (the file name and the browser's content type are not trusted).
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

    public static string Extension(string contentType) => contentType switch
    {
        Pdf => ".pdf",
        Jpeg => ".jpg",
        Png => ".png",
        _ => throw new ArgumentException("Not a consent scan type.", nameof(contentType)),
    };
}

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
