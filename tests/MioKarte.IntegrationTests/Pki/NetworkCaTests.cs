using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Pki;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Tests.Shared;

namespace MioKarte.IntegrationTests.Pki;

/// <summary>The network CA inside the running portal: generated key, records, revocation, CRL, status check.</summary>
public sealed class NetworkCaTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_CA_certificate_and_the_CRL_are_served_to_anyone_with_their_content_types()
    {
        using var anonymous = portal.CreatePortalClient();

        using var caResponse = await anonymous.GetAsync(new Uri("/pki/ca.crt", UriKind.Relative));
        using var crlResponse = await anonymous.GetAsync(new Uri("/pki/crl", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, caResponse.StatusCode);
        Assert.Equal("application/pkix-cert", caResponse.Content.Headers.ContentType?.MediaType);
        using var ca = X509CertificateLoader.LoadCertificate(await caResponse.Content.ReadAsByteArrayAsync());
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(HttpStatusCode.OK, crlResponse.StatusCode);
        Assert.Equal("application/pkix-crl", crlResponse.Content.Headers.ContentType?.MediaType);
        var crl = CrlReader.Read(await crlResponse.Content.ReadAsByteArrayAsync());
        Assert.True(crl.IsSignedBy(ca));
        Assert.Equal(portal.Clock.GetUtcNow().AddDays(7).ToUnixTimeSeconds(), crl.NextUpdate.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task An_issued_certificate_is_recorded_with_its_serial_thumbprint_and_validity_when_the_caller_saves()
    {
        var facility = await portal.CreateFacilityAsync("V00101", "記録クリニック");

        var (issued, certificate) = await portal.IssueAsync(facility, "受付PC-1");

        using (certificate)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var record = await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().TerminalCertificates.SingleAsync(c => c.Id == issued.CertificateId);
            Assert.Equal(certificate.SerialNumber, record.SerialNumber);
            Assert.Equal(issued.SerialNumber, record.SerialNumber);
            Assert.Equal(Convert.ToHexString(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)), record.Thumbprint);
            Assert.Equal(facility.Id, record.FacilityId);
            Assert.Equal("V00101", record.FacilityCode);
            Assert.Equal("受付PC-1", record.TerminalName);
            Assert.Equal(certificate.NotAfter.ToUniversalTime(), record.NotAfterUtc);
            Assert.Equal(issued.NotAfterUtc, record.NotAfterUtc);
            Assert.Equal("facadmin", record.IssuedBy);
            Assert.Equal(certificate.Subject, record.Subject);
        }
    }

    [Fact]
    public async Task Issuing_without_saving_leaves_no_record()
    {
        var facility = await portal.CreateFacilityAsync("V00102", "未保存クリニック");
        await using var scope = portal.Services.CreateAsyncScope();
        var issuer = scope.ServiceProvider.GetRequiredService<ITerminalCertificateIssuer>();

        var issued = await issuer.IssueAsync(new TerminalCertificateRequest(facility.Id, Guid.NewGuid(), facility.Code, facility.Name, "PC", "facadmin"));

        await using var other = portal.Services.CreateAsyncScope();
        Assert.False(await other.ServiceProvider.GetRequiredService<MioKarteDbContext>().TerminalCertificates.AnyAsync(c => c.Id == issued.CertificateId));
    }

    [Fact]
    public async Task A_revoked_serial_appears_in_the_next_CRL_with_its_reason_and_the_CRL_number_increases()
    {
        var facility = await portal.CreateFacilityAsync("V00103", "失効クリニック");
        var (lost, lostCertificate) = await portal.IssueAsync(facility, "紛失iPad");
        var (kept, keptCertificate) = await portal.IssueAsync(facility, "受付PC");
        lostCertificate.Dispose();
        keptCertificate.Dispose();
        using var client = portal.CreatePortalClient();
        var before = CrlReader.Read(await client.GetCrlAsync());

        var outcome = await portal.RevokeAsync(lost.CertificateId, "council-a", CertificateRevocationReason.KeyCompromise);

        Assert.IsType<RevocationOutcome.Revoked>(outcome);
        var after = CrlReader.Read(await client.GetCrlAsync());
        Assert.True(after.Number > before.Number);
        Assert.Equal(X509RevocationReason.KeyCompromise, after.Entries[lost.SerialNumber]);
        Assert.False(after.Entries.ContainsKey(kept.SerialNumber));
        Assert.False(before.Entries.ContainsKey(lost.SerialNumber));
    }

    [Fact]
    public async Task The_CRL_is_reused_within_a_day_and_republished_after_one()
    {
        using var client = portal.CreatePortalClient();
        var first = CrlReader.Read(await client.GetCrlAsync());

        var again = CrlReader.Read(await client.GetCrlAsync());
        portal.Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromMinutes(1)));
        var nextDay = CrlReader.Read(await client.GetCrlAsync());

        Assert.Equal(first.Number, again.Number);
        Assert.Equal(first.Der, again.Der);
        Assert.True(nextDay.Number > first.Number);
        Assert.True(nextDay.ThisUpdate > first.ThisUpdate);
    }

    [Fact]
    public async Task Revoking_with_an_old_version_changes_nothing_and_says_who_revoked_it()
    {
        var facility = await portal.CreateFacilityAsync("V00104", "競合クリニック");
        var (issued, certificate) = await portal.IssueAsync(facility, "PC-2");
        certificate.Dispose();
        var version = (await portal.CertificateRecordAsync(issued.CertificateId)).Version;
        await portal.WithCaAsync(ca => ca.RevokeAsync(issued.CertificateId, version, "council-a", CertificateRevocationReason.Superseded));

        var second = await portal.WithCaAsync(ca => ca.RevokeAsync(issued.CertificateId, version, "council-b", CertificateRevocationReason.KeyCompromise));

        var changed = Assert.IsType<RevocationOutcome.AlreadyChanged>(second);
        Assert.Equal("council-a", changed.RevokedBy);
        var record = await portal.CertificateRecordAsync(issued.CertificateId);
        Assert.Equal(CertificateRevocationReason.Superseded, record.RevocationReason);
    }

    [Fact]
    public async Task The_status_check_accepts_only_our_recorded_unrevoked_certificates_within_their_validity()
    {
        var facility = await portal.CreateFacilityAsync("V00105", "確認クリニック");
        var (valid, validCertificate) = await portal.IssueAsync(facility, "有効PC");
        var (revoked, revokedCertificate) = await portal.IssueAsync(facility, "失効PC");
        await portal.RevokeAsync(revoked.CertificateId, "council-a", CertificateRevocationReason.CessationOfOperation);
        using var unrecorded = await IssueWithoutSavingAsync(facility.Id);
        var foreignFolder = Path.Combine(portal.DataFolder, "foreign-ca");
        using var foreignCa = DevelopmentCertificateAuthority.LoadOrCreate(foreignFolder, portal.Clock);
        using var foreign = foreignCa.IssueClientCertificate("CN=PC, OU=V00105, O=確認クリニック, C=JP", portal.Clock);

        using (validCertificate)
        using (revokedCertificate)
        {
            var ok = await portal.WithCaAsync(ca => ca.CheckAsync(validCertificate));
            Assert.Equal(TerminalCertificateStatus.Valid, ok.Status);
            Assert.True(ok.IsValid);
            Assert.Equal(valid.CertificateId, ok.CertificateId);
            Assert.Equal(facility.Id, ok.FacilityId);
            Assert.Equal("有効PC", ok.TerminalName);
            Assert.Equal(TerminalCertificateStatus.Revoked, (await portal.WithCaAsync(ca => ca.CheckAsync(revokedCertificate))).Status);
            Assert.Equal(TerminalCertificateStatus.Unknown, (await portal.WithCaAsync(ca => ca.CheckAsync(unrecorded))).Status);
            Assert.Equal(TerminalCertificateStatus.NotIssuedByNetworkCa, (await portal.WithCaAsync(ca => ca.CheckAsync(foreign))).Status);

            // The clock only moves forward: every other test of this class works relative to it.
            portal.Clock.Advance(TimeSpan.FromDays(366));
            Assert.Equal(TerminalCertificateStatus.Expired, (await portal.WithCaAsync(ca => ca.CheckAsync(validCertificate))).Status);
        }
    }

    [Fact]
    public async Task The_terminals_of_a_suspended_facility_are_refused_until_it_is_reinstated()
    {
        var facility = await portal.CreateFacilityAsync("V00106", "停止確認クリニック");
        var (_, certificate) = await portal.IssueAsync(facility, "受付PC");
        using (certificate)
        {
            await MoveAsync(facility.Id, f => f.Suspend("council-a", "監査のため", portal.Clock.GetUtcNow().UtcDateTime));
            var suspended = await portal.WithCaAsync(ca => ca.CheckAsync(certificate));

            await MoveAsync(facility.Id, f => f.Reinstate("council-a", portal.Clock.GetUtcNow().UtcDateTime));
            var reinstated = await portal.WithCaAsync(ca => ca.CheckAsync(certificate));

            Assert.Equal(TerminalCertificateStatus.FacilityInactive, suspended.Status);
            Assert.False(suspended.IsValid);
            Assert.Equal(TerminalCertificateStatus.Valid, reinstated.Status);
        }
    }

    private Task MoveAsync(Guid facilityId, Action<Facility> move) =>
        portal.WithServiceAsync<int, MioKarteDbContext>(async db =>
        {
            move(await db.Facilities.SingleAsync(f => f.Id == facilityId));
            return await db.SaveChangesAsync();
        });

    private async Task<X509Certificate2> IssueWithoutSavingAsync(Guid facilityId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<ITerminalCertificateIssuer>()
            .IssueAsync(new TerminalCertificateRequest(facilityId, Guid.NewGuid(), "V00105", "確認クリニック", "未記録PC", "facadmin"));
        return X509CertificateLoader.LoadPkcs12Collection(issued.Pkcs12, issued.OneTimePassword).Single(c => c.HasPrivateKey);
    }
}

