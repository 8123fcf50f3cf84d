using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.Core.Mail;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.IntegrationTests.Nodes;

namespace MioKarte.IntegrationTests.Mail;

/// <summary>
/// Two portal nodes, each with its own outbox sender, over one database and one real SMTP server
/// (aiosmtpd): however their passes interleave, every queued mail arrives exactly once and is
/// marked sent by the sender that held its lease.
/// </summary>
public sealed class OutboxTwoSendersTests : IDisposable
{
    private readonly SmtpServer smtp = new();

    [Fact]
    public async Task Two_senders_racing_over_the_same_due_mail_deliver_each_message_exactly_once()
    {
        smtp.Start();
        using var a = new ClusterNode(SmtpSettings(smtp.Port));
        using var b = new ClusterNode(a);
        const int Mails = 45;
        await using (var scope = a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            for (var i = 0; i < Mails; i++)
            {
                db.OutboxMessages.Add(OutboxMessage.Create(
                    "Test", $"user{i}@example.jp", "試験 利用者", $"二重送信なし {i:D2}", "本文", a.Clock.GetUtcNow().UtcDateTime));
            }

            await db.SaveChangesAsync();
        }

        var senderA = a.Services.GetRequiredService<OutboxSender>();
        var senderB = b.Services.GetRequiredService<OutboxSender>();
        Assert.NotEqual(senderA.SenderId, senderB.SenderId);
        var delivered = 0;
        // Both passes start together and read the same due list; repeat until the outbox is empty.
        for (var pass = 0; pass < 10 && await PendingAsync(a) > 0; pass++)
        {
            var counts = await Task.WhenAll(
                Task.Run(() => senderA.SendDueAsync(CancellationToken.None)),
                Task.Run(() => senderB.SendDueAsync(CancellationToken.None)));
            delivered += counts.Sum();
        }

        var received = await smtp.WaitForMessagesAsync(Mails);
        await Task.Delay(300); // time for a wrongly repeated delivery to show up
        received = smtp.Messages();
        Assert.Equal(Mails, received.Count);
        Assert.Equal(Mails, received.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Mails, delivered);
        var stored = await a.WithServiceAsync<List<OutboxMessage>, MioKarteDbContext>(db => db.OutboxMessages.AsNoTracking().ToListAsync());
        Assert.All(stored, m =>
        {
            Assert.NotNull(m.SentAtUtc);
            Assert.Null(m.LockedBy);
            Assert.Equal(0, m.Attempts);
        });
    }

    [Fact]
    public async Task A_mail_leased_by_one_sender_is_not_sent_by_the_other_until_the_lease_runs_out()
    {
        smtp.Start();
        using var a = new ClusterNode(SmtpSettings(smtp.Port));
        using var b = new ClusterNode(a);
        Guid id;
        await using (var scope = a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            var message = OutboxMessage.Create("Test", "lease@example.jp", "試験 利用者", "リース中", "本文", a.Clock.GetUtcNow().UtcDateTime);
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            id = message.Id;
        }

        // Node A claimed it and then stalled (its process hangs before sending).
        var leaseEnd = a.Clock.GetUtcNow().UtcDateTime.AddMinutes(5);
        await a.WithServiceAsync<int, MioKarteDbContext>(db => db.OutboxMessages.Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, leaseEnd).SetProperty(m => m.LockedBy, "node-a/stalled")));

        Assert.Equal(0, await b.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None));
        b.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await b.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None));

        Assert.Equal("リース中", Assert.Single(await smtp.WaitForMessagesAsync(1)).Subject);
    }

    private static Dictionary<string, string?> SmtpSettings(int port) => new()
    {
        ["Mail:Transport"] = "Smtp",
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
        ["Mail:Smtp:TimeoutSeconds"] = "5",
        // The test drives both senders itself.
        ["Mail:SendInBackground"] = "false",
    };

    private static Task<int> PendingAsync(PortalFactory node) =>
        node.WithServiceAsync<int, MioKarteDbContext>(db => db.OutboxMessages.CountAsync(m => m.SentAtUtc == null));

    public void Dispose() => smtp.Dispose();
}
