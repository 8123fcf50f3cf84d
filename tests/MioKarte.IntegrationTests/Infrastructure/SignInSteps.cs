using System.Net;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>Signs in through the real sign-in page, as a user would.</summary>
public static class SignInSteps
{
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
}
