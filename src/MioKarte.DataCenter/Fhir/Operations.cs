using System.IO.Pipelines;
using System.Text.Json;

using Hl7.Fhir.Model;

namespace MioKarte.DataCenter.Fhir;

/// <summary>OperationOutcome responses: every refusal explains itself, never with a stack trace.</summary>
public static class Outcomes
{
    private static OperationOutcome Create(OperationOutcome.IssueType code, string diagnostics) => new()
    {
        Issue =
        [
            new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = code,
                Diagnostics = diagnostics,
            },
        ],
    };

    public static IResult Result(int status, OperationOutcome.IssueType code, string diagnostics) =>
        new FhirResult(FirelyJson.SerializeToUtf8(Create(code, diagnostics)), status);

    public static IResult Result(int status, OperationOutcome outcome) =>
        new FhirResult(FirelyJson.SerializeToUtf8(outcome), status);

    /// <summary>A FHIR JSON body (already serialised) with a status other than 200, e.g. 201 Created.</summary>
    public static IResult Result(int status, byte[] body) => new FhirResult(body, status);

    private sealed class FhirResult(byte[] body, int status) : IResult
    {
        public async System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = FirelyJson.MediaType;
            httpContext.Response.ContentLength = body.Length;
            await httpContext.Response.Body.WriteAsync(body);
        }
    }

    public static async System.Threading.Tasks.Task WriteAsync(HttpContext context, int status, OperationOutcome.IssueType code, string diagnostics)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = FirelyJson.MediaType;
        await context.Response.Body.WriteAsync(FirelyJson.SerializeToUtf8(Create(code, diagnostics)));
    }
}

/// <summary>
/// Writes searchset Bundles from stored JSON without re-parsing each resource, straight to the
/// response as it goes: a page of 1,000 resources (megabytes) is never held whole in memory, so a
/// heavy patient's pages cost no large-object allocations and no copy of the finished Bundle.
/// </summary>
public static class BundleWriter
{
    /// <summary>Bytes gathered before they go to the network (well under the large-object threshold).</summary>
    private const int FlushThreshold = 32 * 1024;

    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One entry: its full URL and the resource's stored JSON as UTF-8 (copied as it is).</summary>
    public sealed record Entry(string FullUrl, ReadOnlyMemory<byte> Json);

    /// <summary>The Bundle's own fields: <paramref name="Total"/> only when counted, <paramref name="NextUrl"/> only when there is more.</summary>
    public sealed record SearchSet(string Id, DateTimeOffset Now, long? Total, string SelfUrl, string? NextUrl, IReadOnlyList<Entry> Entries)
    {
        public async System.Threading.Tasks.Task WriteAsync(PipeWriter output, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(output);
            await using var writer = new Utf8JsonWriter(output, Options);
            writer.WriteStartObject();
            writer.WriteString("resourceType", "Bundle");
            writer.WriteString("id", Id);
            writer.WriteStartObject("meta");
            writer.WriteString("lastUpdated", Now.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteString("type", "searchset");
            if (Total is not null)
            {
                writer.WriteNumber("total", Total.Value);
            }

            writer.WriteStartArray("link");
            WriteLink(writer, "self", SelfUrl);
            if (NextUrl is not null)
            {
                WriteLink(writer, "next", NextUrl);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("entry");
            // The writer hands full chunks to the pipe by itself (BytesCommitted); the pipe sends only on a flush.
            var sentUpTo = 0L;
            foreach (var entry in Entries)
            {
                writer.WriteStartObject();
                writer.WriteString("fullUrl", entry.FullUrl);
                writer.WritePropertyName("resource");
                writer.WriteRawValue(entry.Json.Span, skipInputValidation: true);
                writer.WriteStartObject("search");
                writer.WriteString("mode", "match");
                writer.WriteEndObject();
                writer.WriteEndObject();
                if (writer.BytesCommitted + writer.BytesPending - sentUpTo >= FlushThreshold)
                {
                    writer.Flush();
                    sentUpTo = writer.BytesCommitted;
                    await output.FlushAsync(cancellationToken);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            await output.FlushAsync(cancellationToken);
        }
    }

    /// <summary>A searchset Bundle as the answer (200, FHIR JSON, sent as it is written).</summary>
    public sealed class Result(SearchSet bundle) : IResult
    {
        public System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = FirelyJson.MediaType;
            return bundle.WriteAsync(httpContext.Response.BodyWriter, httpContext.RequestAborted);
        }
    }

    private static void WriteLink(Utf8JsonWriter writer, string relation, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("relation", relation);
        writer.WriteString("url", url);
        writer.WriteEndObject();
    }
}
