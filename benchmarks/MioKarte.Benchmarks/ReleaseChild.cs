using System.Diagnostics;

namespace MioKarte.Benchmarks;

/// <summary>A project's Release build run as a child process (<c>dotnet {dll}</c>), as the runner starts the portal and the center.</summary>
internal static class ReleaseChild
{
    /// <summary>How to start <c>src/{project}</c>'s Release build in <paramref name="workingDirectory"/>, its output redirected; refuses when it is not built.</summary>
    public static ProcessStartInfo StartInfo(string repositoryRoot, string project, string workingDirectory)
    {
        var dll = Path.Combine(repositoryRoot, "src", project, "bin", "Release", "net10.0", project + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{Path.GetRelativePath(repositoryRoot, dll)} is missing: build Release first (scripts/benchmark-pages.sh does).");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }

    /// <summary>Hands each line the child writes (standard output and error) to <paramref name="read"/> as it comes.</summary>
    public static void ReadLines(Process child, Action<string?> read)
    {
        child.OutputDataReceived += (_, e) => read(e.Data);
        child.ErrorDataReceived += (_, e) => read(e.Data);
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
    }
}
