using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

using MioKarte.Testing;

namespace MioKarte.IntegrationTests.Gateway;

/// <summary>
/// An independent FHIR R4 server: Medplum's FHIR router over its in-memory repository
/// (<c>tests/ThirdPartyFhir/server.mjs</c>, @medplum/fhir-router from the npm registry) behind node's
/// https server with mutual TLS (the network CA's server certificate; only client certificates of the
/// network CA get through the handshake). Started on a loopback port the OS picks; stopped by closing
/// its stdin. Its npm packages are installed here, lazily, with <c>npm ci</c> when missing or when
/// package-lock.json changed, so that a filtered <c>dotnet test</c> works as well as scripts/test.sh.
/// </summary>
public sealed class ThirdPartyFhirServer : IAsyncLifetime
{
    private static readonly Version MinimumNode = new(20, 19);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    private readonly StringBuilder errors = new();
    private Process? node;

    public GatewayPki Pki { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How long the server took from process start to listening (definitions indexed).</summary>
    public TimeSpan StartTime { get; private set; }

    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", "ThirdPartyFhir");

    public async Task InitializeAsync()
    {
        await CheckNodeAsync();
        await InstallPackagesAsync();

        var pem = Path.Combine(Pki.Folder, "third-party");
        Directory.CreateDirectory(pem);
        var cert = Path.Combine(pem, "server.pem");
        var key = Path.Combine(pem, "server-key.pem");
        await File.WriteAllTextAsync(cert, Pki.ServerCertificate.ExportCertificatePem());
        using (var ecdsa = Pki.ServerCertificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The test server certificate has no ECDSA key."))
        {
            await File.WriteAllTextAsync(key, ecdsa.ExportPkcs8PrivateKeyPem());
        }

        var clock = Stopwatch.StartNew();
        node = Start("node", ["server.mjs", "--cert", cert, "--key", key, "--ca", Pki.NetworkCa.PublicCertificatePath, "--port", "0"]);
        node.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        node.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(StartTimeout);
        string? line;
        try
        {
            line = await node.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"The third-party FHIR server did not report 'listening' within {StartTimeout.TotalSeconds:0} s. {Errors()}");
        }

        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The third-party FHIR server did not start (it printed '{line}'). {Errors()}");
        }

        StartTime = clock.Elapsed;
        BaseAddress = new Uri($"https://127.0.0.1:{int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture)}/fhir/");
    }

    /// <summary>
    /// Loads resources through the server's own FHIR API: one batch Bundle of <c>PUT Type/id</c>
    /// entries (ids kept, so references between them hold), sent over mutual TLS with <paramref name="http"/>.
    /// A batch, not a transaction: Medplum allows at most 50 updates in one transaction.
    /// </summary>
    public static async Task LoadAsync(HttpClient http, IEnumerable<string> resources)
    {
        ArgumentNullException.ThrowIfNull(http);
        // Written raw: a fixture may hold odd JSON (a repeated key) that the server must get as it is.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("resourceType", "Bundle");
            writer.WriteString("type", "batch");
            writer.WriteStartArray("entry");
            foreach (var json in resources)
            {
                using var resource = JsonDocument.Parse(json);
                writer.WriteStartObject();
                writer.WritePropertyName("resource");
                writer.WriteRawValue(json);
                writer.WriteStartObject("request");
                writer.WriteString("method", "PUT");
                writer.WriteString("url", $"{resource.RootElement.GetProperty("resourceType").GetString()}/{resource.RootElement.GetProperty("id").GetString()}");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        using var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await http.PostAsync(new Uri(string.Empty, UriKind.Relative), content);
        var answer = await response.Content.ReadAsStringAsync();
        using var result = JsonDocument.Parse(answer);
        // Each entry of a batch succeeds or fails on its own: all must have been stored.
        if (!response.IsSuccessStatusCode
            || result.RootElement.GetProperty("entry").EnumerateArray().Any(e => !e.GetProperty("response").GetProperty("status").GetString()!.StartsWith('2')))
        {
            throw new InvalidOperationException($"The third-party FHIR server refused the batch ({(int)response.StatusCode}): {answer[..Math.Min(answer.Length, 2000)]}");
        }
    }

    /// <summary>Loads every resource of a <see cref="SyntheticFhir"/> patient.</summary>
    public static Task LoadAsync(HttpClient http, SyntheticFhir.PatientData patient) =>
        LoadAsync(http, patient.ResourcesByType.Values.SelectMany(list => list));

    public async Task DisposeAsync()
    {
        if (node is not null)
        {
            // The server exits when its stdin ends; kill it only if it does not.
            node.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await node.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
            }

            node.Dispose();
        }

        Pki.Dispose();
    }

    private string Errors()
    {
        lock (errors)
        {
            return errors.Length == 0 ? string.Empty : "Its error output: " + errors.ToString().Trim();
        }
    }

    private static async Task CheckNodeAsync()
    {
        const string Missing = "The gateway's third-party FHIR server tests need Node.js {0} or later with npm on PATH (the machine image has them; "
            + "Debian's own nodejs package is too old for @medplum/fhir-router 4.5).";
        string output;
        try
        {
            using var version = Start("node", ["--version"]);
            output = (await version.StandardOutput.ReadToEndAsync()).Trim();
            await version.WaitForExitAsync();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, Missing, MinimumNode) + " " + ex.Message, ex);
        }

        if (!Version.TryParse(output.TrimStart('v'), out var found) || found < MinimumNode)
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, Missing, MinimumNode) + $" Found '{output}'.");
        }
    }

    /// <summary>
    /// Runs <c>npm ci</c> unless node_modules was installed from exactly this package.json and
    /// package-lock.json (a stamp of their hash, written after a successful install).
    /// </summary>
    private static async Task InstallPackagesAsync()
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            await File.ReadAllTextAsync(Path.Combine(Folder, "package.json")) + await File.ReadAllTextAsync(Path.Combine(Folder, "package-lock.json")))));
        var stamp = Path.Combine(Folder, "node_modules", ".miokarte-installed");
        if (File.Exists(stamp) && await File.ReadAllTextAsync(stamp) == hash)
        {
            return;
        }

        Process started;
        try
        {
            started = Start("npm", ["ci", "--no-audit", "--no-fund"]);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"npm is not on PATH: it installs the third-party FHIR server's packages in {Folder}. {ex.Message}", ex);
        }

        using var npm = started;
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(InstallTimeout);
        try
        {
            await npm.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"npm ci in {Folder} did not finish within {InstallTimeout.TotalMinutes:0} minutes.");
        }

        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {Folder} failed ({npm.ExitCode}): {await stdout} {await stderr}");
        }

        await File.WriteAllTextAsync(stamp, hash);
    }

    private static Process Start(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{fileName} could not be started.");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MioKarte.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("MioKarte.sln not found above the test binaries.");
    }
}
