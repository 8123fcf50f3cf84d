using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MioKarte.Core.Hosting;
using MioKarte.DataCenter;
using MioKarte.DataCenter.Demo;
using MioKarte.DataCenter.Fhir;

namespace MioKarte.Development;

/// <summary>
/// The embedded default (Development): the reference data center runs inside the portal process on
/// a loopback-only TLS port that requires client certificates, with development certificates in
/// <c>{dataFolder}/certs</c> (server certificate, <c>portal-node.pfx</c> for the gateway) and the
/// demo data seeded on first start. Production points the gateway at the real data center instead.
/// </summary>
public static class EmbeddedDataCenter
{
    public const string SectionName = "DataCenter";

    /// <summary>Starts the embedded center as a hosted service when <c>DataCenter:Embedded</c> is true.</summary>
    public static void AddEmbeddedDataCenter(this WebApplicationBuilder builder, string dataFolder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(SectionName);
        if (!section.GetValue<bool>("Embedded"))
        {
            return;
        }

        var url = new Uri(section["Url"] ?? "https://127.0.0.1:5443");
        if (url.Scheme != Uri.UriSchemeHttps || !IPAddress.TryParse(url.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new InvalidOperationException($"DataCenter:Url must be https on a loopback IP address for the embedded center (got {url}).");
        }

        // Certificates are made now, not when the center starts: the gateway's options are validated
        // before hosted services run, and they name the portal-node certificate and the CA.
        var options = new DataCenterOptions
        {
            DataFolder = Path.Combine(dataFolder, "datacenter"),
            ListenAddress = address.ToString(),
            Port = url.Port,
            Facilities = DemoFacilities.All.Select(f => f.ToOptions()).ToList(),
        };
        var certificates = Path.Combine(dataFolder, "certs");
        var caCertificate = DevelopmentWiring.Apply(options, certificates, TimeProvider.System);
        PointGatewayAt(builder.Configuration, url, certificates, caCertificate);

        // The portal's clock: the Consents it registers and the assertions it signs are dated by it.
        builder.Services.AddSingleton(services => new EmbeddedDataCenterService(
            options, section.GetValue("SeedDemoData", true), services.GetRequiredService<ILogger<EmbeddedDataCenterService>>(),
            services.GetService<TimeProvider>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<EmbeddedDataCenterService>());
        // /health/ready waits for the center's own search warm-up, as it waits for the portal's record path.
        builder.Services.AddHealthChecks().AddCheck<EmbeddedDataCenterService>("embedded data center warmed up", tags: [HealthTags.Ready, HealthTags.WarmingUp]);
    }

    /// <summary>The gateway talks to the embedded center unless configuration already names a data center.</summary>
    private static void PointGatewayAt(ConfigurationManager configuration, Uri url, string certificates, string caCertificate)
    {
        var gateway = configuration.GetSection(Core.Gateway.DataCenterGatewayOptions.SectionName);
        if (gateway["BaseAddress"] is not null)
        {
            return;
        }

        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [gateway.Path + ":BaseAddress"] = url.ToString(),
            [gateway.Path + ":ClientCertificatePath"] = Path.Combine(certificates, DevelopmentWiring.PortalNodeFileName),
            [gateway.Path + ":CaCertificatePath"] = caCertificate,
            // The center enforces consent and verifies a signed assertion with the key registered for this node.
            [gateway.Path + ":AssertionSigningKeyPath"] = Path.Combine(certificates, DevelopmentWiring.PortalAssertionKeyFileName),
        });
    }
}

/// <summary>
/// Owns the in-process center: starts it with the portal, seeds in the background, stops it with the
/// portal; not ready (a quiet <see cref="HealthStatus.Degraded"/>) until the center has warmed its
/// search paths (<see cref="SearchWarmUpService"/>).
/// </summary>
public sealed partial class EmbeddedDataCenterService(
    DataCenterOptions options, bool seedDemoData, ILogger<EmbeddedDataCenterService> logger, TimeProvider? time = null)
    : IHostedService, IAsyncDisposable, IHealthCheck
{
    private readonly CancellationTokenSource stopping = new();
    private WebApplication? center;
    private Task? seeding;

    /// <summary>The running center's services (null until started, or when its port was taken); tests load data through them.</summary>
    public IServiceProvider? CenterServices => center?.Services;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var app = await DataCenterHost.CreateAsync(options, time, cancellationToken: cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            // Port taken (e.g. a second portal on this machine): the portal still runs; the gateway will report the center unreachable.
            LogNotStarted(logger, options.Port, e.GetType().Name);
            await app.DisposeAsync();
            return;
        }

        center = app;
        LogStarted(logger, app.BaseAddress());
        if (seedDemoData)
        {
            // In the background: the first start seeds ~50,000 resources and the portal need not wait for it.
            seeding = Task.Run(() => SeedAsync(app), CancellationToken.None);
        }
    }

    /// <summary>
    /// Ready once the started center has warmed its searches; also when it could not start (the
    /// gateway then reports it unreachable, and waiting would never end).
    /// </summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(center?.Services.GetRequiredService<SearchWarmUpService>().Done.IsCompleted == false
            ? HealthCheckResult.Degraded("warming up the data center's searches")
            : HealthCheckResult.Healthy("data center warmed up"));

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (seeding is not null)
        {
            await seeding.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (center is not null)
        {
            await center.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (center is not null)
        {
            await center.DisposeAsync();
            center = null;
        }

        stopping.Dispose();
    }

    private async Task SeedAsync(WebApplication app)
    {
        try
        {
            if (await DemoSeeder.SeedIfEmptyAsync(app.Services, stopping.Token))
            {
                LogSeeded(logger);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped while seeding: the load is one transaction, so nothing half-written remains.
        }
        catch (InvalidOperationException e)
        {
            LogSeedFailed(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded data center listening on {Address} (client certificates required)")]
    private static partial void LogStarted(ILogger logger, Uri address);

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedded data center could not listen on port {Port} ({Error}); the portal runs without it")]
    private static partial void LogNotStarted(ILogger logger, int port, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded data center: demo data seeded")]
    private static partial void LogSeeded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedded data center: demo data could not be seeded ({Error})")]
    private static partial void LogSeedFailed(ILogger logger, string error);
}
