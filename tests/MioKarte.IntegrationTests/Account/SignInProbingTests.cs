using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Account;

/// <summary>
/// The portal with two test hooks: the client address of a request is taken from a test header
/// (the in-memory server has none), and the password hasher counts its verifications.
/// </summary>
public sealed class ProbedPortal : PortalFactory
{
    public const string AddressHeader = "X-Test-Client-Address";
    public const string CouncilInbox = "council-security@example.jp";

    private int verifications;

    public int Verifications => Volatile.Read(ref verifications);

    public ProbedPortal()
    {
        Settings = new Dictionary<string, string?> { ["Council:NotificationEmail"] = CouncilInbox };
        TestServices = services =>
        {
            services.AddSingleton<IStartupFilter>(new ClientAddressFromHeader());
            services.AddScoped<IPasswordHasher<PortalUser>>(provider =>
                new CountingHasher(new PasswordHasher<PortalUser>(provider.GetService<IOptions<PasswordHasherOptions>>()), this));
        };
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[AddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CountingHasher(PasswordHasher<PortalUser> inner, ProbedPortal portal) : IPasswordHasher<PortalUser>
    {
        public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref portal.verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>
/// F4 of the probe: sign-in must not tell an outsider which 利用者IDs exist (same time, same
/// message for an unknown id, a wrong password, a locked or disabled account), and an outsider
/// must not be able to lock a user out — failures are held back per account and client address.
/// </summary>
public sealed class SignInProbingTests(ProbedPortal portal) : IClassFixture<ProbedPortal>
{
    private const string FailedMessage = "利用者IDまたはパスワードが正しくありません。";

    [Fact]
    public async Task An_unknown_id_runs_the_password_hasher_as_a_known_one_does()
    {
        await portal.CreateUserAsync("probe.hash", PortalRoles.Staff);
        using var client = ClientAt("203.0.113.10");

        var before = portal.Verifications;
        using var unknown = await client.SignInAsync("probe.nobody", "Wrong-Passw0rd-1!");
        var forUnknown = portal.Verifications - before;
        before = portal.Verifications;
        using var known = await client.SignInAsync("probe.hash", "Wrong-Passw0rd-1!");
        var forKnown = portal.Verifications - before;

        Assert.Equal(1, forKnown);
        Assert.Equal(forKnown, forUnknown);
    }

    [Fact]
    public async Task An_unknown_id_takes_as_long_as_a_wrong_password_for_a_real_one()
    {
        var user = await portal.CreateUserAsync("probe.timing", PortalRoles.Staff);
        // Without a lockout, so that every try of the real id checks the password (a locked account
        // would answer before the hash, and the comparison would measure the lock, not the id).
        await portal.WithServiceAsync<IdentityResult, UserManager<PortalUser>>(async users =>
            await users.SetLockoutEnabledAsync((await users.FindByIdAsync(user.Id))!, false));
        var unknown = new List<double>();
        var known = new List<double>();
        // Interleaved, each from its own address (no throttling), after a warm-up of both paths; the
        // medians are compared loosely: a loaded machine slows both alike, a skipped hash halves one.
        for (var round = 0; round < 12; round++)
        {
            using var client = ClientAt($"198.51.100.{round + 1}");
            var unknownTime = await TimeAsync(client, "probe.timing.nobody");
            var knownTime = await TimeAsync(client, "probe.timing");
            if (round >= 2)
            {
                unknown.Add(unknownTime);
                known.Add(knownTime);
            }
        }

        Assert.True(Median(unknown) >= 0.6 * Median(known), $"unknown id {Median(unknown):F1} ms, real id {Median(known):F1} ms");
    }

    [Fact]
    public async Task Unknown_ids_wrong_passwords_and_locked_or_disabled_accounts_all_get_the_same_message()
    {
        await portal.CreateUserAsync("probe.plain", PortalRoles.Staff);
        var locked = await portal.CreateUserAsync("probe.locked", PortalRoles.Staff);
        var disabled = await portal.CreateUserAsync("probe.disabled", PortalRoles.Staff);
        await portal.WithServiceAsync<bool, UserManager<PortalUser>>(async users =>
        {
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(locked.Id))!, DateTimeOffset.UtcNow.AddYears(1));
            var user = (await users.FindByIdAsync(disabled.Id))!;
            user.DisabledAtUtc = DateTime.UtcNow.AddDays(-1);
            return (await users.UpdateAsync(user)).Succeeded;
        });
        using var client = ClientAt("203.0.113.20");

        var messages = new List<string>();
        foreach (var userName in new[] { "probe.unknown", "probe.plain", "probe.locked", "probe.disabled" })
        {
            using var response = await client.SignInAsync(userName, "Wrong-Passw0rd-2!");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            messages.Add((await HtmlClient.ParseAsync(response)).QuerySelector("[role=alert]")!.TextContent.Trim());
        }

        Assert.All(messages, m => Assert.Equal(messages[0], m));
        Assert.Contains(FailedMessage, messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_from_one_address_do_not_lock_out_the_user_at_another_and_the_council_is_told()
    {
        await portal.CreateUserAsync("probe.victim", PortalRoles.CouncilStaff);
        using var attacker = ClientAt("192.0.2.66");

        for (var attempt = 1; attempt <= 20; attempt++)
        {
            using var failed = await attacker.SignInAsync("probe.victim", "Guess-Passw0rd-" + attempt);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            // Past every increasing hold (30 s … 8 min), so that each try counts until the hard lock.
            portal.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        // Held back at its own address: even the right password does not get the attacker further now.
        using var held = await attacker.SignInAsync("probe.victim", PortalFactory.TestPassword);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Contains(FailedMessage, (await HtmlClient.ParseAsync(held)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        using var victim = ClientAt("203.0.113.30");
        using var signedIn = await victim.SignInWithCodeAsync("probe.victim");
        Assert.Equal("/account/start", signedIn.Headers.Location?.OriginalString);

        var told = await portal.OutboxAsync(m => m.ToAddress == ProbedPortal.CouncilInbox);
        var notice = Assert.Single(told);
        Assert.Contains("probe.victim", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("192.0.2.66", notice.TextBody, StringComparison.Ordinal);
    }

    private HttpClient ClientAt(string address)
    {
        var client = portal.CreatePortalClient();
        client.DefaultRequestHeaders.Add(ProbedPortal.AddressHeader, address);
        return client;
    }

    private static async Task<double> TimeAsync(HttpClient client, string userName)
    {
        var page = await client.GetDocumentAsync("/account/login");
        var watch = Stopwatch.StartNew();
        using var response = await client.SubmitAsync(page.Form("/account/login"), new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = "Wrong-Passw0rd-3!",
        });
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
