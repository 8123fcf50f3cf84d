using System.Net;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Identity;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>Signs in through the real sign-in page, as a user would.</summary>
public static class SignInSteps
{
    public const string CouncilStaffName = "連絡協議会 職員";

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string userName, string password)
    {
        var page = await client.GetDocumentAsync("/account/login");
        return await client.SubmitAsync(page.Form("/account/login"), new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
        });
    }

    public static async Task SignInSuccessfullyAsync(this HttpClient client, string userName, string password = PortalFactory.TestPassword)
    {
        using var response = await client.SignInAsync(userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>A new client, signed in as <paramref name="userName"/>.</summary>
    public static async Task<HttpClient> SignedInClientAsync(this PortalFactory portal, string userName, string password = PortalFactory.TestPassword)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync(userName, password);
        return client;
    }

    /// <summary>A council staff member, created on first use (the tests of a class share one portal).</summary>
    public static async Task EnsureCouncilStaffAsync(this PortalFactory portal, string userName, string displayName = CouncilStaffName)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var exists = await portal.WithServiceAsync<bool, UserManager<PortalUser>>(async users => await users.FindByNameAsync(userName) is not null);
        if (!exists)
        {
            await portal.CreateUserAsync(userName, PortalRoles.CouncilStaff, displayName);
        }
    }

    /// <summary>A new client signed in as council staff member <paramref name="userName"/>, created on first use.</summary>
    public static async Task<HttpClient> CouncilStaffClientAsync(this PortalFactory portal, string userName, string displayName = CouncilStaffName)
    {
        await portal.EnsureCouncilStaffAsync(userName, displayName);
        return await portal.SignedInClientAsync(userName);
    }
}
