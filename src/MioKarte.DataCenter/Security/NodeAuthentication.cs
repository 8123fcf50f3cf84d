using Hl7.Fhir.Model;

using MioKarte.DataCenter.Fhir;

namespace MioKarte.DataCenter.Security;

/// <summary>
/// Runs before any endpoint: Kestrel already refused certificates that do not chain to the network
/// CA; this re-checks the chain (defence in depth) and requires a registration, else 403 and no data.
/// </summary>
public sealed class NodeAuthenticationMiddleware(RequestDelegate next, ClientCertificateValidator validator)
{
    public async System.Threading.Tasks.Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var certificate = context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        var node = validator.Identify(certificate);
        if (node is null)
        {
            await Outcomes.WriteAsync(context, StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden,
                "The client certificate is not registered with this data center.");
            return;
        }

        context.Features.Set(node);
        await next(context);
    }
}

/// <summary>Turns any unhandled failure into an OperationOutcome: no stack trace leaves the center.</summary>
public sealed partial class FhirErrorMiddleware(RequestDelegate next, ILogger<FhirErrorMiddleware> logger)
{
    public async System.Threading.Tasks.Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await Outcomes.WriteAsync(context, e.StatusCode, OperationOutcome.IssueType.Structure, "Malformed request.");
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            // The exception type only: messages may quote request data.
            LogFailure(logger, e.GetType().Name, context.TraceIdentifier);
            await Outcomes.WriteAsync(context, StatusCodes.Status500InternalServerError, OperationOutcome.IssueType.Exception,
                $"Internal error (trace {context.TraceIdentifier}).");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed with {ExceptionType} (trace {TraceId})")]
    private static partial void LogFailure(ILogger logger, string exceptionType, string traceId);
}