using System.Net;
using System.Security.Cryptography.X509Certificates;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Core.Pki;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Terminals;

/// <summary>Facility administrators and their terminal pages, driven as a browser would.</summary>
internal static class TerminalSteps
{
    /// <summary>A 管理責任者 of <paramref name="facility"/> with the right to manage it.</summary>
    public static async Task<PortalUser> CreateFacilityAdministratorAsync(
        this PortalFactory portal, Facility facility, string userName, UserRights rights = UserRights.ManageUsers)
    {
        ArgumentNullException.ThrowIfNull(facility);
        var user = await portal.CreateUserAsync(userName, PortalRoles.FacilityAdministrator, "管理 花子", facility.Id);
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var saved = await users.FindByIdAsync(user.Id);
        saved!.Rights = rights;
        Assert.True((await users.UpdateAsync(saved)).Succeeded);
        return saved;
    }

    /// <summary>Registers a terminal through the form; returns its id (from the redirect).</summary>
    public static async Task<Guid> RegisterTerminalAsync(this HttpClient client, string name, TerminalKind kind = TerminalKind.Pc, string location = "受付", string person = "受付 一郎")
    {
        var form = await client.GetDocumentAsync("/facility/terminals/new");
        using var response = await client.SubmitAsync(form.Form("/facility/terminals"), new Dictionary<string, string>
        {
            ["Name"] = name,
            ["Kind"] = kind.ToString(),
            ["Location"] = location,
            ["PersonInCharge"] = person,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    /// <summary>Presses 発行 (or 更新) on the terminal's page; returns the response (the one-time page on success).</summary>
    public static async Task<HttpResponseMessage> PressIssueAsync(this HttpClient client, Guid terminalId)
    {
        var page = await client.GetDocumentAsync($"/facility/terminals/{terminalId}");
        return await client.SubmitAsync(page.Form($"/facility/terminals/{terminalId}/certificate"), new Dictionary<string, string>());
    }

    /// <summary>Issues through the page, downloads the PKCS#12 and opens it with the password shown: the certificate with its key.</summary>
    public static async Task<X509Certificate2> IssueAndDownloadAsync(this HttpClient client, Guid terminalId)
    {
        using var response = await client.PressIssueAsync(terminalId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        var password = page.GetElementById("certificate-password")!.TextContent.Trim();
        using var download = await client.SubmitAsync(page.Form("/facility/terminals/certificate/download"), new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/x-pkcs12", download.Content.Headers.ContentType!.MediaType);
        var pkcs12 = await download.Content.ReadAsByteArrayAsync();
        return X509CertificateLoader.LoadPkcs12Collection(pkcs12, password).Single(c => c.HasPrivateKey);
    }

    public static async Task<HttpResponseMessage> RevokeTerminalAsync(this HttpClient client, Guid terminalId, string reason = "LostOrStolen")
    {
        var page = await client.GetDocumentAsync($"/facility/terminals/{terminalId}");
        return await client.SubmitAsync(page.Form($"/facility/terminals/{terminalId}/revoke"), new Dictionary<string, string> { ["Reason"] = reason });
    }

    public static Task<List<TerminalCertificate>> CertificatesOfAsync(this PortalFactory portal, Guid terminalId) =>
        portal.WithServiceAsync<List<TerminalCertificate>, MioKarteDbContext>(db =>
            db.TerminalCertificates.AsNoTracking().Where(c => c.TerminalId == terminalId).OrderBy(c => c.IssuedAtUtc).ToListAsync());

    public static Task<Terminal> TerminalAsync(this PortalFactory portal, Guid terminalId) =>
        portal.WithServiceAsync<Terminal, MioKarteDbContext>(db => db.Terminals.AsNoTracking().SingleAsync(t => t.Id == terminalId));

    public static string Text(this IDocument page) => page.Body!.TextContent;
}
