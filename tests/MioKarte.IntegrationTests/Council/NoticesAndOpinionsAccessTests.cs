using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Identity;
using MioKarte.Core.Notices;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.IntegrationTests.Notices;
using MioKarte.IntegrationTests.Opinions;

namespace MioKarte.IntegrationTests.Council;

/// <summary>
/// Every action of /council/notices and /council/opinions, found from the portal's own routes (so a
/// new action cannot be forgotten), refuses anyone who is not council staff, and changes nothing.
/// </summary>
public sealed class NoticesAndOpinionsAccessTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData(PortalRoles.Staff)]
    [InlineData(PortalRoles.FacilityAdministrator)]
    [InlineData(PortalRoles.SystemAdministrator)]
    public async Task A_user_who_is_not_council_staff_is_refused_on_every_council_notice_and_opinion_action(string role)
    {
        var (noticeId, opinionId) = await RecordsAsync();
        var before = (await portal.FindNoticeAsync(noticeId), await portal.FindOpinionAsync(opinionId));
        var userName = "acc." + role.ToLowerInvariant();
        await portal.CreateUserAsync(userName, role);
        using var client = await portal.SignedInClientAsync(userName);
        // A valid antiforgery token of this user, so the refusal comes from authorization and not from the token check.
        var token = ((IHtmlInputElement)(await client.GetDocumentAsync("/opinions/new")).QuerySelector("input[name=__RequestVerificationToken]")!).Value;

        foreach (var (method, path) in CouncilActions(noticeId, opinionId))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
            if (method == "POST")
            {
                request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["version"] = before.Item1.Version.ToString(),
                    ["answer"] = "権限のない回答",
                    ["Title"] = "権限のない変更",
                    ["Body"] = "本文",
                    ["PublishFrom"] = "2026-11-23T09:00",
                    ["Audience"] = "AllUsers",
                    ["Importance"] = "Normal",
                    ["submissionKey"] = Guid.NewGuid().ToString(),
                });
            }

            using var response = await client.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {path} answered {response.StatusCode}");
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }

        var after = (await portal.FindNoticeAsync(noticeId), await portal.FindOpinionAsync(opinionId));
        Assert.Equal(before.Item1.Version, after.Item1.Version);
        Assert.Equal(before.Item2.Version, after.Item2.Version);
        Assert.Null(after.Item2.Answer);
    }

    [Fact]
    public async Task A_visitor_who_is_not_signed_in_is_sent_to_sign_in_from_every_council_notice_and_opinion_action()
    {
        var (noticeId, opinionId) = await RecordsAsync();
        using var client = portal.CreatePortalClient();

        foreach (var (method, path) in CouncilActions(noticeId, opinionId))
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));

            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {path} answered {response.StatusCode}");
            Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task A_visitor_who_is_not_signed_in_cannot_read_notices_or_send_opinions()
    {
        using var client = portal.CreatePortalClient();

        foreach (var path in new[] { "/notices", $"/notices/{Guid.NewGuid()}", "/opinions", "/opinions/new", $"/opinions/{Guid.NewGuid()}" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        }
    }

    /// <summary>Every (method, path) the portal routes under council/notices and council/opinions, with real ids.</summary>
    private List<(string Method, string Path)> CouncilActions(Guid noticeId, Guid opinionId)
    {
        var actions = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: e.RoutePattern.RawText ?? "", Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => e.Pattern.StartsWith("council/notices", StringComparison.Ordinal) || e.Pattern.StartsWith("council/opinions", StringComparison.Ordinal))
            .SelectMany(e => e.Methods.Select(m => (Method: m, Path: "/" + e.Pattern
                .Replace("{id:guid}", e.Pattern.StartsWith("council/notices", StringComparison.Ordinal) ? noticeId.ToString() : opinionId.ToString(), StringComparison.Ordinal))))
            .ToList();
        Assert.Equal(11, actions.Count); // 6 notice actions, 5 opinion actions: update when an action is added
        Assert.All(actions, a => Assert.DoesNotContain("{", a.Path, StringComparison.Ordinal));
        return actions;
    }

    private async Task<(Guid NoticeId, Guid OpinionId)> RecordsAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await portal.CreateUserAsync("acc.council." + suffix, PortalRoles.CouncilStaff, "事務局 一郎");
        await portal.CreateUserAsync("acc.sender." + suffix, PortalRoles.Staff, "南多摩 花子");
        using var council = await portal.SignedInClientAsync("acc.council." + suffix);
        await council.PostNoticeAsync(NoticeSteps.Values("権限確認 " + suffix, NoticeAudience.AllUsers, portal.Clock.GetUtcNow().UtcDateTime));
        using var sender = await portal.SignedInClientAsync("acc.sender." + suffix);
        var opinionId = await sender.SendOpinionAsync(OpinionSteps.Values("権限確認 " + suffix, "本文"));
        return (await portal.NoticeIdAsync("権限確認 " + suffix), opinionId);
    }
}
