using System.Buffers;
using Serilog.Context;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Gives every request a correlation id: the caller's <c>X-Request-Id</c> when it is a safe token,
/// otherwise a new one. It is returned on the response, stamped on every log line, and forwarded
/// to the data center so that both audit trails can be joined.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Request-Id";
    private const int MaxLength = 64;
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = Accept(context.Request.Headers[HeaderName].ToString()) ?? Guid.NewGuid().ToString("N");
        context.TraceIdentifier = requestId;
        context.Response.Headers[HeaderName] = requestId;
        using (LogContext.PushProperty("RequestId", requestId))
        {
            await next(context);
        }
    }

    /// <summary>Accepts an incoming id only if it cannot smuggle anything into logs or headers.</summary>
    internal static string? Accept(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && candidate.Length <= MaxLength && !candidate.AsSpan().ContainsAnyExcept(Allowed)
            ? candidate
            : null;
}