/// <summary>The generated CA lives in the data folder and survives a restart of the portal.</summary>
public sealed class NetworkCaRestartTests
{
    [Fact]
    public async Task The_CA_generated_on_first_start_is_loaded_again_after_a_restart()
    {
        using var first = new PortalFactory();
        using var firstClient = first.CreatePortalClient();
        var firstCa = await (await firstClient.GetAsync(new Uri("/pki/ca.crt", UriKind.Relative))).Content.ReadAsByteArrayAsync();
        Assert.True(File.Exists(Path.Combine(first.DataFolder, NetworkCaKeys.FolderName, NetworkCaKeys.KeyFileName)));

        // A second portal process on the first one's data folder (database, data-protection keys, CA).
        using var restarted = new PortalFactory
        {
            Settings = first.ConnectionString is null
                ? new Dictionary<string, string?> { ["Portal:DataFolder"] = first.DataFolder }
                : new Dictionary<string, string?> { ["Portal:DataFolder"] = first.DataFolder, ["Database:ConnectionString"] = first.ConnectionString },
        };
        using var client = restarted.CreatePortalClient();
        var again = await (await client.GetAsync(new Uri("/pki/ca.crt", UriKind.Relative))).Content.ReadAsByteArrayAsync();

        Assert.Equal(firstCa, again);
    }
}
