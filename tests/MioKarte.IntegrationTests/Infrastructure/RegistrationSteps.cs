using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using MioKarte.Core.Applications;
using MioKarte.Core.Mail;
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

    /// <summary>The sample application for <paramref name="facilityName"/>, mailed to <paramref name="email"/>, approved by <paramref name="approver"/>.</summary>
    public static async Task<Guid> ApprovedApplicationAsync(this PortalFactory portal, string facilityName, string email, string approver = Approver) =>
        (await portal.AddApplicationAsync(facilityName, ApplicationStatus.Approved, d => d with { AdministratorEmail = email }, reviewer: approver)).Id;

    /// <summary>A client signed in as <see cref="Registrar"/>, the council member who registers what <see cref="Approver"/> approved.</summary>
    public static Task<HttpClient> RegistrarClientAsync(this PortalFactory portal) => portal.CouncilStaffClientAsync(Registrar, "連絡協議会 登録担当");

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
        using var council = await portal.RegistrarClientAsync();
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
        return await council.FollowAsync(response);
    }

    /// <summary>The path of the link in the latest activation mail to <paramref name="email"/>.</summary>
    public static async Task<string> ActivationPathAsync(this PortalFactory portal, string email)
    {
        var body = await portal.LatestActivationMailAsync(email);
        return ActivationLink().Match(body) is { Success: true } match
            ? match.Groups["path"].Value
            : throw new InvalidOperationException("No activation link in the mail:\n" + body);
    }

    public static async Task<string> LatestActivationMailAsync(this PortalFactory portal, string email) =>
        (await portal.ActivationMailsAsync(email))[^1].TextBody;

    /// <summary>The activation mails (first and resent) queued for <paramref name="email"/>, oldest first.</summary>
    public static Task<List<OutboxMessage>> ActivationMailsAsync(this PortalFactory portal, string email)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return portal.OutboxAsync(m => m.ToAddress == email && m.Kind.StartsWith("AccountActivation"));
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

    /// <summary>
    /// The code an authenticator app shows now for <paramref name="key"/> (the portal checks codes against the real
    /// clock): for enrolling a new key. Signing in takes an unused step: <see cref="AuthenticatorCodes"/>.
    /// </summary>
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

    [GeneratedRegex(@"https://localhost(?<path>/account/activate/[A-Za-z0-9_\-]+)")]
    private static partial Regex ActivationLink();
}
