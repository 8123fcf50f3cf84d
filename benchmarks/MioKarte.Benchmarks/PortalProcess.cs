using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace MioKarte.Benchmarks;

/// <summary>
/// The real portal as a child process, started as the README's first command starts it (the built
/// Release dll of src/MioKarte.Web, environment Development, embedded data center and demo data)
/// but on free loopback ports and a data folder of the caller's. Reads the portal's console log to
/// know when the demo data is in and to collect the server's own time of each request (the request
/// log line "HTTP GET {path} responded {status} in {ms} ms"). Killed on dispose, and when the runner
/// itself is stopped (Ctrl+C, SIGTERM), so no portal outlives a run.
/// </summary>
internal sealed partial class PortalProcess : IAsyncDisposable
{
    private const string SeededLine = "Embedded data center: demo data seeded";
    private const string SeedFailedLine = "demo data could not be seeded";
    private const string CenterNotStartedLine = "Embedded data center could not listen";

    private readonly Process process;
    private readonly List<ServerRequest> requests = [];
    private readonly LastLines lastLines = new(60);
    private readonly Dictionary<string, long> jitThreadTicks = [];
    private readonly TaskCompletionSource seeded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EventHandler onExit;
    private readonly ConsoleCancelEventHandler onCancel;

    private PortalProcess(Process process, Uri baseAddress, string caCertificatePath)
    {
        this.process = process;
        BaseAddress = baseAddress;
        CaCertificatePath = caCertificatePath;
        onExit = (_, _) => Kill();
        onCancel = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += onExit;
        Console.CancelKeyPress += onCancel;
    }

    /// <summary>For example https://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Why the portal is gone, when it has ended before the run ended it; else null.</summary>
    public string? Ended => process.HasExited ? $"the portal process ended during the run with code {process.ExitCode} (stopped from outside?)" : null;

    /// <summary>CPU time the portal process (with its embedded center) has used so far, all threads.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// CPU time of the runtime's background JIT thread (".NET Tiered Com", which recompiles hot methods
    /// with full optimisation): while it is busy the process is not yet warm, whatever the cache holds.
    /// Read from /proc, in the kernel's clock ticks (100 a second on Linux). The runtime ends that
    /// thread when idle and starts a new one later: each thread's last reading is kept.
    /// </summary>
    public TimeSpan TieredCompilationCpuTime
    {
        get
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{process.Id}/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(task, "comm")).Trim() != ".NET Tiered Com")
                    {
                        continue;
                    }

                    // Fields after the parenthesised name: state is field 3, utime and stime are 14 and 15.
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    jitThreadTicks[Path.GetFileName(task)] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The thread ended between listing and reading.
                }
            }

            return TimeSpan.FromSeconds(jitThreadTicks.Values.Sum() / 100.0);
        }
    }

    /// <summary>The development CA the portal generated in its data folder: the runner trusts it, and only it.</summary>
    public string CaCertificatePath { get; }

    /// <summary>How many request log lines have been read so far: a mark to collect the lines of one phase.</summary>
    public int RequestCount
    {
        get
        {
            lock (requests)
            {
                return requests.Count;
            }
        }
    }

    /// <summary>
    /// Starts the portal and waits until it answers /health/live; with <paramref name="seedsDemoData"/>
    /// (an empty data folder) also until the embedded center has loaded the demo data.
    /// </summary>
    public static async Task<PortalProcess> StartAsync(string repositoryRoot, string dataFolder, bool seedsDemoData, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        // The project folder as the content root, as `dotnet run --project src/MioKarte.Web` has it.
        var start = ReleaseChild.StartInfo(repositoryRoot, "MioKarte.Web", Path.Combine(repositoryRoot, "src", "MioKarte.Web"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"https://127.0.0.1:{port}";
        start.Environment["Portal__DataFolder"] = dataFolder;
        // Its own port for the embedded center: 5443 may be taken by a developer's portal on this machine.
        start.Environment["DataCenter__Url"] = $"https://127.0.0.1:{FreePort()}";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var child = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var portal = new PortalProcess(child, new Uri($"https://127.0.0.1:{port}/"), Path.Combine(dataFolder, "certs", "development-ca.crt"));
        ReleaseChild.ReadLines(child, portal.Read);
        try
        {
            await portal.WaitUntilAnsweringAsync(TimeSpan.FromMinutes(3));
            if (seedsDemoData)
            {
                // The first start loads ~50,000 resources in the background (10–20 s on a quiet machine).
                await portal.seeded.Task.WaitAsync(TimeSpan.FromMinutes(10));
            }
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }

        return portal;
    }

    /// <summary>An HttpClient for this portal that keeps cookies, follows no redirect (a redirect to sign-in must be seen) and trusts the development CA only.</summary>
    public HttpClient NewClient(CookieContainer cookies)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(CaCertificatePath);
        var handler = new SocketsHttpHandler
        {
            CookieContainer = cookies,
            UseCookies = true,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsIssuedBy(ca, certificate, errors),
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>
    /// The server's own times (ms) of the GETs of <paramref name="path"/> logged since <paramref name="mark"/>,
    /// with their status codes. The log line may be written just after the client has the response, hence the short wait.
    /// </summary>
    public async Task<List<ServerRequest>> RequestsSinceAsync(int mark, string path, int expected)
    {
        for (var wait = 0; wait < 50; wait++)
        {
            List<ServerRequest> found;
            lock (requests)
            {
                found = requests.Skip(mark).Where(r => r.Path == path).ToList();
            }

            if (found.Count >= expected || process.HasExited)
            {
                return found;
            }

            await Task.Delay(100);
        }

        lock (requests)
        {
            return requests.Skip(mark).Where(r => r.Path == path).ToList();
        }
    }

    /// <summary>The portal's last log lines, to explain a failure (the portal logs no patient data).</summary>
    public string Tail() => lastLines.ToString();

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= onExit;
        Console.CancelKeyPress -= onCancel;
        Kill();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with code {process.ExitCode}:\n{Tail()}");
            }

            if (File.Exists(CaCertificatePath))
            {
                using var client = NewClient(new CookieContainer());
                try
                {
                    // Ready, not only live: the portal warms its record path before it says so (RecordPathWarmUp),
                    // as a load balancer would wait for it.
                    using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The portal did not answer within {timeout.TotalSeconds:F0} s:\n{Tail()}");
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lastLines.Add(line);

        if (RequestLine().Match(line) is { Success: true } match)
        {
            lock (requests)
            {
                requests.Add(new ServerRequest(
                    match.Groups["path"].Value,
                    int.Parse(match.Groups["status"].Value, CultureInfo.InvariantCulture),
                    double.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture)));
            }
        }
        else if (line.Contains(SeededLine, StringComparison.Ordinal))
        {
            seeded.TrySetResult();
        }
        else if (line.Contains(SeedFailedLine, StringComparison.Ordinal) || line.Contains(CenterNotStartedLine, StringComparison.Ordinal))
        {
            seeded.TrySetException(new InvalidOperationException("The embedded data center failed: " + line));
        }
    }

    private static bool IsIssuedBy(X509Certificate2 ca, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(certificate);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"HTTP (?:GET|HEAD) (?<path>\S+) responded (?<status>\d{3}) in (?<ms>[0-9.]+) ms")]
    private static partial Regex RequestLine();
}

/// <summary>One request as the portal's request log saw it: path, status and the server's own time.</summary>
internal sealed record ServerRequest(string Path, int Status, double Ms);
