using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Nodes;

/// <summary>
/// Two portal nodes over one database: a sign-in made on one is read by the other (the
/// data-protection keys are in the database), a session ended on either is refused by both on the
/// very next request (no node caches sessions), and the keys are encrypted at rest when a
/// certificate is configured.
/// </summary>
public sealed class MultiNodeTests
{
    [Fact]
    public async Task A_sign_in_made_on_one_node_is_accepted_by_the_other_and_a_sign_out_on_it_is_refused_by_both_at_once()
    {
        using var a = new ClusterNode();
        using var b = new ClusterNode(a);
        var (onA, cookie) = await SignedInOnFirstAndSeenBySecondAsync(a, b, "node.user");
        using (onA)
        {
            var page = await onA.GetDocumentAsync("/account");
            using var signedOut = await onA.SubmitAsync(page.Form("/account/logout"), new Dictionary<string, string>());
        }

        Assert.Equal(HttpStatusCode.Redirect, await ClusterNode.AccountPageAsync(b.CreateBareClient(), cookie));
        Assert.Equal(HttpStatusCode.Redirect, await ClusterNode.AccountPageAsync(a.CreateBareClient(), cookie));
    }

    [Fact]
    public async Task A_revocation_made_through_one_node_ends_the_session_on_the_other_on_its_next_request()
    {
        using var a = new ClusterNode();
        using var b = new ClusterNode(a);
        var (onA, cookie) = await SignedInOnFirstAndSeenBySecondAsync(a, b, "revoked.user");
        onA.Dispose();

        // What a password change or an administrator's 利用停止 does: through node A's services.
        await a.WithServiceAsync<IdentityResult, UserManager<PortalUser>>(async users =>
            await users.UpdateSecurityStampAsync((await users.FindByNameAsync("revoked.user"))!));

        Assert.Equal(HttpStatusCode.Redirect, await ClusterNode.AccountPageAsync(b.CreateBareClient(), cookie));
    }

    [Fact]
    public async Task The_embedded_default_keeps_its_keys_in_the_database_not_in_a_folder_and_says_they_are_unencrypted()
    {
        using var portal = new ClusterNode();
        await portal.CreateUserAsync("default.user", PortalRoles.Staff);
        using var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync("default.user");

        var keys = await KeysAsync(portal);

        Assert.NotEmpty(keys);
        Assert.False(Directory.Exists(PortalDataProtection.LegacyKeyFolder(portal.DataFolder)));
        // Stated in docs/operations.md: without DataProtection:CertificatePath the key XML is in clear.
        Assert.All(keys, xml => Assert.Contains("<value>", xml, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_a_second_node_with_it_reads_the_first_ones_cookie()
    {
        var folder = Directory.CreateTempSubdirectory("miokarte-dpcert-");
        try
        {
            var pfx = Path.Combine(folder.FullName, "dp.pfx");
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=MIO Karte data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
                await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-password"));
            }

            var settings = new Dictionary<string, string?>
            {
                ["DataProtection:CertificatePath"] = pfx,
                ["DataProtection:CertificatePassword"] = "pfx-password",
            };
            using var a = new ClusterNode(settings);
            await a.CreateUserAsync("cert.user", PortalRoles.Staff);
            using var onA = a.CreatePortalClient();
            using var signedIn = await onA.SignInWithCodeAsync("cert.user");

            var keys = await KeysAsync(a);
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
            });

            using var b = new ClusterNode(a);
            Assert.Equal(HttpStatusCode.OK, await ClusterNode.AccountPageAsync(b.CreateBareClient(), ClusterNode.SignInCookie(signedIn)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Keys_an_older_version_kept_in_the_data_folder_are_imported_and_still_open_what_they_protected()
    {
        using var portal = new ClusterNode();
        var folder = new DirectoryInfo(PortalDataProtection.LegacyKeyFolder(portal.DataFolder));
        var old = DataProtectionProvider.Create(folder, b => b.SetApplicationName("MioKarte"));
        var protectedText = old.CreateProtector("MultiNodeTests").Protect("旧ノードの秘密");

        var opened = portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("MultiNodeTests").Unprotect(protectedText);

        Assert.Equal("旧ノードの秘密", opened);
        Assert.Equal(folder.GetFiles("key-*.xml").Length, (await KeysAsync(portal)).Count);
    }

    /// <summary>A user signs in on <paramref name="a"/>; <paramref name="b"/> accepts the cookie. Returns node A's client and the cookie.</summary>
    private static async Task<(HttpClient OnA, string Cookie)> SignedInOnFirstAndSeenBySecondAsync(ClusterNode a, ClusterNode b, string userName)
    {
        await a.CreateUserAsync(userName, PortalRoles.Staff);
        var onA = a.CreatePortalClient();
        using var signedIn = await onA.SignInWithCodeAsync(userName);
        var cookie = ClusterNode.SignInCookie(signedIn);
        Assert.Equal(HttpStatusCode.OK, await ClusterNode.AccountPageAsync(b.CreateBareClient(), cookie));
        return (onA, cookie);
    }

    private static Task<List<string>> KeysAsync(PortalFactory portal) =>
        portal.WithServiceAsync<List<string>, MioKarteDbContext>(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync());
}
