namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Paths whose last segment is a secret (a single-use activation token works like a password until
/// it is used): the request log writes the path without it.
/// </summary>
public static class LogRedaction
{
    private static readonly string[] SecretSegmentPrefixes = ["/account/activate/"];

    public static string Path(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var prefix in SecretSegmentPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && path.Length > prefix.Length)
            {
                return prefix + "(token)";
            }
        }

        return path;
    }
}
