using Microsoft.Extensions.DependencyInjection.Extensions;
using MioKarte.Core.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Signals for an operator: the portal's own <see cref="PortalMetrics"/> always record (a
/// <c>MeterListener</c> or <c>dotnet-counters</c> reads them); metrics and traces of ASP.NET Core,
/// HttpClient (the data center) and EF Core are exported over OTLP only when
/// <c>Telemetry:OtlpEndpoint</c> is set — off by default, so nothing leaves the machine unasked.
/// No patient data goes out: the HttpClient and ASP.NET Core instrumentations redact query
/// values (the data center's searches carry patient ids there), EF's spans carry SQL text with
/// parameters, never their values.
/// </summary>
public static class PortalTelemetry
{
    public const string SectionName = "Telemetry";

    public static void AddPortalTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<PortalMetrics>();
        var endpoint = builder.Configuration.GetSection(SectionName)["OtlpEndpoint"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new ConfigurationException($"{SectionName}:OtlpEndpoint '{endpoint}' is not an absolute URL (e.g. http://otel-collector:4317).");
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("MioKarte.Web", serviceInstanceId: Environment.MachineName))
            .WithMetrics(m => m
                .AddMeter(PortalMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, uri);
    }
}
