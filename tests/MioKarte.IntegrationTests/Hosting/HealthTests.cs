using System.Net;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

public sealed class HealthTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy_without_signing_in(string path)
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>A portal whose database cannot be opened: live, but not ready.</summary>
public sealed class BrokenDatabasePortal : PortalFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // Read-only open of a file that does not exist, or a database the server does not have: every connection fails.
        ["Database:ConnectionString"] = TestDatabase.IsPostgreSql
            ? TestDatabase.UnreachablePostgreSql()
            : "Data Source=" + Path.Combine(DataFolder, "missing", "none.db") + ";Mode=ReadOnly",
        ["Database:MigrateOnStart"] = "false",
    };
}

public sealed class UnreachableDatabaseTests(BrokenDatabasePortal portal) : IClassFixture<BrokenDatabasePortal>
{
    [Fact]
    public async Task Ready_fails_when_the_database_is_unreachable_while_live_still_answers()
    {
        using var client = portal.CreatePortalClient();

        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.DoesNotContain("Data Source", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
