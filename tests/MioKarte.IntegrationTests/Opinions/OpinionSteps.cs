using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Opinions;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Opinions;

/// <summary>The portal with the council's notification address configured.</summary>
public sealed class OpinionsPortal : PortalFactory
{
    public const string CouncilInbox = "council-inbox@example.jp";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Council:NotificationEmail"] = CouncilInbox,
    };
}

/// <summary>Members with a facility and an e-mail address, and the opinion form as a user fills it in.</summary>
public static class OpinionSteps
{
    private static int facilityNumber = 100;

    /// <summary>A user of <paramref name="role"/>, with a mail address and (when named) a facility of their own.</summary>
    public static async Task<string> CreateMemberAsync(
        this PortalFactory portal, string userName, string role, string displayName, string? email, string? facilityName)
    {
        var user = await portal.CreateUserAsync(userName, role, displayName);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var stored = await db.Users.SingleAsync(u => u.Id == user.Id);
        if (facilityName is not null)
        {
            var code = "V" + Interlocked.Increment(ref facilityNumber).ToString("D5", CultureInfo.InvariantCulture);
            var facility = Facility.Create(code, facilityName, "テスト", FacilityType.Clinic, FacilityRole.Viewing, null,
                "193-0832", "東京都八王子市散田町3-10-1", "042-663-0111", 5, 2, "test", portal.Clock.GetUtcNow().UtcDateTime);
            db.Facilities.Add(facility);
            stored.FacilityId = facility.Id;
        }

        stored.Email = email;
        stored.NormalizedEmail = email?.ToUpperInvariant();
        await db.SaveChangesAsync();
        return user.Id;
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

    public static async Task<Opinion> FindOpinionAsync(this PortalFactory portal, Guid id)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().Opinions.AsNoTracking().SingleAsync(o => o.Id == id);
    }
}
