using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MioKarte.Core.Data;
using MioKarte.Core.Mail;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Mail;

public sealed class PickupFolderTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_embedded_default_writes_each_mail_once_as_an_eml_file_in_the_pickup_folder()
    {
        Guid id;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            var message = OutboxMessage.Create("Test", "someone@example.jp", "試験 花子", "件名テスト", "本文です。", portal.Clock.GetUtcNow().UtcDateTime);
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            id = message.Id;
        }

        var sender = portal.Services.GetRequiredService<OutboxSender>();
        await sender.SendDueAsync(CancellationToken.None);
        await sender.SendDueAsync(CancellationToken.None);

        var file = Path.Combine(portal.DataFolder, "mail-pickup", $"{id:N}.eml");
        Assert.True(File.Exists(file));
        var mail = await MimeMessage.LoadAsync(file);
        Assert.Equal("件名テスト", mail.Subject);
        Assert.Equal("本文です。", mail.TextBody?.Trim());
        Assert.Single(Directory.GetFiles(Path.Combine(portal.DataFolder, "mail-pickup"), $"{id:N}*"));
    }
}
