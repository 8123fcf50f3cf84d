using System.Net;
using MioKarte.Core.Incidents;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Incidents;

/// <summary>The council's list of incident reports: open ones by default, filtered by status, kind and facility.</summary>
public sealed class CouncilIncidentQueueTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_list_shows_open_reports_by_default_and_filters_by_status_kind_and_facility()
    {
        var first = await portal.AddFacilityAsync("一覧確認医院");
        var second = await portal.AddFacilityAsync("一覧確認薬局");
        await portal.CreateFacilityAdministratorAsync("iq.first", first.Id);
        await portal.CreateFacilityAdministratorAsync("iq.second", second.Id);
        using var firstAdmin = await portal.SignedInClientAsync("iq.first");
        using var secondAdmin = await portal.SignedInClientAsync("iq.second");
        var malware = await firstAdmin.ReportSuccessfullyAsync(new Dictionary<string, string>(IncidentSteps.LostTerminal()) { ["Kind"] = nameof(IncidentKind.Malware) });
        portal.Clock.Advance(TimeSpan.FromMinutes(1));
        var misdelivery = await firstAdmin.ReportSuccessfullyAsync(new Dictionary<string, string>(IncidentSteps.LostTerminal()) { ["Kind"] = nameof(IncidentKind.MisdeliveryOrMisdisplay) });
        portal.Clock.Advance(TimeSpan.FromMinutes(1));
        var other = await secondAdmin.ReportSuccessfullyAsync(new Dictionary<string, string>(IncidentSteps.LostTerminal()) { ["Kind"] = nameof(IncidentKind.Other) });
        using var council = await portal.CouncilStaffClientAsync("iq.council");
        var detail = await council.GetDocumentAsync($"/council/incidents/{misdelivery}");
        using (var completed = await council.SubmitAsync(detail.Form($"/council/incidents/{misdelivery}/comment"), new Dictionary<string, string>(),
                   $"/council/incidents/{misdelivery}/complete"))
        {
            Assert.Equal(HttpStatusCode.Redirect, completed.StatusCode);
        }

        async Task<List<Guid>> ListedAsync(string query) =>
            (await council.GetDocumentAsync("/council/incidents" + query)).QuerySelectorAll("tbody a[href^='/council/incidents/']")
                .Select(a => Guid.Parse(a.GetAttribute("href")!.Split('/').Last())).Distinct().ToList();

        Assert.Equal([other, malware], await ListedAsync(""));
        Assert.Equal([misdelivery], await ListedAsync("?status=Completed"));
        Assert.Equal([other, misdelivery, malware], await ListedAsync("?status=all"));
        Assert.Equal([malware], await ListedAsync("?status=all&kind=Malware"));
        Assert.Equal([other], await ListedAsync("?facility=" + second.Code.ToLowerInvariant()));
        Assert.Equal([other, malware], await ListedAsync("?status=nonsense&kind=99"));

        // Each row links its kind (the incident's name) and its facility's name, not only the 受付番号.
        var row = (await council.GetDocumentAsync("/council/incidents")).QuerySelectorAll("tbody tr").First();
        Assert.Equal(3, row.QuerySelectorAll("a").Length);
        Assert.Contains(row.QuerySelectorAll("a"), a => a.TextContent == "その他" && a.GetAttribute("href") == $"/council/incidents/{other}");
        Assert.Contains(row.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/council/facilities/{second.Id}");
    }
}
