using System.Diagnostics;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>
/// scripts/backup.sh and restore.sh run as an operator runs them: bash, the portal's commands in
/// separate processes (the MioKarte.Web.dll beside the tests), configured by environment variables.
/// </summary>
internal static class OperatorScripts
{
    public static async Task<(int Exit, string Output)> RunAsync(string script, IReadOnlyList<string> arguments, string dataFolder, string? connectionString)
    {
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["MIOKARTE_PORTAL_DLL"] = Path.Combine(AppContext.BaseDirectory, "MioKarte.Web.dll");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        info.Environment["Portal__DataFolder"] = dataFolder;
        info.Environment["DataCenter__Embedded"] = "false";
        info.Environment["NetworkCa__Generate"] = "true";
        if (connectionString is not null)
        {
            info.Environment["Database__Provider"] = TestDatabase.Provider.ToString();
            info.Environment["Database__ConnectionString"] = connectionString;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "scripts", "backup.sh")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("scripts/backup.sh not found above the test binaries.");
    }
}
