using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Development;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

public sealed class DevelopmentPortal : PortalFactory
{
    public DevelopmentPortal()
    {
        EnvironmentName = "Development";
        Settings = new Dictionary<string, string?> { ["Demo:SeedAccounts"] = "true" };
    }
}

public sealed class ProductionPortal : PortalFactory
{
    public ProductionPortal()
    {
        EnvironmentName = "Production";
        // Even a configuration mistake that asks for demo accounts must not create them in Production.
        Settings = new Dictionary<string, string?> { ["Demo:SeedAccounts"] = "true" };
    }
}

public sealed class DemoAccountsInDevelopmentTests(DevelopmentPortal portal) : IClassFixture<DevelopmentPortal>
{
    [Theory]
    [InlineData("sysadmin", PortalRoles.SystemAdministrator)]
    [InlineData("council", PortalRoles.CouncilStaff)]
    [InlineData("council2", PortalRoles.CouncilStaff)]
    [InlineData("facadmin", PortalRoles.FacilityAdministrator)]
    [InlineData("staff", PortalRoles.Staff)]
    [InlineData("doctor", PortalRoles.Staff)]
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
        Assert.Equal(
            [
                ("D00001", FacilityRole.Disclosing, "八王子みなみ総合病院", "1311234569"),
                ("D00002", FacilityRole.Disclosing, "多摩川記念病院", "1312345679"),
                ("D00003", FacilityRole.Disclosing, "浅川医療センター", "1313456780"),
                ("V00001", FacilityRole.Viewing, "南多摩クリニック（デモ）", "1310000029"),
            ],
            facilities.Select(f => (f.Code, f.Role, f.Name, f.InstitutionCode)));
        Assert.All(facilities, f => Assert.True(f.IsActive));
        var clinic = facilities.Single(f => f.Code == DemoAccounts.DemoClinicCode);
        var members = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.UserName!, u => u.FacilityId);
        Assert.Equal(DemoAccounts.All.Count, members.Count);
        foreach (var (userName, _, _) in DemoAccounts.All)
        {
            // facadmin, staff and doctor work in the clinic; council staff and system administrators belong to no facility.
            Assert.Equal(userName is "facadmin" or "staff" or "doctor" ? clinic.Id : null, members[userName]);
        }
    }

    [Fact]
    public async Task The_demo_clinic_has_linked_patients_the_embedded_data_center_knows_the_heavy_patient_at_all_three_hospitals()
    {
        using var client = await portal.SignedInClientAsync("staff", DemoAccounts.Password);
        // A second start adds no patient twice.
        await DemoAccounts.SeedAsync(portal.Services, portal.Services.GetRequiredService<IHostEnvironment>(), portal.Services.GetRequiredService<IConfiguration>());

        var list = await client.GetDocumentAsync("/patients");

        var rows = list.QuerySelectorAll("tr[data-patient]");
        Assert.Equal(DemoPatientLinks.OtherPatients + 1, rows.Length);
        var heavy = rows.Single(r => r.TextContent.Contains("山田　太郎", StringComparison.Ordinal));
        Assert.Equal(3, heavy.QuerySelectorAll(".linked-facilities li").Length);
        Assert.Matches(@"\d{4}/\d{2}/\d{2}", heavy.QuerySelector("td.optional")!.TextContent);
        var data = MioKarte.DataCenter.Demo.DemoDataGenerator.Full();
        var links = await portal.WithServiceAsync<List<(string Code, string PatientId)>, MioKarteDbContext>(async db =>
            (await db.PatientLinks.Join(db.Facilities, l => l.DisclosingFacilityId, f => f.Id, (l, f) => new { f.InstitutionCode, l.DisclosingPatientId }).ToListAsync())
                .Select(x => (x.InstitutionCode!, x.DisclosingPatientId)).ToList());
        var registered = data.Registrations.Values.SelectMany(r => r).Select(r => (r.FacilityCode, r.FacilityPatientId)).ToHashSet();
        Assert.All(links, l => Assert.Contains(l, registered));
        Assert.Superset(data.Registrations[MioKarte.DataCenter.Demo.DemoDataGenerator.HeavyPatientKey].Select(r => (r.FacilityCode, r.FacilityPatientId)).ToHashSet(), links.ToHashSet());
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
