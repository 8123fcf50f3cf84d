using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Brotli and gzip for the portal's text (HTML, CSS, script, SVG), for clinics on slow lines: a record
/// page of ~45 KB travels as ~6 KB. Only answers to GET and HEAD are compressed (docs/performance.md,
/// "Compression and BREACH"): BREACH needs a secret and attacker-chosen text in one compressed body
/// fetched many times with the victim's credentials. Every portal cookie is SameSite=Strict, so a
/// request another site makes carries no session and gets no patient data or token; the antiforgery
/// request token in a form is encrypted afresh for every response (Data Protection, random IV), so
/// there is no stable secret to guess byte by byte; and the answers to POSTs — which echo what was
/// typed next to a token — are not compressed at all (they are redirects or short forms).
/// </summary>
public static class ResponseCompressionSetup
{
    /// <summary>What is worth compressing; images, PDFs and DICOM are compressed already.</summary>
    public static readonly string[] MimeTypes =
        ["text/html", "text/css", "text/javascript", "application/javascript", "text/plain", "image/svg+xml", "application/json"];

    public static IServiceCollection AddPortalResponseCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true; // the portal is HTTPS only; see the BREACH reasoning above
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = MimeTypes;
        });
        // Fastest: a page costs ~0.1 ms of CPU and still shrinks by ~85 %; the portal's throughput is CPU-bound.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Compresses the answers to GET and HEAD; must come before the static files so they are compressed too.</summary>
    public static IApplicationBuilder UsePortalResponseCompression(this IApplicationBuilder app) =>
        app.UseWhen(http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method), get => get.UseResponseCompression());
}
