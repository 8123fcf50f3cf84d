using System.Linq.Expressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Core.Mail;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>
/// The portal in memory over a fresh database — a SQLite file in its own temp folder, or a database
/// of its own on PostgreSQL (<see cref="TestDatabase"/>) — migrated by the real migrations at
/// start-up (never the InMemory provider). The clock is a <see cref="FakeTimeProvider"/>
/// so session timeouts can be tested without waiting.
/// A test that needs other settings, another environment or a service swapped says so in an
/// initializer (<c>new PortalFactory { Settings = … }</c>, or a fixture's one-line constructor)
/// rather than in a subclass; subclasses are left for portals with state of their own.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string TestPassword = "Test-Passw0rd-2026!";

    /// <summary>The authenticator key (Base32) of every user made by <see cref="CreateUserAsync"/>; codes come from <see cref="AuthenticatorCodes.NextCodeAsync(PortalFactory, string, string)"/>.</summary>
    public const string TestAuthenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    /// <summary>Facility numbers handed out by <see cref="AddFacilityAsync"/>, unique across every portal of the run.</summary>
    private static int lastFacilityNumber = 1000;

    private readonly bool ownsDataFolder = true;

    public PortalFactory()
    {
        DataFolder = Path.Combine(Path.GetTempPath(), "miokarte-it-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataFolder);
        if (TestDatabase.IsPostgreSql)
        {
            ConnectionString = TestDatabase.CreatePostgreSqlDatabase();
        }
    }

    /// <summary>
    /// Another portal node over <paramref name="other"/>'s data folder and database (the same SQLite
    /// file, or the same PostgreSQL database, and network CA): two processes behind a load balancer.
    /// The first node removes the folder and drops the database.
    /// </summary>
    internal PortalFactory(PortalFactory other)
    {
        ArgumentNullException.ThrowIfNull(other);
        DataFolder = other.DataFolder;
        ConnectionString = other.ConnectionString;
        ownsDataFolder = false;
    }

    /// <summary>
    /// A portal over a data folder and database made elsewhere (a restored backup); it removes the
    /// folder and drops the database when disposed, as the default constructor's portal does.
    /// </summary>
    internal PortalFactory(string dataFolder, string? connectionString)
    {
        DataFolder = dataFolder;
        ConnectionString = connectionString;
    }

    public string DataFolder { get; }

    /// <summary>The connection string of this portal's own database on a server; null for SQLite (the file in <see cref="DataFolder"/>).</summary>
    public string? ConnectionString { get; }

    /// <summary>
    /// The portal's log files, once they hold <paramref name="marker"/> (e.g. a request id): request
    /// logging writes after the response has gone back to the client, so the line may come late.
    /// </summary>
    public async Task<string> ReadLogsOnceTheyContainAsync(string marker)
    {
        var log = await ReadLogsAsync();
        for (var i = 0; i < 50 && !log.Contains(marker, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            log = await ReadLogsAsync();
        }

        return log;
    }

    private async Task<string> ReadLogsAsync()
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.GetFiles(Path.Combine(DataFolder, "logs")))
        {
            // The file sink keeps the file open: read it shared.
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));

    // The constructors above are internal, not public: xunit requires a class fixture to have exactly one public constructor.

    /// <summary>The hosting environment: Testing, or Development / Production for what only they do.</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>This portal's own settings (they win over the defaults in <see cref="ConfigureWebHost"/>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Services swapped or added after the portal's own (a stand-in, an interceptor, a startup filter).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Settings known only when the portal starts (a stand-in center's address, made in a fixture's start-up); they win over <see cref="Settings"/>.</summary>
    protected virtual IReadOnlyDictionary<string, string?> LateSettings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Portal:DataFolder", DataFolder);
        builder.UseSetting("Portal:DevelopmentCertificate", "false");
        builder.UseSetting("Demo:SeedAccounts", "false");
        builder.UseSetting("DataCenter:Embedded", "false");
        builder.UseSetting("NetworkCa:Generate", "true");
        builder.UseSetting("NetworkCa:PublicBaseUrl", "https://localhost/");
        if (ConnectionString is not null)
        {
            builder.UseSetting("Database:Provider", TestDatabase.Provider.ToString());
            builder.UseSetting("Database:ConnectionString", ConnectionString);
            builder.UseSetting("Database:MigrateOnStart", "true");
        }
        // Thousands of made-up lab results mapped at every test portal's start would only slow the suite; its own test switches it on.
        builder.UseSetting("Records:WarmUpLabResults", "0");
        // The in-memory server has no TLS: terminal certificates are tested on a real port (ClientCertificateGateTests).
        // Relaxed is refused in Production (a portal of that environment keeps the default, Required).
        if (EnvironmentName is "Testing" or "Development")
        {
            builder.UseSetting("ClientCertificates:Mode", "Relaxed");
        }
        foreach (var (key, value) in Settings.Concat(LateSettings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
        if (TestServices is { } replace)
        {
            builder.ConfigureTestServices(replace);
        }
    }

    /// <summary>A client on https://localhost that keeps cookies and does not follow redirects.</summary>
    public HttpClient CreatePortalClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });
        AuthenticatorCodes.Remember(client, this);
        return client;
    }

    /// <summary>
    /// Creates a user with <see cref="TestPassword"/> in <paramref name="role"/>, a member of
    /// <paramref name="facilityId"/> when given, with <paramref name="email"/> when given, and with
    /// two-factor sign-in enrolled with <see cref="TestAuthenticatorKey"/> (every role must use it)
    /// unless <paramref name="enrolAuthenticator"/> is false.
    /// </summary>
    public async Task<PortalUser> CreateUserAsync(
        string userName, string role, string displayName = "試験 太郎", Guid? facilityId = null, string? email = null,
        bool enrolAuthenticator = true)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = userName, DisplayName = displayName, FacilityId = facilityId, Email = email };
        var result = await users.CreateAsync(user, TestPassword);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, role);
        }

        if (result.Succeeded && enrolAuthenticator)
        {
            var store = (IUserAuthenticatorKeyStore<PortalUser>)scope.ServiceProvider.GetRequiredService<IUserStore<PortalUser>>();
            await store.SetAuthenticatorKeyAsync(user, TestAuthenticatorKey, CancellationToken.None);
            result = await users.SetTwoFactorEnabledAsync(user, true);
        }

        return result.Succeeded
            ? user
            : throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>A new active facility with a code no other test uses; <paramref name="then"/> may move it before it is saved.</summary>
    public async Task<Facility> AddFacilityAsync(
        string name, string kana = "テストシセツ", FacilityRole role = FacilityRole.Viewing, FacilityType type = FacilityType.Clinic,
        string? institutionCode = null, int userAllowance = 5, Action<Facility>? then = null)
    {
        var code = FacilityCode.Format(role, Interlocked.Increment(ref lastFacilityNumber));
        var facility = Facility.Create(code, name, kana, type, role, institutionCode, "193-0832", "東京都八王子市散田町1-1", "042-600-0000",
            userAllowance, 3, "seed", Clock.GetUtcNow().UtcDateTime);
        then?.Invoke(facility);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        return facility;
    }

    /// <summary>The mails queued in the outbox that <paramref name="match"/>, oldest first.</summary>
    public Task<List<OutboxMessage>> OutboxAsync(Expression<Func<OutboxMessage, bool>> match) =>
        WithServiceAsync<List<OutboxMessage>, MioKarteDbContext>(db =>
            db.OutboxMessages.AsNoTracking().Where(match).OrderBy(m => m.CreatedAtUtc).ToListAsync());

    public async Task<T> WithServiceAsync<T, TService>(Func<TService, Task<T>> use)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(use);
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsDataFolder)
        {
            SqliteConnection.ClearAllPools();
            if (ConnectionString is not null)
            {
                TestDatabase.DropPostgreSqlDatabase(ConnectionString);
            }
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
                // A log file may still be held open by the last request; the temp folder is cleaned by the OS.
            }
        }
    }
}
