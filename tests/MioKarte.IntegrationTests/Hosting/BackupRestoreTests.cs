using System.Net;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.AccessLog;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.IntegrationTests.Nodes;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>
/// A backup restores: scripts/backup.sh of a portal in use, then scripts/restore.sh into an empty
/// place (a new data folder; on the PostgreSQL run a new empty database), and the restored portal
/// has an intact access log, the same network CA, and the users' sign-ins — the data-protection
/// keys came back with the database, so even a cookie issued before the backup is still read.
/// A damaged backup and a non-empty target are refused before anything is written.
/// </summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly string scratch = Path.Combine(Path.GetTempPath(), "miokarte-backup-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_backup_restores_into_an_empty_place_with_its_access_log_network_CA_and_sign_ins()
    {
        using var source = new PortalFactory();
        var facility = await source.AddFacilityAsync("バックアップ病院");
        await source.CreateUserAsync("backup.staff", PortalRoles.Staff, facilityId: facility.Id);
        using var client = source.CreatePortalClient();
        using var signedIn = await client.SignInWithCodeAsync("backup.staff");
        var cookie = ClusterNode.SignInCookie(signedIn);
        for (var i = 0; i < 3; i++)
        {
            await source.AppendAsync(AccessLogSteps.Actor("backup.staff", facility.Id), new AccessRecord(AccessAction.PatientList, Target: $"list/{i}"));
        }

        var caCertificate = await client.GetByteArrayAsync("/pki/ca.crt");
        var lastMigration = await source.WithServiceAsync<string, MioKarteDbContext>(async db => (await db.Database.GetAppliedMigrationsAsync()).Last());

        var backup = Path.Combine(scratch, "backup");
        var (backedUp, backupOutput) = await OperatorScripts.RunAsync("backup.sh", ["--output", backup], source.DataFolder, source.ConnectionString);
        Assert.True(backedUp == 0, backupOutput);
        var manifest = await File.ReadAllTextAsync(Path.Combine(backup, "manifest.txt"));
        Assert.Contains($"provider={TestDatabase.Provider}\n", manifest, StringComparison.Ordinal);
        Assert.Contains($"migration={lastMigration}\n", manifest, StringComparison.Ordinal);
        Assert.Contains("network-ca=files/network-ca\n", manifest, StringComparison.Ordinal);
        Assert.Contains(" files/network-ca/network-ca.pfx.password\n", manifest, StringComparison.Ordinal);
        var (again, againOutput) = await OperatorScripts.RunAsync("backup.sh", ["--output", backup], source.DataFolder, source.ConnectionString);
        Assert.True(again == 1, againOutput);

        var target = Path.Combine(scratch, "restored");
        var targetDatabase = TestDatabase.IsPostgreSql ? TestDatabase.CreatePostgreSqlDatabase() : null;
        // A portal over the restored data folder and database; removes both when disposed.
        using var restored = new PortalFactory(target, targetDatabase);

        // A damaged copy (one byte of the database changed) is refused and writes nothing.
        var damaged = Path.Combine(scratch, "damaged");
        CopyFolder(backup, damaged);
        var dump = Directory.GetFiles(damaged, "database.*").Single();
        var bytes = await File.ReadAllBytesAsync(dump);
        bytes[bytes.Length / 2] ^= 0x55;
        await File.WriteAllBytesAsync(dump, bytes);
        var (refusedDamaged, damagedOutput) = await OperatorScripts.RunAsync("restore.sh", ["--input", damaged], target, targetDatabase);
        Assert.True(refusedDamaged == 1, damagedOutput);
        Assert.Contains("damaged", damagedOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target, "miokarte.db")));

        var (restoredExit, restoreOutput) = await OperatorScripts.RunAsync("restore.sh", ["--input", backup], target, targetDatabase);
        Assert.True(restoredExit == 0, restoreOutput);
        Assert.Contains("Access log intact: 3 rows checked.", restoreOutput, StringComparison.Ordinal);

        // Restoring again: the target is no longer empty.
        var (refusedFull, fullOutput) = await OperatorScripts.RunAsync("restore.sh", ["--input", backup], target, targetDatabase);
        Assert.True(refusedFull == 1, fullOutput);
        Assert.Contains("not empty", fullOutput, StringComparison.Ordinal);

        // The restored portal starts (its generated CA's password opens only with the restored keys) …
        Assert.Equal(ChainVerification.Intact(3), await restored.VerifyAsync());
        using var restoredClient = restored.CreatePortalClient();
        Assert.Equal(caCertificate, await restoredClient.GetByteArrayAsync("/pki/ca.crt"));
        // … reads the cookie the source issued before the backup (keys and session row restored) …
        using var bare = restored.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        Assert.Equal(HttpStatusCode.OK, await ClusterNode.AccountPageAsync(bare, cookie));
        // … and signs the user in again with the password and authenticator.
        using var freshSignIn = await restoredClient.SignInWithCodeAsync("backup.staff");
        using var account = await restoredClient.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }
}
