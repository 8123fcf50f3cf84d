using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MioKarte.EndToEndTests.Infrastructure;

/// <summary>
/// The portal on a real Kestrel HTTPS port on loopback, as the README's first command runs it:
/// Development settings, demo accounts, a development CA generated into a fresh data folder.
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), "miokarte-e2e-" + Guid.NewGuid().ToString("N"));

    public PortalServer()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps()));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUrl = address.TrimEnd('/');
    }

    /// <summary>For example https://127.0.0.1:41234.</summary>
    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Portal:DataFolder", dataFolder);
        builder.UseSetting("Portal:DevelopmentCertificate", "true");
        builder.UseSetting("Demo:SeedAccounts", "true");
        builder.UseSetting("DataCenter:Embedded", "false");
    }

    protected override void Dispose(bool disposing)
    {
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
