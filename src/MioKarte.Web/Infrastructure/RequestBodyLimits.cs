using Microsoft.AspNetCore.Http.Features;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Every request body is bounded (finding F2). The portal's forms are a few kilobytes; the only larger
/// body is the 同意書 scan, whose action raises its own limit with <c>[RequestSizeLimit]</c>. Kestrel
/// enforces the limit while reading (413; the error page has a Japanese 413 text).
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>The default for every endpoint: far above any form, far below what could hurt memory.</summary>
    public const long DefaultMaxBytes = 1024 * 1024;

    public static void BoundRequestBodies(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = DefaultMaxBytes);
        builder.Services.Configure<FormOptions>(form =>
        {
            form.MultipartBodyLengthLimit = DefaultMaxBytes;
            form.ValueLengthLimit = (int)DefaultMaxBytes;
        });
    }
}
