using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

public sealed class DevelopmentPortal : PortalFactory
{
    protected override string EnvironmentName => "Development";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Demo:SeedAccounts"] = "true" };
}

public sealed class ProductionPortal : PortalFactory
{
    protected override string EnvironmentName => "Production";

    // Even a configuration mistake that asks for demo accounts must not create them in Production.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Demo:SeedAccounts"] = "true" };
}

public sealed class DemoAccountsInDevelopmentTests(DevelopmentPortal portal) : IClassFixture<DevelopmentPortal>
{
    [Theory]
    [InlineData("sysadmin", PortalRoles.SystemAdministrator)]
    [InlineData("council", PortalRoles.CouncilStaff)]
    [InlineData("council2", PortalRoles.CouncilStaff)]
    [InlineData("facadmin", PortalRoles.FacilityAdministrator)]
    [InlineData("staff", PortalRoles.Staff)]
    public async Task Each_demo_account_signs_in_with_its_role(string userName, string role)
    {
        using var client = portal.CreatePortalClient();

        await client.SignInSuccessfullyAsync(userName, DemoAccounts.Password);

        var account = await client.GetDocumentAsync("/account");
        Assert.Contains(userName, account.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        var roles = await portal.WithServiceAsync<IList<string>, UserManager<PortalUser>>(async users =>
            await users.GetRolesAsync((await users.FindByNameAsync(userName))!));
        Assert.Equal([role], roles);
    }
}

public sealed class DemoAccountsInProductionTests(ProductionPortal portal) : IClassFixture<ProductionPortal>
{
    [Fact]
    public async Task Production_has_no_demo_account_even_when_configuration_asks_for_them()
    {
        using var client = portal.CreatePortalClient();
        await client.GetDocumentAsync("/"); // the host has started and run its start-up steps

        var count = await portal.WithServiceAsync<int, UserManager<PortalUser>>(users => users.Users.CountAsync());

        Assert.Equal(0, count);
    }
}
