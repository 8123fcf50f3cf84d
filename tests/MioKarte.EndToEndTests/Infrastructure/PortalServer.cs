using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Areas.Apply.Application;

namespace MioKarte.EndToEndTests.Infrastructure;

/// <summary>
/// The portal on a real Kestrel HTTPS port on loopback, as the README's first command runs it:
/// Development settings, demo accounts, a development CA generated into a fresh data folder.
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), "miokarte-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, string?> settings;

    /// <param name="settings">Settings over the Development defaults (e.g. terminal certificates required).</param>
    public PortalServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        this.settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps()));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUrl = address.TrimEnd('/');
        Running[BaseUrl] = this;
        Running[LocalhostUrl] = this;
    }

    /// <summary>
    /// The same portal by name, e.g. https://localhost:41234: what passkeys need (a relying-party id
    /// is a host name; a browser refuses WebAuthn on a bare IP address).
    /// </summary>
    public string LocalhostUrl => BaseUrl.Replace("://127.0.0.1:", "://localhost:", StringComparison.Ordinal);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PortalServer> Running = new(StringComparer.Ordinal);

    /// <summary>The running portal a page is on (its origin, e.g. https://127.0.0.1:41234).</summary>
    public static PortalServer At(string pageUrl) =>
        Running.TryGetValue(new Uri(pageUrl).GetLeftPart(UriPartial.Authority), out var portal)
            ? portal
            : throw new InvalidOperationException("No portal of this test run serves " + pageUrl);

    /// <summary>An authenticator code of <paramref name="key"/> that <paramref name="userName"/> has not used yet (<see cref="UnusedAuthenticatorCode"/>).</summary>
    public async Task<string> NextCodeAsync(string userName, string key)
    {
        await using var scope = Services.CreateAsyncScope();
        return await UnusedAuthenticatorCode.ForAsync(scope.ServiceProvider.GetRequiredService<MioKarteDbContext>(), userName, key);
    }

    /// <summary>For example https://127.0.0.1:41234.</summary>
    public string BaseUrl { get; }

    /// <summary>An active viewing facility of a journey's own (the demo clinic's accounts are shared by other journeys).</summary>
    public async Task<Facility> AddFacilityAsync(string code, string name)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var facility = Facility.Create(code, name, "テストシセツ", FacilityType.Clinic, FacilityRole.Viewing, null,
            "193-0832", "東京都八王子市散田町1-1", "042-600-0000", 5, 3, "e2e", DateTime.UtcNow);
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        return facility;
    }

    /// <summary>
    /// A valid application submitted through the real use case, as the public form does, with the
    /// administrator's mail <paramref name="email"/>; received and approved by <paramref name="approvedBy"/> when given.
    /// </summary>
    public async Task<ParticipationApplication> SubmitApplicationAsync(string facilityName, string email, string? approvedBy = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var input = new ApplicationInput
        {
            FacilityName = facilityName,
            FacilityNameKana = "ハチオウジサクラクリニック",
            FacilityType = nameof(FacilityType.Clinic),
            InstitutionCode = "0110113719",
            PostalCode = "193-0832",
            Address = "東京都八王子市散田町3-10-1",
            Phone = "042-663-0111",
            FounderName = "八王子 一郎",
            FounderTitle = "院長",
            ManagerName = "八王子 一郎",
            ManagerTitle = "院長",
            AdministratorName = "八王子 花子",
            AdministratorNameKana = "ハチオウジ ハナコ",
            AdministratorDepartment = "事務",
            AdministratorPhone = "042-663-0112",
            AdministratorEmail = email,
            UserCount = "4",
            PcTerminalCount = "2",
            IpadTerminalCount = "1",
            Connection = nameof(ConnectionType.InternetSsl),
            // The real clock: the desired start must lie one week to one year ahead.
            DesiredStartDate = DateTime.Today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            AgreesToIdLinkTerms = true,
            AgreesToOperatingRules = true,
            PrivacyPolicyUpdated = true,
        };
        var outcome = await scope.ServiceProvider.GetRequiredService<SubmitApplicationHandler>()
            .HandleAsync(input, Guid.NewGuid(), token => BaseUrl + "/apply/status/" + token);
        Assert.IsType<SubmitOutcome.Submitted>(outcome);
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var application = await db.ParticipationApplications.Include(a => a.Events).SingleAsync(a => a.Data.FacilityName == facilityName);
        if (approvedBy is not null)
        {
            application.ReceiveDocuments(approvedBy, DateTime.UtcNow);
            application.Approve(approvedBy, DateTime.UtcNow);
            await db.SaveChangesAsync();
        }

        return application;
    }

    /// <summary>
    /// Loads <paramref name="data"/> into the embedded data center through its own ingest path
    /// (a journey's own slice of the demo network, generated with a seed of its own).
    /// </summary>
    public async Task LoadIntoDataCenterAsync(MioKarte.DataCenter.Demo.DemoDataSet data)
    {
        var center = Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<MioKarte.Development.EmbeddedDataCenterService>().Single();
        await MioKarte.DataCenter.Demo.DemoSeeder.LoadAsync(
            center.CenterServices ?? throw new InvalidOperationException("The embedded data center did not start."), data, CancellationToken.None);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Portal:DataFolder", dataFolder);
        builder.UseSetting("Portal:DevelopmentCertificate", "true");
        builder.UseSetting("Demo:SeedAccounts", "true");
        // The embedded reference center on a free loopback port, empty: a journey loads the demo slice it needs.
        builder.UseSetting("DataCenter:Embedded", "true");
        builder.UseSetting("DataCenter:Url", $"https://127.0.0.1:{FreePort()}");
        builder.UseSetting("DataCenter:SeedDemoData", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        Running.TryRemove(BaseUrl, out _);
        Running.TryRemove(LocalhostUrl, out _);
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // A log file may still be open; the temp folder is cleaned by the OS.
            }
        }
    }
}
