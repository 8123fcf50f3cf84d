using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
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

    [Fact]
    public async Task The_demo_hospital_and_clinic_exist_and_the_facility_accounts_belong_to_the_clinic_even_after_a_second_start()
    {
        using var client = portal.CreatePortalClient();
        await client.GetDocumentAsync("/"); // the host has started and run its start-up steps

        // A second start finds everything in place and adds nothing.
        await DemoAccounts.SeedAsync(portal.Services, portal.Services.GetRequiredService<IHostEnvironment>(), portal.Services.GetRequiredService<IConfiguration>());

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var facilities = await db.Facilities.AsNoTracking().OrderBy(f => f.Code).ToListAsync();
        Assert.Equal([("D00001", FacilityRole.Disclosing, "南多摩総合病院"), ("V00001", FacilityRole.Viewing, "南多摩クリニック（デモ）")],
            facilities.Select(f => (f.Code, f.Role, f.Name)));
        Assert.All(facilities, f => Assert.True(f.IsActive));
        var clinic = facilities.Single(f => f.Code == DemoAccounts.DemoClinicCode);
        var members = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.UserName!, u => u.FacilityId);
        Assert.Equal(DemoAccounts.All.Count, members.Count);
        foreach (var (userName, _, _) in DemoAccounts.All)
        {
            // facadmin and staff work in the clinic; council staff and system administrators belong to no facility.
            Assert.Equal(userName is "facadmin" or "staff" ? clinic.Id : null, members[userName]);
        }
    }

    [Fact]
    public async Task Development_starts_with_demo_applications_in_each_state_of_the_review_on_the_council_dashboard()
    {
        using var client = await portal.SignedInClientAsync("council", DemoAccounts.Password);

        var dashboard = await client.GetDocumentAsync("/council");
        var statuses = await portal.WithServiceAsync<List<ApplicationStatus>, MioKarteDbContext>(db =>
            db.ParticipationApplications.Select(a => a.Status).ToListAsync());

        Assert.Superset(
            new HashSet<ApplicationStatus> { ApplicationStatus.AwaitingDocuments, ApplicationStatus.UnderReview, ApplicationStatus.Returned, ApplicationStatus.Approved, ApplicationStatus.Rejected },
            statuses.ToHashSet());
        Assert.NotNull(dashboard.QuerySelector("#work-awaitingdocuments .work-item--overdue"));
        Assert.Contains("事務局2（デモ）", dashboard.QuerySelector("#work-approved .work-item__register")!.TextContent, StringComparison.Ordinal);
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
        var facilities = await portal.WithServiceAsync<int, MioKarteDbContext>(db => db.Facilities.CountAsync());

        Assert.Equal(0, count);
        Assert.Equal(0, facilities);
    }

    [Fact]
    public async Task Production_has_no_demo_application_even_when_configuration_asks_for_demo_data()
    {
        using var client = portal.CreatePortalClient();
        await client.GetDocumentAsync("/"); // the host has started and run its start-up steps

        var count = await portal.WithServiceAsync<int, MioKarteDbContext>(db => db.ParticipationApplications.CountAsync());

        Assert.Equal(0, count);
    }
}
