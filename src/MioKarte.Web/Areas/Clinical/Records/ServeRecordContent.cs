using Microsoft.Extensions.Caching.Memory;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Gateway;
using MioKarte.Core.Hosting;
using MioKarte.Core.Records;
using SkiaSharp;

namespace MioKarte.Web.Areas.Clinical.Records;

/// <summary>An image or document to send: bytes, the type read from the bytes, and an ETag.</summary>
public sealed record ServedContent(byte[] Content, string ContentType, string ETag);

/// <summary>Why content could not be served.</summary>
public enum ContentProblem
{
    NotFound,       // not in this patient's record
    Unavailable,    // the data center did not give it
    Unsupported,    // the bytes are not a JPEG, PNG or PDF
}

/// <summary>
/// Images and documents go through the portal: the id must be one of this patient's records, the
/// bytes come from the data center (whose address never reaches the browser), their type is read
/// from the bytes, and the view is written to the access log. Thumbnails are made with SkiaSharp and
/// kept in a bounded in-memory cache (per viewing facility).
/// </summary>
public sealed partial class ServeRecordContentHandler(
    ISharedRecordSource source, AccessLogWriter accessLog, ThumbnailCache thumbnails, ILogger<ServeRecordContentHandler> logger) : IUseCaseHandler
{
    public const int ThumbnailSize = 240;

    public async Task<(ServedContent? Content, ContentProblem? Problem)> HandleAsync(
        PatientRecordContext context, string contentId, bool thumbnail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Index.FindContent(contentId) is not { } content)
        {
            return (null, ContentProblem.NotFound);
        }

        var item = context.Index.Find(content.ItemId);
        var cacheKey = $"{context.ViewingFacilityId:N}|{content.Id}";
        if (thumbnail && thumbnails.Get(cacheKey) is { } cached)
        {
            return (cached, null);
        }

        byte[] bytes;
        try
        {
            (_, bytes) = await source.GetContentAsync(content.Reference, context.Acting, cancellationToken);
        }
        catch (DataCenterException e)
        {
            LogUnavailable(logger, content.Id, e.Kind);
            return (null, ContentProblem.Unavailable);
        }

        if (Sniff(bytes) is not { } type)
        {
            LogUnsupported(logger, content.Id);
            return (null, ContentProblem.Unsupported);
        }

        if (!thumbnail)
        {
            // Thumbnails are covered by the detail that shows them; the full image or document is a view of its own.
            await accessLog.AppendAsync(context.Actor, context.Accessed(
                type == "application/pdf" ? AccessAction.Document : AccessAction.Image, item?.PatientLinkId, "Content/" + content.Id), cancellationToken);
            return (new ServedContent(bytes, type, $"\"{content.Id}\""), null);
        }

        if (type == "application/pdf" || MakeThumbnail(bytes) is not { } small)
        {
            return (null, ContentProblem.Unsupported);
        }

        var served = new ServedContent(small, "image/jpeg", $"\"{content.Id}-t\"");
        thumbnails.Set(cacheKey, served);
        return (served, null);
    }

    /// <summary>The content type the bytes themselves say (JPEG, PNG, PDF), else null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0x25, 0x50, 0x44, 0x46, 0x2D, ..] => "application/pdf",
        _ => null,
    };

    private static byte[]? MakeThumbnail(byte[] bytes)
    {
        using var original = SKBitmap.Decode(bytes);
        if (original is null)
        {
            return null;
        }

        var scale = Math.Min(1f, (float)ThumbnailSize / Math.Max(original.Width, original.Height));
        var info = new SKImageInfo(Math.Max(1, (int)(original.Width * scale)), Math.Max(1, (int)(original.Height * scale)));
        using var resized = original.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var image = SKImage.FromBitmap(resized ?? original);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content {ContentId} unavailable from the data center ({Kind})")]
    private static partial void LogUnavailable(ILogger logger, string contentId, GatewayFailureKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content {ContentId} is not a JPEG, PNG or PDF; not served")]
    private static partial void LogUnsupported(ILogger logger, string contentId);
}

/// <summary>Thumbnails in memory: at most <see cref="MaxBytes"/> in all, each kept for an hour after its last use.</summary>
public sealed class ThumbnailCache : IDisposable
{
    public const long MaxBytes = 32 * 1024 * 1024;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = MaxBytes });

    public ServedContent? Get(string key) => cache.TryGetValue(key, out ServedContent? value) ? value : null;

    public void Set(string key, ServedContent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        cache.Set(key, value, new MemoryCacheEntryOptions { Size = value.Content.Length, SlidingExpiration = TimeSpan.FromHours(1) });
    }

    public void Dispose() => cache.Dispose();
}
