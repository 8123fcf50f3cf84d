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

/// <summary>Writes Bundles from stored JSON without re-parsing each resource (a page of 1,000 stays cheap).</summary>
public static class BundleWriter
{
    public sealed record Entry(string FullUrl, string Json);

    public static byte[] SearchSet(string id, DateTimeOffset now, long? total, string selfUrl, string? nextUrl, IEnumerable<Entry> entries)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("resourceType", "Bundle");
            writer.WriteString("id", id);
            writer.WriteStartObject("meta");
            writer.WriteString("lastUpdated", now.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteString("type", "searchset");
            if (total is not null)
            {
                writer.WriteNumber("total", total.Value);
            }

            writer.WriteStartArray("link");
            WriteLink(writer, "self", selfUrl);
            if (nextUrl is not null)
            {
                WriteLink(writer, "next", nextUrl);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("entry");
            foreach (var entry in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("fullUrl", entry.FullUrl);
                writer.WritePropertyName("resource");
                writer.WriteRawValue(entry.Json, skipInputValidation: true);
                writer.WriteStartObject("search");
                writer.WriteString("mode", "match");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteLink(Utf8JsonWriter writer, string relation, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("relation", relation);
        writer.WriteString("url", url);
        writer.WriteEndObject();
    }
}
