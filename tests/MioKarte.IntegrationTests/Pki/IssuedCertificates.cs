using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Pki;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Pki;

/// <summary>Facilities and terminal certificates issued through the portal's own CA, saved as a caller would.</summary>
internal static class IssuedCertificates
{
    public static async Task<Facility> CreateFacilityAsync(this PortalFactory portal, string code, string name)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var facility = Facility.Create(code, name, "ミオクリニック", FacilityType.Clinic, FacilityRole.Viewing, null,
            "193-0832", "東京都八王子市散田町3-10-1", "042-663-0111", 5, 3, "council", portal.Clock.GetUtcNow().UtcDateTime);
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        return facility;
    }

    /// <summary>Issues through <see cref="ITerminalCertificateIssuer"/> and saves, as the facility administrator's page will.</summary>
    public static async Task<(IssuedTerminalCertificate Issued, X509Certificate2 Certificate)> IssueAsync(
        this PortalFactory portal, Facility facility, string terminalName)
    {
        ArgumentNullException.ThrowIfNull(facility);
        await using var scope = portal.Services.CreateAsyncScope();
        var issuer = scope.ServiceProvider.GetRequiredService<ITerminalCertificateIssuer>();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var terminal = Terminal.Register(facility.Id, terminalName, TerminalKind.Pc, null, null, "facadmin", portal.Clock.GetUtcNow().UtcDateTime);
        db.Terminals.Add(terminal);
        var issued = await issuer.IssueAsync(new TerminalCertificateRequest(facility.Id, terminal.Id, facility.Code, facility.Name, terminalName, "facadmin"));
        await db.SaveChangesAsync();
        var certificate = X509CertificateLoader.LoadPkcs12Collection(issued.Pkcs12, issued.OneTimePassword).Single(c => c.HasPrivateKey);
        return (issued, certificate);
    }

    /// <summary>The certificate's record as it is saved now.</summary>
    public static Task<TerminalCertificate> CertificateRecordAsync(this PortalFactory portal, Guid id) =>
        portal.WithServiceAsync<TerminalCertificate, MioKarteDbContext>(db => db.TerminalCertificates.SingleAsync(c => c.Id == id));

    /// <summary>Revokes through the CA at the certificate's current version, as the council's page does.</summary>
    public static async Task<RevocationOutcome> RevokeAsync(this PortalFactory portal, Guid id, string actor, CertificateRevocationReason reason)
    {
        var version = (await portal.CertificateRecordAsync(id)).Version;
        return await portal.WithCaAsync(ca => ca.RevokeAsync(id, version, actor, reason));
    }

    public static async Task<T> WithCaAsync<T>(this PortalFactory portal, Func<NetworkCertificateAuthority, Task<T>> use)
    {
        ArgumentNullException.ThrowIfNull(use);
        await using var scope = portal.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<NetworkCertificateAuthority>());
    }

    public static async Task<byte[]> GetCrlAsync(this HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri("/pki/crl", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }
}
