using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MioKarte.Core.Data;
using MioKarte.Core.Mail;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Mail;

/// <summary>The outbox against a real SMTP server on loopback; each test has its own server and portal.</summary>
public sealed class OutboxTests : IDisposable
{
    private readonly SmtpServer smtp = new();
    private readonly PortalFactory portal;

    public OutboxTests()
    {
        portal = new PortalFactory
        {
            Settings = new Dictionary<string, string?>(SmtpSettings(smtp.Port))
            {
                ["Mail:Smtp:TimeoutSeconds"] = "5",
                ["Mail:MaxAttempts"] = "3",
                // Each test drives the sender itself, so the order of attempts is the test's.
                ["Mail:SendInBackground"] = "false",
            },
        };
    }

    [Fact]
    public async Task A_queued_mail_is_delivered_with_its_attachment_and_marked_sent()
    {
        smtp.Start();
        var id = await QueueAsync(withAttachment: true);

        await SendDueAsync();

        var received = Assert.Single(await smtp.WaitForMessagesAsync(1));
        Assert.Equal("【MIO Karte】参加申込を受け付けました", received.Subject);
        Assert.Equal("kanri@example.jp", received.To.Mailboxes.Single().Address);
        Assert.Contains("南多摩クリニック", received.TextBody, StringComparison.Ordinal);
        var attachment = Assert.Single(received.Attachments.OfType<MimePart>());
        Assert.Equal("施設入会申込書.pdf", attachment.FileName);
        Assert.Equal($"{id:N}@miokarte.outbox", received.MessageId);
        var stored = await FindAsync(id);
        Assert.NotNull(stored.SentAtUtc);
        Assert.Null(stored.LastError);
    }

    [Fact]
    public async Task An_SMTP_outage_delays_a_mail_and_it_is_delivered_exactly_once_when_the_server_returns()
    {
        var id = await QueueAsync(withAttachment: false);

        await SendDueAsync(); // the server is down
        var afterFailure = await FindAsync(id);
        Assert.Null(afterFailure.SentAtUtc);
        Assert.Equal(1, afterFailure.Attempts);
        Assert.True(afterFailure.NextAttemptAtUtc > portal.Clock.GetUtcNow().UtcDateTime);

        smtp.Start();
        await SendDueAsync(); // the server is up, but the retry is not due yet
        Assert.Empty(smtp.Messages());

        portal.Clock.Advance(TimeSpan.FromMinutes(2));
        await SendDueAsync();
        await SendDueAsync();

        Assert.Single(await smtp.WaitForMessagesAsync(1));
        await Task.Delay(300); // time for a wrongly repeated delivery to show up
        Assert.Single(smtp.Messages());
        Assert.NotNull((await FindAsync(id)).SentAtUtc);
    }

    [Fact]
    public async Task A_mail_that_keeps_failing_is_marked_for_an_operator_after_the_last_attempt()
    {
        var id = await QueueAsync(withAttachment: false);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await SendDueAsync();
            portal.Clock.Advance(TimeSpan.FromHours(2));
        }

        var stored = await FindAsync(id);
        Assert.Equal(3, stored.Attempts);
        Assert.NotNull(stored.FailedAtUtc);
        Assert.StartsWith("SocketException", stored.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_background_sender_delivers_on_its_own_at_the_next_poll()
    {
        using var background = new PortalFactory { Settings = new Dictionary<string, string?>(SmtpSettings(smtp.Port)) { ["Mail:PollSeconds"] = "5" } };
        smtp.Start();
        await using (var scope = background.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            db.OutboxMessages.Add(OutboxMessage.Create("Test", "kanri@example.jp", "南多摩 花子", "背景送信", "本文", background.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }

        background.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("背景送信", Assert.Single(await smtp.WaitForMessagesAsync(1)).Subject);
    }

    private async Task<Guid> QueueAsync(bool withAttachment)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var message = OutboxMessage.Create(
            "ApplicationReceipt", "kanri@example.jp", "南多摩 花子", "【MIO Karte】参加申込を受け付けました",
            "南多摩クリニック 様\n参加申込を受け付けました。", portal.Clock.GetUtcNow().UtcDateTime);
        if (withAttachment)
        {
            message.Attach("施設入会申込書.pdf", "application/pdf", "%PDF-1.4 test"u8.ToArray());
        }

        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    private Task<int> SendDueAsync() => portal.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);

    private async Task<OutboxMessage> FindAsync(Guid id)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public void Dispose()
    {
        portal.Dispose();
        smtp.Dispose();
    }

    /// <summary>The test's SMTP server on loopback, without TLS.</summary>
    private static Dictionary<string, string?> SmtpSettings(int port) => new()
    {
        ["Mail:Transport"] = "Smtp",
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
    };
}
