using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Areas.Apply.Application;

namespace MioKarte.IntegrationTests.Council;

/// <summary>An application made for a council test: its id, receipt number and the applicant's status token.</summary>
public sealed record TestApplication(Guid Id, string ReceiptNumber, string StatusToken);

/// <summary>Applications in any status, and council staff signed in through the real sign-in page.</summary>
public static class CouncilSteps
{
    private static int receiptSequence = 900000;

    /// <summary>
    /// Stores a valid application (the sample one, changed by <paramref name="change"/>) submitted at
    /// <paramref name="submittedAtUtc"/> and moved to <paramref name="status"/> as the workflow gets
    /// there; reviewed and approved by <paramref name="reviewer"/>.
    /// </summary>
    public static async Task<TestApplication> AddApplicationAsync(
        this PortalFactory portal,
        string facilityName,
        ApplicationStatus status = ApplicationStatus.AwaitingDocuments,
        Func<ParticipationApplicationData, ParticipationApplicationData>? change = null,
        DateTime? submittedAtUtc = null,
        string reviewer = "council-reviewer")
    {
        ArgumentNullException.ThrowIfNull(portal);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector(SubmitApplicationHandler.TokenPurpose);
        var input = SampleApplication.Input(facilityName);
        ApplicationValidation.Normalise(input);
        var data = ApplicationValidation.ToData(input);
        data = change is null ? data : change(data);
        var at = submittedAtUtc ?? portal.Clock.GetUtcNow().UtcDateTime.AddDays(-3);
        var receipt = "MK-2026-" + Interlocked.Increment(ref receiptSequence).ToString("D6", CultureInfo.InvariantCulture);
        var (application, token) = ParticipationApplication.Submit(data, Guid.NewGuid(), receipt, at, protector.Protect);
        MoveTo(application, status, reviewer, at.AddHours(1));
        db.ParticipationApplications.Add(application);
        await db.SaveChangesAsync();
        return new TestApplication(application.Id, receipt, token);
    }

    public static void MoveTo(ParticipationApplication application, ApplicationStatus status, string reviewer, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(application);
        switch (status)
        {
            case ApplicationStatus.AwaitingDocuments:
                break;
            case ApplicationStatus.UnderReview:
                application.ReceiveDocuments(reviewer, at);
                break;
            case ApplicationStatus.Returned:
                application.ReceiveDocuments(reviewer, at);
                application.Return(reviewer, "開設者の役職をご確認ください。", at.AddMinutes(1));
                break;
            case ApplicationStatus.Approved:
                application.ReceiveDocuments(reviewer, at);
                application.Approve(reviewer, at.AddMinutes(1));
                break;
            case ApplicationStatus.Registered:
                application.ReceiveDocuments(reviewer, at);
                application.Approve(reviewer, at.AddMinutes(1));
                application.CompleteRegistration("council-registrar", at.AddMinutes(2), requireFourEyes: true);
                break;
            case ApplicationStatus.Rejected:
                application.Reject(reviewer, "対象地域外です。", at);
                break;
            case ApplicationStatus.Received:
                throw new ArgumentOutOfRangeException(nameof(status), status, "An application never rests in Received.");
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, null);
        }
    }

    /// <summary>A new council staff member, signed in on a new client.</summary>
    public static async Task<(HttpClient Client, string UserName)> SignedInCouncilStaffAsync(this PortalFactory portal, string displayName)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var userName = "council-" + Guid.NewGuid().ToString("N")[..10];
        await portal.CreateUserAsync(userName, PortalRoles.CouncilStaff, displayName);
        var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync(userName);
        return (client, userName);
    }

    public static async Task<ParticipationApplication> StoredAsync(this PortalFactory portal, Guid id)
    {
        ArgumentNullException.ThrowIfNull(portal);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        return await db.ParticipationApplications.AsNoTracking().Include(a => a.Events).SingleAsync(a => a.Id == id);
    }

    /// <summary>Posts to <paramref name="action"/> with the page's antiforgery token, as a crafted request would.</summary>
    public static Task<HttpResponseMessage> PostWithTokenAsync(this HttpClient client, IDocument page, string action, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(page);
        var token = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var fields = new Dictionary<string, string>(values) { ["__RequestVerificationToken"] = token };
        return client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    public static async Task<IDocument> FollowAsync(this HttpClient client, HttpResponseMessage redirect)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(redirect);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, redirect.StatusCode);
        return await client.GetDocumentAsync(redirect.Headers.Location!.OriginalString);
    }
}
