using System.Diagnostics;
using System.Net.Sockets;

namespace MioKarte.Benchmarks;

/// <summary>
/// The reference data center as its own long-running process, as production runs it (docs/operations.md):
/// started once for a run (demo data seeded before it listens), while the portal in front of it is
/// restarted round after round. The portal then pays only its own first use after a restart; with the
/// embedded default it also pays the center's, both in one process on the same two cores.
/// </summary>
internal sealed class DataCenterProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly LastLines lastLines = new(40);

    private DataCenterProcess(Process process, int port, string dataFolder)
    {
        this.process = process;
        Port = port;
        DataFolder = dataFolder;
    }

    public int Port { get; }

    public string DataFolder { get; }

    /// <summary>CPU time the center has used so far, all threads.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>The portal's settings for this center: not embedded; its node certificate, CA and assertion key (made by the center's development wiring).</summary>
    public IReadOnlyDictionary<string, string> PortalSettings() => new Dictionary<string, string>
    {
        ["DataCenter__Embedded"] = "false",
        ["DataCenterGateway__BaseAddress"] = $"https://127.0.0.1:{Port}/",
        ["DataCenterGateway__ClientCertificatePath"] = Path.Combine(DataFolder, "certs", "portal-node.pfx"),
        ["DataCenterGateway__CaCertificatePath"] = Path.Combine(DataFolder, "certs", "development-ca.crt"),
        ["DataCenterGateway__AssertionSigningKeyPath"] = Path.Combine(DataFolder, "certs", "portal-node-assertion.pem"),
    };

    /// <summary>Starts the center's Release build on a free port; answers once it listens (it seeds the demo data before that).</summary>
    public static async Task<DataCenterProcess> StartAsync(string repositoryRoot, string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        var port = PortalProcess.FreePort();
        var start = ReleaseChild.StartInfo(repositoryRoot, "MioKarte.DataCenter", dataFolder);
        start.Environment["MIOKARTE_DataCenter__DataFolder"] = dataFolder;
        start.Environment["MIOKARTE_DataCenter__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["MIOKARTE_DataCenter__SeedDemoData"] = "true";
        var center = new DataCenterProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), port, dataFolder);
        ReleaseChild.ReadLines(center.process, center.Read);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            if (center.process.HasExited)
            {
                throw new InvalidOperationException($"The data center exited with code {center.process.ExitCode}:\n{center.Tail()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return center;
            }
            catch (SocketException)
            {
                await Task.Delay(250);
            }
        }

        await center.DisposeAsync();
        throw new TimeoutException("The data center did not listen within 10 minutes.");
    }

    public string Tail() => lastLines.ToString();

    public async ValueTask DisposeAsync()
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

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is not null)
        {
            lastLines.Add(line);
        }
    }
}
