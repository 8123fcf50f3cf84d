using System.Net;

using Hl7.Fhir.Model;

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Hosting;

using MioKarte.DataCenter.Audit;
using MioKarte.DataCenter.Data;
using MioKarte.DataCenter.Demo;
using MioKarte.DataCenter.Fhir;
using MioKarte.DataCenter.Ingest;
using MioKarte.DataCenter.Security;

namespace MioKarte.DataCenter;

/// <summary>
/// Builds the data center as a WebApplication, for its own process, for the portal's embedded
/// default (in-process, loopback) and for tests (random loopback port).
/// </summary>
public static class DataCenterHost
{

    /// <summary>
    /// Validates <paramref name="options"/> (<paramref name="time"/> is the application clock:
    /// Consent periods, assertion lifetimes, audit times), migrates the center's database, seeds the demo data when
    /// asked and the database is empty, and returns the application, not yet started.
    /// </summary>
    public static async Task<WebApplication> CreateAsync(
        DataCenterOptions options, TimeProvider? time = null, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new DataCenterOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(DataCenterOptions), typeof(DataCenterOptions), validation.Failures);
        }

        time ??= TimeProvider.System;
        options.DataFolder = Path.GetFullPath(options.DataFolder);
        Directory.CreateDirectory(options.DataFolder);
        // Certificates are judged by the machine's clock, as the TLS stack judges the server's; the
        // application clock (time) dates Consents, assertions and audit events, so an embedded
        // center shares the portal's clock.
        var validator = new ClientCertificateValidator(options, TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // The data folder, so that an in-process center never reads the portal's appsettings.json.
            ContentRootPath = options.DataFolder,
            ApplicationName = typeof(DataCenterHost).Assembly.GetName().Name,
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // Only the endpoint below: ASPNETCORE_URLS meant for a host portal must not leak into the center.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 512L * 1024 * 1024;
            kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = options.ServerCertificate;
                    https.SslProtocols = TlsPolicy.ModernTls;
                    https.OnAuthenticate = (_, ssl) => ssl.CipherSuitesPolicy = TlsPolicy.AeadOnly;
                    // No certificate, or one the network CA did not issue: the handshake fails.
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (certificate, _, _) => validator.ChainsToNetworkCa(certificate);
                });
            });
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton(validator);
        services.AddSingleton<ActingAssertionVerifier>();
        services.AddDbContext<DataCenterDbContext>(o => o.UseSqlite(ConnectionString(options)));
        services.AddScoped<BundleIngestor>();
        services.AddScoped<AuditWriter>();
        services.AddSingleton<AuditCommitQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCommitQueue>());
        // Compiles every search shape a portal sends before the first patient is opened.
        services.AddSingleton<SearchWarmUpService>();
        services.AddHostedService(sp => sp.GetRequiredService<SearchWarmUpService>());
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<FhirErrorMiddleware>();
        app.UseStatusCodePages(async status =>
        {
            var response = status.HttpContext.Response;
            if (response.ContentLength is null && response.ContentType is null)
            {
                await Outcomes.WriteAsync(status.HttpContext, response.StatusCode, OperationOutcome.IssueType.Processing,
                    $"The request was refused ({response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
            }
        });
        app.UseMiddleware<NodeAuthenticationMiddleware>();
        app.UseMiddleware<ActingAssertionMiddleware>();
        app.MapFhir();
        app.MapFallback(() => Outcomes.Result(404, OperationOutcome.IssueType.NotFound, "No such endpoint (see /metadata)."));

        await MigrateAsync(app.Services, cancellationToken);
        if (options.SeedDemoData)
        {
            await DemoSeeder.SeedIfEmptyAsync(app.Services, cancellationToken);
        }

        return app;
    }

    /// <summary>The https base address the started center listens on (the real port when 0 was asked).</summary>
    public static Uri BaseAddress(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public static string ConnectionString(DataCenterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"Data Source={options.DatabasePath}";
    }

    /// <summary>Applies the center's EF Core migrations (never EnsureCreated) and turns on WAL so reads run during a load.</summary>
    public static async System.Threading.Tasks.Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DataCenterDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
