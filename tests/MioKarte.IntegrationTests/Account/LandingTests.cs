using System.Net;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Incidents;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>Each role lands where its work is after sign-in, unless a returnUrl was given; signed-in pages carry one guide link.</summary>
public sealed class LandingTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Council_staff_land_on_the_council_dashboard()
    {
        await portal.EnsureCouncilStaffAsync("land.council");

        Assert.Equal("/council", await LandingOfAsync("land.council"));
    }

    [Fact]
    public async Task A_facility_administrator_lands_on_the_facility_console()
    {
        var facility = await portal.AddFacilityAsync("着地管理クリニック");
        await portal.CreateFacilityAdministratorAsync("land.admin", facility.Id);

        Assert.Equal("/facility", await LandingOfAsync("land.admin"));
    }

    [Fact]
    public async Task Staff_who_view_records_land_on_the_patients_list()
    {
        var facility = await portal.AddFacilityAsync("着地利用者クリニック");
        await portal.CreateMemberWithRightsAsync("land.staff", PortalRoles.Staff, facility.Id, UserRights.ViewClinicalData);

        Assert.Equal("/patients", await LandingOfAsync("land.staff"));
    }

    [Fact]
    public async Task A_return_url_given_to_sign_in_is_kept()
    {
        var facility = await portal.AddFacilityAsync("着地戻り先クリニック");
        await portal.CreateFacilityAdministratorAsync("land.return", facility.Id);
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync("/account/login?returnUrl=%2Fnotices");
        using var password = await client.SubmitAsync(page.Form("/account/login"), new Dictionary<string, string>
        {
            ["UserName"] = "land.return",
            ["Password"] = PortalFactory.TestPassword,
        });
        var codePage = await client.GetDocumentAsync(password.Headers.Location!.OriginalString);
        using var signedIn = await client.SubmitAsync(codePage.Form("/account/login/two-factor"), new Dictionary<string, string>
        {
            ["Code"] = await portal.NextCodeAsync("land.return", PortalFactory.TestAuthenticatorKey),
        });

        Assert.Equal("/notices", signedIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Signed_in_pages_carry_one_guide_link_instead_of_the_guide_menu()
    {
        await portal.EnsureCouncilStaffAsync("land.menu");
        using var visitor = portal.CreatePortalClient();
        using var member = await portal.SignedInClientAsync("land.menu");

        var anonymous = await visitor.GetDocumentAsync("/");
        var signedIn = await member.GetDocumentAsync("/council");

        Assert.Equal(9, anonymous.QuerySelectorAll(".site-nav a[href^='/guide/'], .site-nav a[href='/']").Length);
        Assert.Null(signedIn.QuerySelector(".site-nav"));
        Assert.Empty(signedIn.QuerySelectorAll("header a[href^='/guide/']"));
        var guide = Assert.Single(signedIn.QuerySelectorAll("header a[href='/guide']"));
        Assert.Equal("ご利用案内", guide.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(new Uri("/guide", UriKind.Relative))).StatusCode);
    }

    /// <summary>Signs in without a returnUrl and follows the landing redirect one step.</summary>
    private async Task<string?> LandingOfAsync(string userName)
    {
        using var client = portal.CreatePortalClient();
        using var signedIn = await client.SignInWithCodeAsync(userName);
        Assert.Equal("/account/start", signedIn.Headers.Location?.OriginalString);
        using var start = await client.GetAsync(new Uri("/account/start", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        return start.Headers.Location?.OriginalString;
    }
}
