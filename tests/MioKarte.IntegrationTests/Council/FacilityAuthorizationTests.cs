using System.Net;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>The register is the council's alone: every other role, and nobody signed in, is turned away from every action.</summary>
public sealed class FacilityAuthorizationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly string[] Reads = ["", "?q=a&status=Active", "/export.csv", "/new", "/{id}", "/{id}/contacts"];
    private static readonly string[] Writes = ["/new", "/{id}/suspend", "/{id}/reinstate", "/{id}/withdraw", "/{id}/contacts"];

    [Theory]
    [InlineData(PortalRoles.Staff)]
    [InlineData(PortalRoles.FacilityAdministrator)]
    [InlineData(PortalRoles.SystemAdministrator)]
    public async Task Users_who_are_not_council_staff_are_refused_every_facilities_action(string role)
    {
        var facility = await portal.AddFacilityAsync("権限確認クリニック" + role);
        var userName = "outsider." + role.ToLowerInvariant();
        await portal.CreateUserAsync(userName, role, facilityId: facility.Id);
        using var client = await portal.SignedInClientAsync(userName);
        // A page carrying a valid antiforgery token of this user, so only authorization can refuse the posts.
        var home = await client.GetDocumentAsync("/");

        foreach (var path in Reads)
        {
            using var response = await client.GetAsync(new Uri("/council/facilities" + path.Replace("{id}", facility.Id.ToString(), StringComparison.Ordinal), UriKind.Relative));
            AssertDenied(response, path);
        }

        foreach (var path in Writes)
        {
            using var response = await client.PostWithTokenAsync(home, "/council/facilities" + path.Replace("{id}", facility.Id.ToString(), StringComparison.Ordinal),
                new Dictionary<string, string>
                {
                    ["version"] = facility.Version.ToString(),
                    ["reason"] = "権限のない操作",
                    ["FacilityName"] = "不正追加病院",
                    ["FacilityNameKana"] = "フセイ",
                    ["FacilityType"] = "Hospital",
                    ["InstitutionCode"] = "1313333336",
                    ["PostalCode"] = "192-0083",
                    ["Address"] = "東京都八王子市旭町1-1",
                    ["Phone"] = "042-600-1111",
                    ["UserAllowance"] = "1",
                    ["TerminalAllowance"] = "1",
                });
            AssertDenied(response, path);
        }

        var stored = await portal.ReloadAsync(facility.Id);
        Assert.Equal((FacilityStatus.Active, 1, "東京都八王子市散田町1-1"), (stored.Status, stored.Events.Count, stored.Address));
        Assert.Equal(0, await portal.CountFacilitiesAsync("不正追加病院"));
    }

    [Fact]
    public async Task Nobody_signed_in_is_sent_to_the_sign_in_page()
    {
        var facility = await portal.AddFacilityAsync("匿名確認クリニック");
        using var client = portal.CreatePortalClient();

        foreach (var path in Reads)
        {
            using var response = await client.GetAsync(new Uri("/council/facilities" + path.Replace("{id}", facility.Id.ToString(), StringComparison.Ordinal), UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("https://localhost/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    private static void AssertDenied(HttpResponseMessage response, string path)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
        Assert.StartsWith("https://localhost/account/access-denied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
