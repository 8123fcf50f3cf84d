using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

public sealed class LoggingTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_log_file_carries_request_ids_but_no_password_typed_user_name_or_query_string()
    {
        await portal.CreateUserAsync("log.user", PortalRoles.Staff);
        using var client = portal.CreatePortalClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login?returnUrl=%2Fpatients%3Fkana%3D%E3%83%A4%E3%83%9E%E3%83%80");
        request.Headers.Add("X-Request-Id", "log-check-0001");
        using var withQuery = await client.SendAsync(request);

        using var typo = await client.SignInAsync("Secret-Typed-As-User-Name-1!", "Wrong-Passw0rd-Typed");
        using var wrong = await client.SignInAsync("log.user", "Another-Wrong-Passw0rd");

        var log = await portal.ReadLogsOnceTheyContainAsync("log-check-0001");

        Assert.Contains("log-check-0001", log, StringComparison.Ordinal);
        Assert.Contains("Sign-in failed: unknown user name", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-Typed-As-User-Name-1!", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-Passw0rd-Typed", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Another-Wrong-Passw0rd", log, StringComparison.Ordinal);
        Assert.DoesNotContain("kana", log, StringComparison.Ordinal);
        Assert.DoesNotContain("ヤマダ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Data Source=", log, StringComparison.Ordinal);
    }
}
