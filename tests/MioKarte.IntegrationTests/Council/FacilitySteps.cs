using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>The facilities register as stored, and the council's steps on it.</summary>
internal static class FacilitySteps
{
    public static async Task<Facility> ReloadAsync(this PortalFactory portal, Guid facilityId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().Facilities.AsNoTracking()
            .Include(f => f.Events).SingleAsync(f => f.Id == facilityId);
    }

    public static async Task<int> CountFacilitiesAsync(this PortalFactory portal, string name)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().Facilities.CountAsync(f => f.Name == name);
    }

    /// <summary>Opens the facility's page and submits one of its status forms, as the council would.</summary>
    public static async Task<HttpResponseMessage> SubmitStatusFormAsync(this HttpClient client, Guid facilityId, string action, string? reason = null)
    {
        var page = await client.GetDocumentAsync($"/council/facilities/{facilityId}");
        return await client.SubmitAsync(page.Form($"/council/facilities/{facilityId}/{action}"),
            reason is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["reason"] = reason });
    }
}
