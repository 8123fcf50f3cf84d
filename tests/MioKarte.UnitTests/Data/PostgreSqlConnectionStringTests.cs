using MioKarte.Core.Data;
using Npgsql;

namespace MioKarte.UnitTests.Data;

public sealed class PostgreSqlConnectionStringTests
{
    [Fact]
    public void Automatic_preparation_is_switched_on_when_the_configured_string_does_not_set_it()
    {
        var built = new NpgsqlConnectionStringBuilder(
            DatabaseRegistration.PostgreSqlConnectionString("Host=db.example;Database=miokarte;Username=portal"));

        Assert.Equal(DatabaseRegistration.AutoPreparedStatements, built.MaxAutoPrepare);
        Assert.Equal(2, built.AutoPrepareMinUsages);
        Assert.Equal("db.example", built.Host);
        Assert.Equal("miokarte", built.Database);
        Assert.Equal("portal", built.Username);
    }

    [Theory]
    [InlineData("Host=db.example;Max Auto Prepare=0", 0, 5)]
    [InlineData("Host=db.example;MaxAutoPrepare=10;Auto Prepare Min Usages=7", 10, 7)]
    public void An_operator_s_own_preparation_settings_are_kept(string configured, int maxAutoPrepare, int minUsages)
    {
        var built = new NpgsqlConnectionStringBuilder(DatabaseRegistration.PostgreSqlConnectionString(configured));

        Assert.Equal(maxAutoPrepare, built.MaxAutoPrepare);
        Assert.Equal(minUsages, built.AutoPrepareMinUsages);
    }
}
