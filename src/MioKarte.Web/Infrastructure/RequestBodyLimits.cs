using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Every request body is bounded (finding F2). The portal's forms are a few kilobytes; the only larger
/// body is the 同意書 scan, whose action raises its own limit with <c>[RequestSizeLimit]</c>. Kestrel
/// enforces the limit while reading; <see cref="UseFormLimitPage"/> turns an over-limit form into the
/// Japanese 413 page (Error.413).
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

    /// <summary>
    /// After routing: a form post to an endpoint without limits of its own is read here, once (MVC
    /// reads the same cached form afterwards), and one over the limit answers 413, which the status
    /// code pages show as the Japanese page. Without this the antiforgery check is the first to read
    /// the form and reports the failed read (Kestrel's 413 <see cref="BadHttpRequestException"/>, or
    /// the form reader's <see cref="InvalidDataException"/>) as a bad token: a 400 page.
    /// </summary>
    public static void UseFormLimitPage(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            var ownLimits = endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is not null ||
                            endpoint?.Metadata.GetMetadata<IFormOptionsMetadata>() is not null ||
                            endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RequestFormLimitsAttribute>() is not null;
            if (context.Request.HasFormContentType && !ownLimits && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
            {
                try
                {
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
                {
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }
            }

            await next(context);
        });
    }
}
