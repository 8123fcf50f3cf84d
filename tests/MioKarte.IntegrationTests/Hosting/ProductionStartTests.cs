using System.Diagnostics;
using System.Runtime.Versioning;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>
/// A Production start loads no development code (ADR-0008). The portal runs as an operator starts it,
/// <c>dotnet MioKarte.Web.dll</c> in a process of its own (this test process has loaded everything
/// already), and the assemblies it has loaded are read from <c>/proc/{pid}/maps</c>: .NET maps an
/// assembly's file when it first needs a type from it, so a file missing there was never needed.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ProductionStartTests
{
    [Fact]
    public async Task A_production_start_loads_neither_the_Firely_SDK_nor_the_reference_center_nor_the_scaffolding()
    {
        var loaded = await LoadedAssembliesOfAServingPortalAsync("Production", new Dictionary<string, string>());

        // The check sees managed assemblies at all: the portal's own and its EF model's.
        Assert.Contains("MioKarte.Web.dll", loaded);
        Assert.Contains("MioKarte.Core.dll", loaded);
        Assert.DoesNotContain(loaded, name => name.StartsWith("Hl7.Fhir", StringComparison.Ordinal));
        Assert.DoesNotContain("MioKarte.DataCenter.dll", loaded);
        Assert.DoesNotContain("MioKarte.Development.dll", loaded);
    }

    [Fact]
    public async Task The_same_check_sees_the_reference_center_when_the_embedded_default_runs()
    {
        var loaded = await LoadedAssembliesOfAServingPortalAsync("Testing", new Dictionary<string, string>
        {
            ["DataCenter__Embedded"] = "true",
            ["DataCenter__Url"] = $"https://127.0.0.1:{LoopbackPorts.Free()}",
            ["DataCenter__SeedDemoData"] = "false",
        });

        Assert.Contains("MioKarte.DataCenter.dll", loaded);
        Assert.Contains("MioKarte.Development.dll", loaded);
        Assert.Contains(loaded, name => name.StartsWith("Hl7.Fhir", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DataCenter__Embedded")]
    [InlineData("Portal__DevelopmentCertificate")]
    public async Task Production_refuses_a_development_setting_naming_it(string key)
    {
        using var portal = StartPortal("Production", new Dictionary<string, string> { [key] = "true" }, out var dataFolder);
        try
        {
            var output = portal.StandardOutput.ReadToEndAsync();
            var error = portal.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await portal.WaitForExitAsync(timeout.Token);

            Assert.NotEqual(0, portal.ExitCode);
            Assert.Contains($"{key.Replace("__", ":", StringComparison.Ordinal)} belong", await output + await error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    private static async Task<IReadOnlySet<string>> LoadedAssembliesOfAServingPortalAsync(string environment, Dictionary<string, string> settings)
    {
        var port = LoopbackPorts.Free();
        settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var portal = StartPortal(environment, settings, out var dataFolder);
        try
        {
            // Drained, so a chatty start cannot block on a full pipe.
            _ = portal.StandardOutput.ReadToEndAsync();
            var error = portal.StandardError.ReadToEndAsync();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!await IsLiveAsync(http))
            {
                Assert.False(portal.HasExited, "The portal stopped: " + (portal.HasExited ? await error : ""));
                Assert.True(DateTime.UtcNow < deadline, "The portal did not answer /health/live within 90 s.");
                await Task.Delay(250);
            }

            var maps = await File.ReadAllLinesAsync($"/proc/{portal.Id}/maps");
            return maps.Select(line => Path.GetFileName(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last()))
                .Where(name => name.EndsWith(".dll", StringComparison.Ordinal))
                .ToHashSet(StringComparer.Ordinal);
        }
        finally
        {
            portal.Kill(entireProcessTree: true);
            await portal.WaitForExitAsync();
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    private static async Task<bool> IsLiveAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static Process StartPortal(string environment, IReadOnlyDictionary<string, string> settings, out string dataFolder)
    {
        dataFolder = Directory.CreateTempSubdirectory("miokarte-start-").FullName;
        var info = PortalProcess.StartInfo(environment, dataFolder);
        info.Environment["Database__MigrateOnStart"] = "true";
        info.Environment["NetworkCa__Generate"] = "true";
        info.Environment["NetworkCa__PublicBaseUrl"] = "https://localhost/";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }
}
