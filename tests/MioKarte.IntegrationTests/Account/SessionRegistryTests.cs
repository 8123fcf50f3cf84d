using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.Core.Sessions;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>A portal that counts the SQL commands touching the session registry.</summary>
public sealed class CountingPortal : PortalFactory
{
    public CountingPortal() => TestServices = services => services.ConfigureDbContext<MioKarteDbContext>(o => o.AddInterceptors(Counter));

    public SessionQueryCounter Counter { get; } = new();
}

public sealed class SessionQueryCounter : DbCommandInterceptor
{
    public ConcurrentQueue<string> Commands { get; } = new();

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public int Count => Commands.Count;

    private void Record(DbCommand command)
    {
        if (command.CommandText.Contains("UserSessions", StringComparison.Ordinal))
        {
            Commands.Enqueue(command.CommandText);
        }
    }
}

/// <summary>
/// The server-side session registry: every sign-in is a row, every request checks it (with the
/// account and the facility) in one query, and a change is seen by the very next request.
/// </summary>
public sealed class SessionRegistryTests(CountingPortal portal) : IClassFixture<CountingPortal>
{
    private const string IpadSafari =
        "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    private const string WindowsEdge =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0";

    [Fact]
    public async Task Each_sign_in_is_listed_with_its_device_and_this_browser_is_marked()
    {
        await portal.CreateUserAsync("list.user", PortalRoles.Staff);
        using var ipad = await SignedInAsync("list.user", IpadSafari);
        using var pc = await SignedInAsync("list.user", WindowsEdge);

        var page = await pc.GetDocumentAsync("/account/sessions");

        var rows = page.QuerySelectorAll("#sessions li");
        Assert.Equal(2, rows.Length);
        var current = Assert.Single(rows, r => r.ClassList.Contains("session--current"));
        Assert.Contains("Windows / Edge", current.TextContent, StringComparison.Ordinal);
        Assert.Contains("この端末", current.TextContent, StringComparison.Ordinal);
        Assert.Contains(rows, r => r.TextContent.Contains("iPad / Safari", StringComparison.Ordinal) && !r.ClassList.Contains("session--current"));
    }

    [Fact]
    public async Task A_security_stamp_change_ends_every_live_session_of_the_user_on_the_next_request_not_a_minute_later()
    {
        await portal.CreateUserAsync("stamp.user", PortalRoles.Staff);
        using var first = await SignedInAsync("stamp.user", IpadSafari);
        using var second = await SignedInAsync("stamp.user", WindowsEdge);
        await AssertSignedInAsync(first);

        await portal.WithServiceAsync<IdentityResult, UserManager<PortalUser>>(async users =>
            await users.UpdateSecurityStampAsync((await users.FindByNameAsync("stamp.user"))!));

        await AssertSignedOutAsync(first);
        await AssertSignedOutAsync(second);
        Assert.All(await SessionsOfAsync("stamp.user"), s => Assert.Equal(SessionEndReason.SecurityStampChanged, s.EndReason));
    }

