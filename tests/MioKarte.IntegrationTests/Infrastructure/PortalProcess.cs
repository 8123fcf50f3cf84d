using System.Diagnostics;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>The portal as an operator starts it: <c>dotnet MioKarte.Web.dll</c> beside the tests, in a process of its own.</summary>
public static class PortalProcess
{
    /// <summary>Output redirected, the environment and data folder set; the caller adds its settings and starts it.</summary>
    public static ProcessStartInfo StartInfo(string environment, string dataFolder, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MioKarte.Web.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["DOTNET_ENVIRONMENT"] = environment;
        info.Environment["Portal__DataFolder"] = dataFolder;
        return info;
    }
}
