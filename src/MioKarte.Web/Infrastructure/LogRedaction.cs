namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Paths that carry a secret token (a single-use activation token works like a password until it
/// is used; an applicant's status and draft links open their application): the request log writes
/// the path without the token and what follows it.
/// </summary>
public static class LogRedaction
{
    private static readonly string[] SecretSegmentPrefixes = ["/account/activate/", "/apply/status/", "/apply/resume/"];

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
