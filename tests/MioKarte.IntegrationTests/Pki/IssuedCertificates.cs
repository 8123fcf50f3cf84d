using System.Security.Cryptography.X509Certificates;
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
        var issued = await issuer.IssueAsync(new TerminalCertificateRequest(facility.Id, facility.Code, facility.Name, terminalName, "facadmin"));
        await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().SaveChangesAsync();
        var certificate = X509CertificateLoader.LoadPkcs12Collection(issued.Pkcs12, issued.OneTimePassword).Single(c => c.HasPrivateKey);
        return (issued, certificate);
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
