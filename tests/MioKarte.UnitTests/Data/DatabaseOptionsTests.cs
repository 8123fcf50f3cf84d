using MioKarte.Core.Data;
using MioKarte.Core.Hosting;

namespace MioKarte.UnitTests.Data;

public sealed class DatabaseOptionsTests
{
    private readonly DatabaseOptionsValidator validator = new();

    [Fact]
    public void SQLite_needs_no_connection_string_and_migrates_on_start_by_default()
    {
        var options = new DatabaseOptions();

        Assert.True(validator.Validate(null, options).Succeeded);
        Assert.True(options.ShouldMigrateOnStart);
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void A_server_database_without_a_connection_string_stops_the_start_with_a_clear_message(DatabaseProvider provider)
    {
        var result = validator.Validate(null, new DatabaseOptions { Provider = provider });

        Assert.True(result.Failed);
        Assert.Contains($"Database:ConnectionString is required when Database:Provider is {provider}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void A_server_database_does_not_migrate_on_start_unless_asked(DatabaseProvider provider)
    {
        Assert.False(new DatabaseOptions { Provider = provider, ConnectionString = "x" }.ShouldMigrateOnStart);
        Assert.True(new DatabaseOptions { Provider = provider, ConnectionString = "x", MigrateOnStart = true }.ShouldMigrateOnStart);
    }

    [Fact]
    public void An_unknown_provider_is_refused()
    {
        var result = validator.Validate(null, new DatabaseOptions { Provider = (DatabaseProvider)42 });

        Assert.True(result.Failed);
    }

    [Fact]
    public void A_relative_data_folder_is_resolved_against_the_content_root_and_created()
    {
        var root = Path.Combine(Path.GetTempPath(), "miokarte-root-" + Guid.NewGuid().ToString("N"));
        try
        {
            var resolved = new PortalOptions { DataFolder = "../data" }.ResolveDataFolder(Path.Combine(root, "app"));

            Assert.Equal(Path.Combine(root, "data"), resolved);
            Assert.True(Directory.Exists(resolved));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(resolved));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
