using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.Core.Incidents;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Incidents;

/// <summary>Facility people with rights, and the report form filled in as a 管理責任者 would.</summary>
internal static class IncidentSteps
{
    /// <summary>A facility member in <paramref name="role"/> with <paramref name="rights"/> (the 管理責任者 holds ManageUsers).</summary>
    public static async Task<PortalUser> CreateMemberWithRightsAsync(
        this PortalFactory portal, string userName, string role, Guid facilityId, UserRights rights, string displayName = "試験 太郎")
    {
        var user = await portal.CreateUserAsync(userName, role, displayName, facilityId);
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var stored = await users.FindByIdAsync(user.Id) ?? throw new InvalidOperationException("The user was just created.");
        stored.Rights = rights;
        var result = await users.UpdateAsync(stored);
        Assert.True(result.Succeeded);
        return stored;
    }

    public static Task<PortalUser> CreateFacilityAdministratorAsync(this PortalFactory portal, string userName, Guid facilityId, string displayName = "管理 責任者") =>
        portal.CreateMemberWithRightsAsync(userName, PortalRoles.FacilityAdministrator, facilityId,
            UserRights.ManageUsers | UserRights.ViewClinicalData | UserRights.RegisterPatientLinks, displayName);

    /// <summary>The report form's values for a lost terminal; the terminals are ticked on the page.</summary>
    public static Dictionary<string, string> LostTerminal(string occurredAt = "2026-11-22T18:30") => new()
    {
        ["Kind"] = nameof(IncidentKind.TerminalLostOrStolen),
        ["OccurredAt"] = occurredAt,
        ["Description"] = "訪問診療の帰りに、車内に置いたiPadが盗まれた。",
        ["AffectedPatients"] = "不明（端末内に患者情報の保存なし。画面には最大5名分の一覧が表示されていた可能性）",
        ["MeasuresTaken"] = "警察へ届出済み。利用者のパスワードを変更した。",
    };

    /// <summary>Opens the report form, ticks the terminals named and submits it with <paramref name="values"/>.</summary>
    public static async Task<(HttpResponseMessage Response, IHtmlFormElement Form)> ReportAsync(
        this HttpClient client, IReadOnlyDictionary<string, string> values, params Guid[] terminals)
    {
        var page = await client.GetDocumentAsync("/facility/incidents/new");
        var form = page.Form("/facility/incidents");
        foreach (var box in form.QuerySelectorAll<IHtmlInputElement>("input[name=Terminals]"))
        {
            box.IsChecked = terminals.Contains(Guid.Parse(box.Value));
        }

        return (await client.SubmitAsync(form, values), form);
    }

    /// <summary>Reports and follows the redirect to the new incident's id.</summary>
    public static async Task<Guid> ReportSuccessfullyAsync(this HttpClient client, IReadOnlyDictionary<string, string> values, params Guid[] terminals)
    {
        var (response, _) = await client.ReportAsync(values, terminals);
        using (response)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return IdFrom(response);
        }
    }

    public static Guid IdFrom(HttpResponseMessage response)
    {
        var path = response.Headers.Location!.OriginalString;
        var id = path.Split('?')[0].Split('/').Last();
        return Guid.Parse(id);
    }

    public static Task<SecurityIncident> IncidentAsync(this PortalFactory portal, Guid id) =>
        portal.WithServiceAsync<SecurityIncident, MioKarteDbContext>(db => db.SecurityIncidents.AsNoTracking()
            .Include(i => i.Terminals).Include(i => i.Users).Include(i => i.Events)
            .SingleAsync(i => i.Id == id));
}
