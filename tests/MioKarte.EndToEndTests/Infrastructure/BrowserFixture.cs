using Microsoft.Playwright;

namespace MioKarte.EndToEndTests.Infrastructure;

/// <summary>One portal and one headless Debian Chromium for the whole suite (never a downloaded browser).</summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public BrowserFixture()
        : this(new PortalServer())
    {
    }

    /// <summary>A fixture of a journey that needs a differently started portal (e.g. with the embedded data center).</summary>
    protected BrowserFixture(PortalServer portal) => Portal = portal;

    public PortalServer Portal { get; }

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/test.sh, which installs Debian's chromium.");
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (own cookies) of the given device, trusting the development CA's certificate.</summary>
    public Task<IBrowserContext> NewContextAsync(Device device, bool bypassCsp = false) =>
        Browser.NewContextAsync(ContextOptions(Portal.BaseUrl, device, bypassCsp: bypassCsp));

    /// <summary>
    /// A context of <paramref name="device"/> on the portal at <paramref name="baseUrl"/>, in Japanese and
    /// Japan time, presenting <paramref name="certificate"/> (a terminal certificate) when given.
    /// </summary>
    public static BrowserNewContextOptions ContextOptions(string baseUrl, Device device, ClientCertificate? certificate = null, bool bypassCsp = false)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = device.Width, Height = device.Height },
            IsMobile = device.Touch,
            HasTouch = device.Touch,
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            // The portal's TLS certificate comes from the development CA generated for the run, which Chromium does not know.
            IgnoreHTTPSErrors = true,
            BypassCSP = bypassCsp,
            ClientCertificates = certificate is null ? null : [certificate],
        };
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
        Portal.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>The screens the portal must work on: a PC and an iPad in both orientations.</summary>
public sealed record Device(string Name, int Width, int Height, bool Touch)
{
    public static readonly Device Pc = new("pc", 1366, 768, false);
    public static readonly Device IpadLandscape = new("ipad-landscape", 1024, 768, true);
    public static readonly Device IpadPortrait = new("ipad-portrait", 768, 1024, true);

    public static Device ByName(string name) => name switch
    {
        "pc" => Pc,
        "ipad-landscape" => IpadLandscape,
        "ipad-portrait" => IpadPortrait,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public override string ToString() => Name;
}
