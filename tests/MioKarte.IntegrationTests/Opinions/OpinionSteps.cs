using System.Net;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.Core.Opinions;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Opinions;

/// <summary>The portal with the council's notification address configured.</summary>
public sealed class OpinionsPortal : PortalFactory
{
    public const string CouncilInbox = "council-inbox@example.jp";

    public OpinionsPortal() => Settings = new Dictionary<string, string?> { ["Council:NotificationEmail"] = CouncilInbox };
}

/// <summary>Members with a facility and an e-mail address, and the opinion form as a user fills it in.</summary>
public static class OpinionSteps
{
    /// <summary>A user of <paramref name="role"/>, with a mail address and (when named) a facility of their own.</summary>
    public static async Task<PortalUser> CreateMemberAsync(
        this PortalFactory portal, string userName, string role, string displayName, string? email, string? facilityName)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var facility = facilityName is null ? null : await portal.AddFacilityAsync(facilityName);
        return await portal.CreateUserAsync(userName, role, displayName, facility?.Id, email);
    }

    public static Dictionary<string, string> Values(string subject, string body, OpinionCategory category = OpinionCategory.Request) => new()
    {
        ["Category"] = category.ToString(),
        ["Subject"] = subject,
        ["Body"] = body,
    };

    /// <summary>Sends an opinion through /opinions/new and returns its id (from the redirect).</summary>
    public static async Task<Guid> SendOpinionAsync(this HttpClient client, Dictionary<string, string> values)
    {
        var page = await client.GetDocumentAsync("/opinions/new");
        using var response = await client.SubmitAsync(page.Form("/opinions"), values);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/opinions/", location, StringComparison.Ordinal);
        return Guid.Parse(location["/opinions/".Length..location.IndexOf('?', StringComparison.Ordinal)]);
    }

    public static Task<Opinion> FindOpinionAsync(this PortalFactory portal, Guid id)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return portal.WithServiceAsync<Opinion, MioKarteDbContext>(db => db.Opinions.AsNoTracking().SingleAsync(o => o.Id == id));
    }
}
