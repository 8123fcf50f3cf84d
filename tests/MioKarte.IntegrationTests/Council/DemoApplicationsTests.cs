using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.IntegrationTests.Hosting;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

public sealed class DemoApplicationsInDevelopmentTests(DevelopmentPortal portal) : IClassFixture<DevelopmentPortal>
{
    [Fact]
    public async Task Development_starts_with_demo_applications_in_each_state_of_the_review_on_the_council_dashboard()
    {
        using var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync("council", DemoAccounts.Password);

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

public sealed class DemoApplicationsInProductionTests(ProductionPortal portal) : IClassFixture<ProductionPortal>
{
    [Fact]
    public async Task Production_has_no_demo_application_even_when_configuration_asks_for_demo_data()
    {
        using var client = portal.CreatePortalClient();
        await client.GetDocumentAsync("/"); // the host has started and run its start-up steps

        var count = await portal.WithServiceAsync<int, MioKarteDbContext>(db => db.ParticipationApplications.CountAsync());

        Assert.Equal(0, count);
    }
}
