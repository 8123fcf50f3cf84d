using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Gateway;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Mail;
using MioKarte.Core.Pki;
using MioKarte.Core.Records;
using MioKarte.Web.Areas.Clinical.Records;
using MioKarte.Web.Development;
using MioKarte.Web.Infrastructure.ClientCertificates;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace MioKarte.Web.Infrastructure;

/// <summary>How the portal is put together: services first, then the request pipeline.</summary>
public static partial class PortalComposition
{
    private static readonly string[] DevelopmentSettings = ["Portal:DevelopmentCertificate", "DataCenter:Embedded"];

    public const string AuthCookieName = "__Host-MioKarte";
    public const string AntiforgeryCookieName = "__Host-MioKarte.Antiforgery";
    public const string CultureCookieName = "__Host-MioKarte.Culture";
    public const string TwoFactorCookieName = "__Host-MioKarte.TwoFactor";
    public static readonly CultureInfo[] SupportedCultures = [new("ja-JP"), new("en")];

    /// <summary>Registers every service of the portal. Returns the resolved data folder.</summary>
    public static string AddPortal(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<CouncilOptions>().BindConfiguration(CouncilOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Areas.FacilityAdmin.FacilityAdminOptions>().BindConfiguration(Areas.FacilityAdmin.FacilityAdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Core.Patients.PatientOptions>().BindConfiguration(Core.Patients.PatientOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        var portal = configuration.GetSection(PortalOptions.SectionName).Get<PortalOptions>() ?? new PortalOptions();
        var dataFolder = portal.ResolveDataFolder(builder.Environment.ContentRootPath);

        builder.AddPortalLogging(dataFolder);
        builder.RequireModernTls();
        builder.BoundRequestBodies();
        builder.AddForwardedClientAddress();
        // Terminal certificates for the Clinical and FacilityAdmin areas (docs/terminals-and-client-certificates.md).
        builder.AddClientCertificateGate();

        // Pooled: every request that reads the database leases a context, and the access log's group
        // commit one per batch; a context and its services built afresh each time were a visible part of
        // a record page's CPU (docs/performance.md, with RequestConnection). It holds no state of its own.
        services.AddDbContextPool<MioKarteDbContext>((sp, options) =>
            options.UseConfiguredProvider(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, dataFolder));

        // Keys in the database, so every node reads the same cookies and sign-ins survive a restart;
        // encrypted at rest with DataProtection:CertificatePath (docs/operations.md).
        services.AddPortalDataProtection(configuration);
        // The network CA of terminal certificates (docs/network-ca.md); a generated CA's password needs the keys above.
        services.AddNetworkCertificateAuthority(dataFolder);

        services.AddMailOutbox(configuration, dataFolder);
        // 同意書 scans: in the data folder, outside the web root (docs/patient-links.md).
        services.AddSingleton(new Core.Patients.ConsentScanStore(dataFolder));
        services.AddSingleton<Areas.Clinical.Patients.HeldConsentScans>();
        // 閲覧記録: the database's head row orders the nodes; one queue per process, a writer per request.
        services.AddSingleton<AccessLogChain>();
        services.AddScoped<AccessLogWriter>();
        services.AddScoped<AccessLogVerifier>();
        services.AddPortalIdentity();
        services.AddUseCaseHandlers(typeof(PortalComposition).Assembly);
        services.AddSingleton<MailText>();
        services.AddSingleton<ThumbnailCache>();
        services.AddPortalMvc();
        services.AddPortalResponseCompression();
        // The public application form is the one anonymous write: limit it per client address.
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy("apply", http => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(10) }));
        });
        builder.AddPortalTelemetry();
        var health = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<OutboxHealthCheck>("outbox", tags: ["ready"]);
        // The one call into Development/ at composition (ADR-0008): never made in Production, so the
        // reference center's assembly, its EF model and the Firely SDK are never loaded there.
        if (builder.UsesDevelopmentScaffolding())
        {
            builder.AddDevelopmentScaffolding(dataFolder);
        }