    [Fact]
    public async Task A_disabled_account_and_an_account_past_its_validity_period_are_refused_on_the_next_request()
    {
        await portal.CreateUserAsync("disabled.user", PortalRoles.Staff);
        await portal.CreateUserAsync("expiring.user", PortalRoles.Staff);
        using var disabled = await SignedInAsync("disabled.user", IpadSafari);
        using var expiring = await SignedInAsync("expiring.user", IpadSafari);
        var now = portal.Clock.GetUtcNow().UtcDateTime;
        await ChangeUserAsync("disabled.user", u => u.DisabledAtUtc = now);
        await ChangeUserAsync("expiring.user", u => u.ValidUntilUtc = now.AddSeconds(30));
        await AssertSignedInAsync(expiring);

        await AssertSignedOutAsync(disabled);
        portal.Clock.Advance(TimeSpan.FromSeconds(31));
        await AssertSignedOutAsync(expiring);

        Assert.Equal(SessionEndReason.AccountNotUsable, Assert.Single(await SessionsOfAsync("disabled.user")).EndReason);
        Assert.Equal(SessionEndReason.AccountNotUsable, Assert.Single(await SessionsOfAsync("expiring.user")).EndReason);
        using var again = portal.CreatePortalClient();
        using var refused = await again.SignInAsync("disabled.user", PortalFactory.TestPassword);
        var page = await HtmlClient.ParseAsync(refused);
        Assert.Contains("利用停止中、または利用期間外", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_ends_their_session_in_another_browser_which_is_refused_at_once_while_this_one_stays()
    {
        await portal.CreateUserAsync("two.browsers", PortalRoles.Staff);
        using var forgotten = await SignedInAsync("two.browsers", IpadSafari);
        using var here = await SignedInAsync("two.browsers", WindowsEdge);
        var page = await here.GetDocumentAsync("/account/sessions");
        var other = page.QuerySelectorAll("#sessions li").Single(r => !r.ClassList.Contains("session--current"));
        var action = $"/account/sessions/{other.GetAttribute("data-session-id")}/end";

        using var ended = await here.SubmitAsync(page.Form(action), new Dictionary<string, string>());

        Assert.Equal("/account/sessions?ended=1", ended.Headers.Location?.OriginalString);
        await AssertSignedOutAsync(forgotten);
        await AssertSignedInAsync(here);
        var after = await here.GetDocumentAsync("/account/sessions");
        Assert.Single(after.QuerySelectorAll("#sessions li"));
        Assert.Contains(await SessionsOfAsync("two.browsers"), s => s.EndReason == SessionEndReason.EndedByUser);
    }

    [Fact]
    public async Task Ending_another_users_session_is_not_found_and_leaves_it_running()
    {
        await portal.CreateUserAsync("victim.user", PortalRoles.Staff);
        await portal.CreateUserAsync("curious.user", PortalRoles.Staff);
        using var victim = await SignedInAsync("victim.user", IpadSafari);
        using var curious = await SignedInAsync("curious.user", WindowsEdge);
        var victimSession = Assert.Single(await SessionsOfAsync("victim.user")).Id;
        var page = await curious.GetDocumentAsync("/account/sessions");

        using var response = await curious.PostWithTokenAsync(page, $"/account/sessions/{victimSession}/end", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertSignedInAsync(victim);
        Assert.Null(Assert.Single(await SessionsOfAsync("victim.user")).EndedAtUtc);
    }

    [Fact]
    public async Task Ending_ones_own_session_without_the_antiforgery_token_is_refused()
    {
        await portal.CreateUserAsync("csrf.user", PortalRoles.Staff);
        using var client = await SignedInAsync("csrf.user", WindowsEdge);
        var session = Assert.Single(await SessionsOfAsync("csrf.user")).Id;

        using var response = await client.PostAsync(new Uri($"/account/sessions/{session}/end", UriKind.Relative), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSignedInAsync(client);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_row()
    {
        await portal.CreateUserAsync("row.out", PortalRoles.Staff);
        using var client = await SignedInAsync("row.out", WindowsEdge);
        var home = await client.GetDocumentAsync("/");

        using var response = await client.SubmitAsync(home.Form("/account/logout"), new Dictionary<string, string>());

        Assert.Equal(SessionEndReason.SignedOut, Assert.Single(await SessionsOfAsync("row.out")).EndReason);
    }

    [Fact]
    public async Task The_gate_costs_one_query_per_request_and_writes_last_seen_at_most_once_a_minute()
    {
        await portal.CreateUserAsync("count.user", PortalRoles.Staff);
        using var client = await SignedInAsync("count.user", WindowsEdge);
        await AssertSignedInAsync(client);
        var startedAt = Assert.Single(await SessionsOfAsync("count.user")).LastSeenAtUtc;

        var before = portal.Counter.Count;
        for (var i = 0; i < 5; i++)
        {
            await AssertSignedInAsync(client);
        }

        Assert.Equal(5, portal.Counter.Count - before);
        Assert.Equal(startedAt, Assert.Single(await SessionsOfAsync("count.user")).LastSeenAtUtc);

        portal.Clock.Advance(TimeSpan.FromMinutes(2));
        before = portal.Counter.Count;
        await AssertSignedInAsync(client);
        await AssertSignedInAsync(client);

        // One read each, plus one write of the last-seen time for the first request after the minute.
        Assert.Equal(3, portal.Counter.Count - before);
        Assert.Equal(portal.Clock.GetUtcNow().UtcDateTime, Assert.Single(await SessionsOfAsync("count.user")).LastSeenAtUtc);
    }

    private async Task<HttpClient> SignedInAsync(string userName, string userAgent)
    {
        var client = portal.CreatePortalClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        await client.SignInSuccessfullyAsync(userName);
        return client;
    }

    private static async Task AssertSignedInAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task AssertSignedOutAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private Task<List<UserSession>> SessionsOfAsync(string userName) =>
        portal.WithServiceAsync<List<UserSession>, MioKarteDbContext>(db =>
            db.UserSessions.AsNoTracking().Where(s => db.Users.Any(u => u.Id == s.UserId && u.UserName == userName)).ToListAsync());

    private async Task ChangeUserAsync(string userName, Action<PortalUser> change)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        change(await db.Users.SingleAsync(u => u.UserName == userName));
        await db.SaveChangesAsync();
    }
}
