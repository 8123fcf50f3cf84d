using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;
using MioKarte.Web.Areas.Apply.Application;
using OtpNet;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>
/// An approved application, its registration by the council through the real pages, and the new
/// administrator's activation, as the tests of registration, activation and sign-in need them.
/// </summary>
public static partial class RegistrationSteps
{
    public const string Approver = "council.approver";
    public const string Registrar = "council.registrar";
    public const string NewPassword = "Kanri-Sekinin-2026!";

    /// <summary>Submits the sample application for <paramref name="facilityName"/> and has <paramref name="approver"/> approve it.</summary>
    public static async Task<Guid> ApprovedApplicationAsync(this PortalFactory portal, string facilityName, string email, string approver = Approver)
    {
        ArgumentNullException.ThrowIfNull(portal);
        await using var scope = portal.Services.CreateAsyncScope();
        var input = SampleApplication.Input(facilityName);
        input.AdministratorEmail = email;
        var outcome = await scope.ServiceProvider.GetRequiredService<SubmitApplicationHandler>()
            .HandleAsync(input, Guid.NewGuid(), token => "https://localhost/apply/status/" + token);
        Assert.IsType<SubmitOutcome.Submitted>(outcome);
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var application = await db.ParticipationApplications.Include(a => a.Events).SingleAsync(a => a.Data.FacilityName == facilityName);
        var now = portal.Clock.GetUtcNow().UtcDateTime;
        application.ReceiveDocuments(approver, now);
        application.Approve(approver, now);
        await db.SaveChangesAsync();
        return application.Id;
    }

    /// <summary>A council staff member, created on first use (test classes share one portal).</summary>
    public static async Task EnsureCouncilStaffAsync(this PortalFactory portal, string userName, string displayName = "連絡協議会 職員")
    {
        ArgumentNullException.ThrowIfNull(portal);
        var exists = await portal.WithServiceAsync<bool, UserManager<PortalUser>>(async users => await users.FindByNameAsync(userName) is not null);
        if (!exists)
        {
            await portal.CreateUserAsync(userName, PortalRoles.CouncilStaff, displayName);
        }
    }

    /// <summary>A client signed in as council staff member <paramref name="userName"/>.</summary>
    public static async Task<HttpClient> CouncilStaffClientAsync(this PortalFactory portal, string userName = Registrar)
    {
        ArgumentNullException.ThrowIfNull(portal);
        await portal.EnsureCouncilStaffAsync(userName, userName == Registrar ? "連絡協議会 登録担当" : "連絡協議会 職員");
        var client = portal.CreatePortalClient();
        await client.SignInSuccessfullyAsync(userName);
        return client;
    }

    /// <summary>Presses 登録完了 on the registration page, as a council staff member would.</summary>
    public static async Task<HttpResponseMessage> RegisterAsync(this HttpClient client, Guid applicationId)
    {
        var page = await client.GetDocumentAsync($"/council/applications/{applicationId}/register");
        return await client.SubmitAsync(page.Form($"/council/applications/{applicationId}/register"), new Dictionary<string, string>());
    }

    /// <summary>Approved by <see cref="Approver"/>, registered by <see cref="Registrar"/>; returns the application and the path of the mailed link.</summary>
    public static async Task<(Guid ApplicationId, string ActivationPath)> RegisteredApplicationAsync(this PortalFactory portal, string facilityName, string email)
    {
        var id = await portal.ApprovedApplicationAsync(facilityName, email);
        using var council = await portal.CouncilStaffClientAsync();
        using var registered = await council.RegisterAsync(id);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        return (id, await portal.ActivationPathAsync(email));
    }

    /// <summary>Presses 再送 or 取消 on the activation panel of the registration page; returns the page after the redirect.</summary>
    public static async Task<IDocument> PressActivationButtonAsync(this HttpClient council, Guid applicationId, string action)
    {
        var page = await council.GetDocumentAsync($"/council/applications/{applicationId}/register");
        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>($"form[action$='/{action}']")
                   ?? throw new InvalidOperationException($"No {action} button on the panel");
        using var response = await council.SubmitAsync(form, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await council.GetDocumentAsync(response.Headers.Location!.OriginalString);
    }

    /// <summary>The path of the link in the latest activation mail to <paramref name="email"/>.</summary>
    public static async Task<string> ActivationPathAsync(this PortalFactory portal, string email)
    {
        var body = await portal.LatestActivationMailAsync(email);
        return ActivationLink().Match(body) is { Success: true } match
            ? match.Groups["path"].Value
            : throw new InvalidOperationException("No activation link in the mail:\n" + body);
    }

    public static Task<string> LatestActivationMailAsync(this PortalFactory portal, string email)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return portal.WithServiceAsync<string, MioKarteDbContext>(async db =>
            (await db.OutboxMessages.Where(m => m.ToAddress == email && m.Kind.StartsWith("AccountActivation"))
                .OrderBy(m => m.CreatedAtUtc).Select(m => new { m.CreatedAtUtc, m.TextBody }).ToListAsync())
            .Last().TextBody);
    }

    /// <summary>Step 1: sets the password on the link's page.</summary>
    public static async Task<HttpResponseMessage> SetPasswordAsync(this HttpClient client, string activationPath, string password = NewPassword, string? confirm = null)
    {
        var page = await client.GetDocumentAsync(activationPath);
        return await client.SubmitAsync(page.Form(activationPath), new Dictionary<string, string>
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm ?? password,
        });
    }

    /// <summary>The authenticator key as the page shows it, without its spaces.</summary>
    public static string AuthenticatorKey(IDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.GetElementById("authenticator-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
    }

    /// <summary>The code an authenticator app shows now for <paramref name="key"/> (Identity checks codes against the real clock).</summary>
    public static string CodeFor(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow);

    /// <summary>A code of the key that is certainly not accepted now (the window is ±2 steps of 30 s).</summary>
    public static string WrongCodeFor(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddMinutes(10));

    public static async Task<HttpResponseMessage> SubmitCodeAsync(this HttpClient client, IDocument page, string code) =>
        await client.SubmitAsync(page.Form("/account/activation/two-factor"), new Dictionary<string, string> { ["Input.Code"] = code });

    /// <summary>Steps 1 and 2: password and authenticator. Returns the key; the client is signed in afterwards.</summary>
    public static async Task<string> ActivateAsync(this HttpClient client, string activationPath)
    {
        using var set = await client.SetPasswordAsync(activationPath);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/account/activation/two-factor", set.Headers.Location?.OriginalString);
        var page = await client.GetDocumentAsync("/account/activation/two-factor");
        var key = AuthenticatorKey(page);
        using var enabled = await client.SubmitCodeAsync(page, CodeFor(key));
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.Equal("/account/activation/recovery-codes", enabled.Headers.Location?.OriginalString);
        return key;
    }

    /// <summary>Posts a form built by hand (fields the page does not offer), with the page's antiforgery token.</summary>
    public static Task<HttpResponseMessage> PostWithPageTokenAsync(
        this HttpClient client, IDocument page, string action, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(page);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var all = fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token));
        return client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(all));
    }

    [GeneratedRegex(@"https://localhost(?<path>/account/activate/[A-Za-z0-9_\-]+)")]
    private static partial Regex ActivationLink();
}