        if (builder.AddDataCenterGatewayWhenConfigured())
        {
            services.AddSingleton(sp => new DataCenterProbeCache(sp.GetRequiredService<TimeProvider>(), configuration));
            health.AddCheck<DataCenterHealthCheck>("data-center", tags: ["ready"]);
        }

        return dataFolder;
    }

    /// <summary>
    /// Whether a development setting asks for scaffolding (the development HTTPS certificate, the
    /// embedded data center). Production refuses them: a start with one stops, naming the key.
    /// </summary>
    private static bool UsesDevelopmentScaffolding(this WebApplicationBuilder builder)
    {
        var requested = DevelopmentSettings.Where(key => builder.Configuration.GetValue<bool>(key)).ToList();
        if (requested.Count > 0 && builder.Environment.IsProduction())
        {
            throw new ConfigurationException(
                $"{string.Join(" and ", requested)} belong to the development scaffolding and are refused in Production (ADR-0008): " +
                $"configure Kestrel's certificate and {DataCenterGatewayOptions.SectionName}:BaseAddress instead (docs/operations.md).");
        }

        return requested.Count > 0;
    }

    /// <summary>
    /// The gateway to the data center, when one is configured (the embedded default configures its
    /// own). Without one the public pages, sign-up and administration still work; the start-up log
    /// says that no clinical data can be read, and the record pipeline reads from the stand-in source
    /// (データセンター未接続) instead.
    /// </summary>
    private static bool AddDataCenterGatewayWhenConfigured(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetSection(DataCenterGatewayOptions.SectionName)["BaseAddress"] is not null;
        builder.Services.AddPatientRecords(withDataCenter: configured);
        if (configured)
        {
            // Options are validated at start-up: a wrong path, password or CA stops the portal, naming the key.
            builder.Services.AddDataCenterGateway(builder.Configuration);
            return true;
        }

        builder.Services.AddHostedService<NoDataCenterWarning>();
        return false;
    }

    /// <summary>
    /// Registers every use-case handler (a public class implementing <see cref="Core.Hosting.IUseCaseHandler"/>)
    /// as scoped, so a new use case is one file and no registration line. By the interface, not a name
    /// suffix: <c>UseCaseHandlerRegistrationTests</c> checks that every controller's dependencies resolve.
    /// </summary>
    public static IServiceCollection AddUseCaseHandlers(this IServiceCollection services, System.Reflection.Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetExportedTypes().Where(t =>
                     t is { IsClass: true, IsAbstract: false } && typeof(Core.Hosting.IUseCaseHandler).IsAssignableFrom(t)))
        {
            services.TryAddScoped(type);
        }

        return services;
    }

    private static void AddPortalLogging(this WebApplicationBuilder builder, string dataFolder)
    {
        var configuration = builder.Configuration;
        // The host's own logger, not Serilog's static one: several hosts in one process (the embedded
        // data center, test servers) must each write to their own sinks.
        builder.Services.AddSerilog((_, logger) => ConfigureSerilog(logger, configuration, dataFolder), preserveStaticLogger: true);
    }

    private static void ConfigureSerilog(LoggerConfiguration logger, IConfiguration configuration, string dataFolder)
    {
        logger.ReadFrom.Configuration(configuration)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            // EF logs SQL text at Information; parameters are never logged (no sensitive-data logging).
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            // A check still warming up answers Degraded, which the health service logs as a warning on
            // every readiness poll; only a failed check (Unhealthy: the database) is worth a line.
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Error)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Application", "MioKarte.Web");
        var json = configuration.GetValue<bool>("Portal:JsonLogs");
        var file = Path.Combine(dataFolder, "logs", json ? "portal-.json" : "portal-.log");
        if (json)
        {
            logger.WriteTo.Console(new RenderedCompactJsonFormatter())
                .WriteTo.File(new RenderedCompactJsonFormatter(), file, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 90);
            return;
        }

        const string template = "[{Timestamp:HH:mm:ss} {Level:u3}] {RequestId} {SourceContext}: {Message:lj}{NewLine}{Exception}";
        logger.WriteTo.Console(outputTemplate: template, formatProvider: CultureInfo.InvariantCulture)
            .WriteTo.File(file, outputTemplate: "{Timestamp:o} " + template, rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 90, formatProvider: CultureInfo.InvariantCulture);
    }

    private static void AddPortalIdentity(this IServiceCollection services)
    {
        services.AddIdentity<PortalUser, IdentityRole>(PasswordPolicy.Apply)
            .AddEntityFrameworkStores<MioKarteDbContext>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            // No 利用者ID, name, facility code or common password inside a password (ADR-0004).
            .AddPasswordValidator<PersonalPasswordValidator>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddSignInManager<PortalSignInManager>()
            .AddDefaultTokenProviders()
            // Each authenticator code works once (RFC 6238 §5.2): replaces Identity's provider of the same name.
            .AddTokenProvider<Areas.Account.Shared.OneTimeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider);

        // Wrong passwords are held back per typed ID and client address, one memory per process (docs/sign-in-and-sessions.md).
        services.AddSingleton<Areas.Account.SignIn.SignInThrottle>();
        services.AddScoped<Areas.Account.SignIn.SignInAlarm>();

        // Facility status is the gate for users (PortalSignInManager) and terminals alike.
        services.AddScoped<FacilityAccess>();

        // Authenticator enrolment, shared by activation, first sign-in and マイページ.
        services.AddScoped<Areas.Account.Shared.AuthenticatorEnrolment>();

        // Passkeys (WebAuthn) on Identity's own handler; the relying party from configuration (docs/security.md, パスキー).
        services.TryAddScoped<IPasskeyHandler<PortalUser>, PasskeyHandler<PortalUser>>();
        services.AddScoped<Areas.Account.Shared.PasskeyCeremony>();
        services.AddOptions<PasskeySettings>().BindConfiguration(PasskeySettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<IdentityPasskeyOptions>, PasskeySettings.Apply>();

        // Live sessions are checked on every request by SessionGate (the cookie's OnValidatePrincipal,
        // set by SessionLifetime), not by Identity's periodic security-stamp validator.
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = AuthCookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.Path = "/";
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/access-denied";
            SessionLifetime.Configure(cookie);
        });

        // Between the password and the authenticator code: who is signing in, for 5 minutes.
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, cookie =>
        {
            cookie.Cookie.Name = TwoFactorCookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });

        services.AddAuthorizationBuilder()
            // Secure by default: a page is for signed-in users unless it says [AllowAnonymous].
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddFacilityPolicies();

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookieName;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.HeaderName = "X-CSRF-TOKEN";
        });
    }

    private static void AddPortalMvc(this IServiceCollection services)
    {
        // Japanese text is written as characters, not as &#x...; entities (smaller pages, readable source).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(SupportedCultures[0]);
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            // Japanese unless the user chose English: the browser's language is not consulted.
            o.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = CultureCookieName }];
        });

        services.AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.Filters.Add(new ResponseCacheAttribute { NoStore = true, Location = ResponseCacheLocation.None });
                // Who may use an endpoint is its metadata, never its address (docs/security.md):
                // every action names its policy, and the facility areas get theirs by convention.
                o.Conventions.Add(new Access.FacilityAreaConvention());
                o.Filters.Add<Access.ExplicitAccessPolicyGate>();
                o.Filters.Add<ClientCertificateGate>();
                // Who acts is an action parameter built from the claims, never from the request's values.
                ActorModelBinderProvider.AddTo(o);
            })
            .AddViewLocalization(LanguageViewLocationExpanderFormat.Suffix)
            .AddDataAnnotationsLocalization(o =>
                o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
            .AddRazorOptions(o =>
            {
                // Feature folders: a controller's views sit beside it in Areas/{area}/{controller}/.
                o.AreaViewLocationFormats.Clear();
                o.AreaViewLocationFormats.Add("/Areas/{2}/{1}/{0}.cshtml");
                o.AreaViewLocationFormats.Add("/Areas/{2}/Shared/{0}.cshtml");
                o.AreaViewLocationFormats.Add("/Views/Shared/{0}.cshtml");
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Views/Shared/{0}.cshtml");
            });
        services.AddSingleton<IConfigureOptions<MvcOptions>, LocalizedModelBindingMessages>();
    }

    /// <summary>
    /// Migrates the database when configured, or else refuses to start on a database that lacks a
    /// migration of this version (a rolling upgrade applies them before the nodes restart); a
    /// database that is ahead (a newer version's expand step) is served. Then seeds the Development
    /// demo accounts and applications.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            MigrationState state;
            if (options.ShouldMigrateOnStart)
            {
                // A developer's database from before the baseline (ADR-0007) is recreated in Development
                // only; anywhere else the start stops with a message saying what to do.
                state = await DatabaseMigration.MigrateAsync(db, app.Environment.IsDevelopment(), app.Logger);
            }
            else if (!await db.Database.CanConnectAsync())
            {
                // Nothing to compare against: the node starts, /health/ready answers 503 until the database
                // answers, and live stays 200 so the orchestrator does not restart it in a loop.
                LogDatabaseUnreachableAtStart(app.Logger);
                return;
            }
            else
            {
                state = await DatabaseMigration.ReadStateAsync(db);
                if (state.Pending.Count > 0)
                {
                    throw new ConfigurationException(
                        $"The database lacks {state.Pending.Count} migration(s) this version needs ({string.Join(", ", state.Pending)}). " +
                        "Apply them before starting this node: 'dotnet MioKarte.Web.dll database migrate' or the script of " +
                        "'database script --output FILE' (docs/operations.md, upgrades). Database:MigrateOnStart is false.");
                }
            }

            // Migrating adds only migrations this build knows, so the state before it names the unknown ones.
            if (state.Unknown.Count > 0)
            {
                LogDatabaseAhead(app.Logger, string.Join(", ", state.Unknown));
            }
        }

        var dataFolder = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.ResolveDataFolder(app.Environment.ContentRootPath);
        await PortalDataProtection.ImportFolderKeysAsync(app.Services, dataFolder, app.Logger);
        // The one call into the development scaffolding at start (ADR-0008), as at composition: demo
        // data in Development only (the seeds check Demo:SeedAccounts themselves).
        if (app.Environment.IsDevelopment())
        {
            await app.SeedDemoDataAsync();
        }
    }

    /// <summary>The request pipeline, in the order each step needs.</summary>
    public static void UsePortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedClientAddress();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            // The path only: query strings may hold search terms such as a patient's kana name.
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            // ...and never a secret that travels in the path (LogRedaction).
            o.GetMessageTemplateProperties = (http, path, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(http.Request.Method)),
                new LogEventProperty("RequestPath", new ScalarValue(LogRedaction.Path(path))),
                new LogEventProperty("StatusCode", new ScalarValue(status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
            o.GetLevel = (http, _, ex) => ex is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
        });

        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler("/error");
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseHttpsRedirection();
        app.UsePortalResponseCompression();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseFormLimitPage();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        // Two kinds of Degraded. A warm-up still running (tag WarmingUp: the record path, the embedded
        // center's searches) is "not ready yet": 503, yet a normal state of a starting node, so it is
        // reported Degraded and not logged as an error. Any other Degraded (the data center unreachable,
        // a mail backlog) is "serving, with a warning": 200, so a load balancer does not take every node
        // out for a problem none of them can fix. Unhealthy (the database) is 503.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = ReadinessChecks.WriteAsync,
        }).AllowAnonymous();
        app.MapControllers();
        app.MapFallbackToAreaController("NotFoundPage", "Errors", "Public");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The database cannot be reached at start; its migrations are not checked and the node is not ready until it answers")]
    private static partial void LogDatabaseUnreachableAtStart(Microsoft.Extensions.Logging.ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database is ahead of this version (applied migrations it does not know: {Migrations}); starting, as a rolling upgrade's expand step requires")]
    private static partial void LogDatabaseAhead(Microsoft.Extensions.Logging.ILogger logger, string migrations);
}
