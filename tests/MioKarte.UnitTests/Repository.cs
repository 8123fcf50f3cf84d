namespace MioKarte.UnitTests;

/// <summary>The repository these tests were built from, for tests that read its sources and docs.</summary>
internal static class Repository
{
    /// <summary>The folder holding MioKarte.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MioKarte.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("MioKarte.sln not found above the test binaries.");
    }
}
