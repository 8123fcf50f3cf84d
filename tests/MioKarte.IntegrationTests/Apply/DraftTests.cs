using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Apply;

/// <summary>下書き保存 and 再開: each test has its own portal because some move the clock.</summary>
public sealed partial class DraftTests : IDisposable
{
    private readonly PortalFactory portal = new();

    [Fact]
    public async Task A_draft_is_mailed_as_a_link_that_resumes_at_the_same_step_with_every_value()
    {
        using var client = portal.CreatePortalClient();
        var link = await SaveDraftAtStep2Async(client, "draft@example.jp");

        var resumed = await client.GetDocumentAsync(link);

        Assert.Contains("ステップ 2/5", resumed.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("下書きクリニック", ((IHtmlInputElement)resumed.QuerySelector("input[name=FacilityName]")!).Value);
        Assert.Equal("南多摩 一郎".Replace(' ', '\u3000'), ((IHtmlInputElement)resumed.GetElementById("FounderName")!).Value);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var draft = await db.ApplicationDrafts.SingleAsync();
        Assert.DoesNotContain(link.Split('/')[^1], draft.TokenHash, StringComparison.Ordinal);
        Assert.Equal(portal.Clock.GetUtcNow().UtcDateTime.AddDays(14), draft.ExpiresAtUtc);
    }

    [Fact]
    public async Task Submitting_a_resumed_draft_empties_the_draft_and_its_link_then_leads_to_the_status_page()
    {
        using var client = portal.CreatePortalClient();
        var link = await SaveDraftAtStep2Async(client, "draft@example.jp");
        var page = await client.GetDocumentAsync(link);
        foreach (var step in Steps)
        {
            page = await client.SubmitAndFollowAsync(page.Form("/apply"), new Dictionary<string, string>(step) { ["nav"] = "next" });
        }

        using var submitted = await client.SubmitAsync(page.Form("/apply"), new Dictionary<string, string>(), "/apply/submit");

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var draft = await db.ApplicationDrafts.SingleAsync();
        Assert.Equal(("", ""), (draft.InputJson, draft.Email)); // the personal data went with the submit
        Assert.Equal(1, await db.ParticipationApplications.CountAsync(a => a.Data.FacilityName == "下書きクリニック"));

        using var again = await client.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var said = await HtmlClient.ParseAsync(again);
        Assert.Equal("この下書きの申込は送信済みです", said.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(submitted.Headers.Location!.OriginalString, said.GetElementById("status-link")!.GetAttribute("href"));
        Assert.Null(said.QuerySelector("input[name=FacilityName]"));
    }

    [Fact]
    public async Task A_step_of_a_submitted_form_sent_again_leads_to_its_status_and_stores_nothing_more()
    {
        using var client = portal.CreatePortalClient();
        var page = await client.GetDocumentAsync("/apply");
        foreach (var step in SampleApplication.Steps("戻るボタンクリニック"))
        {
            page = await client.SubmitAndFollowAsync(page.Form("/apply"), new Dictionary<string, string>(step) { ["nav"] = "next" });
        }

        using var submitted = await client.SubmitAsync(page.Form("/apply"), new Dictionary<string, string>(), "/apply/submit");
        // The Back button (the browser resends the confirmation step's POST): the status page, not the form.
        using var back = await client.SubmitAsync(page.Form("/apply"), new Dictionary<string, string> { ["nav"] = "back" });

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal(submitted.Headers.Location, back.Headers.Location);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        Assert.Equal(1, await db.ParticipationApplications.CountAsync(a => a.Data.FacilityName == "戻るボタンクリニック"));
    }

    [Fact]
    public async Task Saving_a_draft_redirects_so_a_reload_does_not_save_or_mail_it_again()
    {
        using var client = portal.CreatePortalClient();
        var page = await client.GetDocumentAsync("/apply");

        using var saved = await client.SubmitAsync(page.Form("/apply"), new Dictionary<string, string>
        {
            ["FacilityName"] = "再読込クリニック",
            ["draftEmail"] = "reload@example.jp",
            ["nav"] = "draft",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/apply/draft-saved", saved.Headers.Location!.OriginalString);
        var shown = await client.GetDocumentAsync("/apply/draft-saved");
        Assert.Contains("reload@example.jp", shown.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        var reloaded = await client.GetDocumentAsync("/apply/draft-saved");
        Assert.DoesNotContain("reload@example.jp", reloaded.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().ApplicationDrafts.CountAsync());
    }

    [Fact]
    public async Task A_link_older_than_14_days_says_it_has_expired()
    {
        using var client = portal.CreatePortalClient();
        var link = await SaveDraftAtStep2Async(client, "draft@example.jp");

        portal.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        using var response = await client.GetAsync(new Uri(link, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Equal("リンクの有効期限が切れています", page.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_unknown_link_is_a_404()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri("/apply/resume/not-a-real-token", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_draft_needs_an_address_to_send_the_link_to()
    {
        using var client = portal.CreatePortalClient();
        var page = await client.GetDocumentAsync("/apply");

        var again = await client.SubmitAndFollowAsync(page.Form("/apply"), new Dictionary<string, string>
        {
            ["FacilityName"] = "宛先なしクリニック",
            ["draftEmail"] = "",
            ["nav"] = "draft",
        });

        Assert.NotNull(again.GetElementById("DraftEmail-error"));
        Assert.Equal("宛先なしクリニック", ((IHtmlInputElement)again.GetElementById("FacilityName")!).Value);
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().ApplicationDrafts.CountAsync());
    }

    /// <summary>Steps 2–4 of the sample, to finish a draft saved on step 2.</summary>
    private static readonly Dictionary<string, string>[] Steps = SampleApplication.Steps()[1..];

    /// <summary>Fills step 1, saves a draft on step 2 with the founder typed, and returns the mailed link's path.</summary>
    private async Task<string> SaveDraftAtStep2Async(HttpClient client, string email)
    {
        var page = await client.GetDocumentAsync("/apply");
        var step2 = await client.SubmitAndFollowAsync(page.Form("/apply"), new Dictionary<string, string>(SampleApplication.Steps("下書きクリニック")[0]) { ["nav"] = "next" });

        using var saved = await client.SubmitAsync(step2.Form("/apply"), new Dictionary<string, string>
        {
            ["FounderName"] = "南多摩 一郎",
            ["draftEmail"] = email,
            ["nav"] = "draft",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var confirmation = await client.GetDocumentAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains(email, confirmation.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        await using var scope = portal.Services.CreateAsyncScope();
        var mail = await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().OutboxMessages
            .Where(m => m.Kind == "ApplicationDraft" && m.ToAddress == email).Select(m => m.TextBody).SingleAsync();
        return new Uri(ResumeLink().Match(mail).Value).PathAndQuery;
    }

    [GeneratedRegex(@"https://\S+/apply/resume/\S+")]
    private static partial Regex ResumeLink();

    public void Dispose() => portal.Dispose();
}
