using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Areas.Apply.Application;

namespace MioKarte.IntegrationTests.Apply;

/// <summary>差戻し → the applicant corrects the application from the status link and resubmits it.</summary>
public sealed class ResubmitTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_returned_application_is_corrected_from_the_status_link_and_goes_back_to_review()
    {
        var token = await ReturnedApplicationAsync("差戻しクリニック");
        using var client = portal.CreatePortalClient();
        var status = await client.GetDocumentAsync($"/apply/status/{token}");
        Assert.Contains("開設者の役職をご確認ください。", status.Body!.TextContent, StringComparison.Ordinal);

        var page = await client.GetDocumentAsync($"/apply/status/{token}/edit");
        Assert.Equal("差戻しクリニック", ((IHtmlInputElement)page.GetElementById("FacilityName")!).Value);
        var corrections = new Dictionary<string, string> { ["FounderTitle"] = "理事長" };
        for (var step = 1; step <= ApplicationValidation.StepCount; step++)
        {
            var values = new Dictionary<string, string> { ["nav"] = "next" };
            foreach (var (key, value) in corrections.Where(c => ApplicationValidation.FieldsOf(step).Contains(c.Key)))
            {
                values[key] = value;
            }

            page = await client.SubmitAndFollowAsync(page.Form("/apply"), values);
        }

        var final = page.QuerySelector("button[formaction]")!;
        Assert.Equal($"/apply/status/{token}/resubmit", final.GetAttribute("formaction"));
        using var resubmitted = await client.SubmitAsync(page.Form("/apply"), new Dictionary<string, string>(), final.GetAttribute("formaction"));
        using var again = await client.SubmitAsync(page.Form("/apply"), new Dictionary<string, string>(), final.GetAttribute("formaction"));

        Assert.Equal(HttpStatusCode.Redirect, resubmitted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var application = await db.ParticipationApplications.Include(a => a.Events).SingleAsync(a => a.Data.FacilityName == "差戻しクリニック");
        Assert.Equal(ApplicationStatus.UnderReview, application.Status);
        Assert.Equal("理事長", application.Data.FounderTitle);
        Assert.Single(application.Events, e => e.Status == ApplicationStatus.UnderReview && e.Actor == "applicant");
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Kind == "ApplicationResubmitted" && m.Subject.Contains(application.ReceiptNumber)));
        // The Back button after 再提出 re-requests the edit page: it leads to the status page, not an error.
        using var editAfter = await client.GetAsync(new Uri($"/apply/status/{token}/edit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, editAfter.StatusCode);
        Assert.Equal($"/apply/status/{token}", editAfter.Headers.Location!.OriginalString);
        // ...and so does the confirmation step's address, the entry just before the status page.
        Assert.Equal("https://localhost/apply/step/5", page.Url);
        using var stepAfter = await client.GetAsync(new Uri("/apply/step/5", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, stepAfter.StatusCode);
        Assert.Equal($"/apply/status/{token}", stepAfter.Headers.Location!.OriginalString);

        // The applicant is told it went through; the council sees what changed, old → new.
        var confirmation = await client.FollowAsync(resubmitted);
        Assert.Contains("修正した内容で再提出しました。", confirmation.GetElementById("resubmitted")!.TextContent, StringComparison.Ordinal);
        using var council = await portal.CouncilStaffClientAsync("resubmit.council");
        var detail = await council.GetDocumentAsync($"/council/applications/{application.Id}");
        var change = Assert.Single(detail.QuerySelectorAll("#resubmission-changes tbody tr"));
        Assert.Equal("FounderTitle", change.GetAttribute("data-field"));
        Assert.Equal("院長", change.QuerySelector("del")!.TextContent);
        Assert.Equal("理事長", change.QuerySelector("ins")!.TextContent);
        Assert.DoesNotContain(ApplicationChanges.Marker, detail.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_application_that_is_not_returned_cannot_be_edited_and_its_edit_link_leads_to_its_status()
    {
        var token = await SubmitAsync("審査待ちクリニック");
        using var client = portal.CreatePortalClient();

        using var edit = await client.GetAsync(new Uri($"/apply/status/{token}/edit", UriKind.Relative));
        using var unknown = await client.GetAsync(new Uri("/apply/status/not-a-token/edit", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Equal($"/apply/status/{token}", edit.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<string> ReturnedApplicationAsync(string facilityName)
    {
        var token = await SubmitAsync(facilityName);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var application = await db.ParticipationApplications.SingleAsync(a => a.Data.FacilityName == facilityName);
        var now = portal.Clock.GetUtcNow().UtcDateTime;
        application.ReceiveDocuments("council-a", now);
        application.Return("council-a", "開設者の役職をご確認ください。", now);
        await db.SaveChangesAsync();
        return token;
    }

    private async Task<string> SubmitAsync(string facilityName)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<SubmitApplicationHandler>();
        var input = SampleApplication.Input(facilityName);
        var outcome = await handler.HandleAsync(input, Guid.NewGuid(), token => "https://localhost/apply/status/" + token);
        return Assert.IsType<SubmitOutcome.Submitted>(outcome).StatusToken;
    }
}
