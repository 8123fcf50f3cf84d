using System.ComponentModel.DataAnnotations;

namespace MioKarte.Core.Hosting;

/// <summary>Configuration section <c>Portal</c>: where the portal keeps its files.</summary>
public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>
    /// Folder for the SQLite database, logs, data-protection keys and generated development
    /// certificates. Relative paths are resolved against the content root.
    /// </summary>
    [Required]
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>
    /// Resolves <see cref="DataFolder"/> against <paramref name="contentRoot"/> and creates it, on Unix
    /// readable by the service account only: it holds the database, keys and logs.
    /// </summary>
    public string ResolveDataFolder(string contentRoot)
    {
        var path = Path.GetFullPath(Path.Combine(contentRoot, DataFolder));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
