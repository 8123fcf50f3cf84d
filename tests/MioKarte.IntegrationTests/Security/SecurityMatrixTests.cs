using System.Net;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Core.Patients;
using MioKarte.IntegrationTests.Clinical;
using MioKarte.IntegrationTests.Incidents;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.IntegrationTests.Pki;
using MioKarte.IntegrationTests.Terminals;
using MioKarte.Web.Infrastructure.Access;

namespace MioKarte.IntegrationTests.Security;

/// <summary>
/// One portal on a real TLS port (terminal certificates required, as in production) with two
/// facilities: A with a 管理責任者, a staff member who may view records, a member without rights,
/// a linked patient, a terminal and an emergency grant; B with its own 管理責任者; and council staff.
/// </summary>
public sealed class SecurityMatrixFixture : IAsyncLifetime
{
    public MutualTlsPortal Portal { get; } = new();

    public Dictionary<string, Persona> Personas { get; } = [];

    /// <summary>Route values that name something of facility A, by (address prefix, parameter).</summary>
    public List<(string Prefix, string Parameter, string Value)> OwnedByA { get; } = [];

    public Guid FacilityA { get; private set; }

    public async Task InitializeAsync()
    {
        var a = await Portal.AddFacilityAsync("マトリクス医院A");
        var b = await Portal.AddFacilityAsync("マトリクス医院B");
        var disclosing = await Portal.AddFacilityAsync("マトリクス病院", role: FacilityRole.Disclosing, type: FacilityType.Hospital);
        FacilityA = a.Id;
        const UserRights all = UserRights.ManageUsers | UserRights.ViewClinicalData | UserRights.RegisterPatientLinks;
        var adminA = await Portal.CreateMemberWithRightsAsync("matrix.admin.a", PortalRoles.FacilityAdministrator, a.Id, all);
        var staffA = await Portal.CreateMemberWithRightsAsync("matrix.staff.a", PortalRoles.Staff, a.Id, UserRights.ViewClinicalData);
        await Portal.CreateMemberWithRightsAsync("matrix.bare.a", PortalRoles.Staff, a.Id, UserRights.None);
        await Portal.CreateMemberWithRightsAsync("matrix.nocert.a", PortalRoles.FacilityAdministrator, a.Id, all);
        await Portal.CreateMemberWithRightsAsync("matrix.admin.b", PortalRoles.FacilityAdministrator, b.Id, all);
        await Portal.EnsureCouncilStaffAsync("matrix.council");

        var (_, terminalA) = await Portal.IssueAsync(a, "マトリクスPC-A");
        var (_, terminalB) = await Portal.IssueAsync(b, "マトリクスPC-B");
        var (patient, links) = await Portal.AddLinkedPatientAsync(a, "M-0001", (disclosing, "P-0001"));
        var now = Portal.Clock.GetUtcNow().UtcDateTime;
        var grant = EmergencyAccessGrant.Start(adminA.Id, adminA.UserName!, a.Id, disclosing.Id, "P-0002", "救急搬送のため", now, TimeSpan.FromHours(1));
        var terminalId = await Portal.WithServiceAsync<Guid, MioKarteDbContext>(async db =>
        {
            db.EmergencyAccessGrants.Add(grant);
            await db.SaveChangesAsync();
            return await db.Terminals.Where(t => t.FacilityId == a.Id).Select(t => t.Id).FirstAsync();
        });

        Personas["anonymous"] = new Persona("anonymous", null, Portal.CreateTlsClient());
        await SignInAsync("council", "matrix.council", null);
        await SignInAsync("admin-a", "matrix.admin.a", terminalA);
        await SignInAsync("staff-a", "matrix.staff.a", terminalA);
        await SignInAsync("bare-a", "matrix.bare.a", terminalA);
        await SignInAsync("nocert-a", "matrix.nocert.a", null);
        await SignInAsync("admin-b", "matrix.admin.b", terminalB);

        var sessionA = await Portal.WithServiceAsync<Guid, MioKarteDbContext>(db =>
            db.UserSessions.Where(s => s.UserId == staffA.Id).Select(s => s.Id).FirstAsync());
        OwnedByA.AddRange(
        [
            ("patients/emergency/", "grantId", grant.Id.ToString()),
            ("patients/", "id", patient.Id.ToString()),
            ("patients/", "linkId", links[0].Id.ToString()),
            ("facility/terminals/", "id", terminalId.ToString()),
            ("facility/users/", "id", staffA.Id),
            ("account/sessions/", "id", sessionA.ToString()),
            ("council/facilities/", "id", a.Id.ToString()),
        ]);
    }

    private async Task SignInAsync(string name, string userName, X509Certificate2? certificate)
    {
        var client = Portal.CreateTlsClient(certificate);
        await client.SignInSuccessfullyAsync(userName);
        var user = await Portal.WithServiceAsync<ClaimsPrincipal, UserManager<PortalUser>>(async users =>
        {
            var found = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
            await using var scope = Portal.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PortalUser>>().CreateAsync(found);
        });
        Personas[name] = new Persona(name, user, client);
    }

    public Task DisposeAsync()
    {
        foreach (var persona in Personas.Values)
        {
            persona.Client.Dispose();
        }

        Portal.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A kind of visitor: who (null for anonymous) and their signed-in client.</summary>
public sealed record Persona(string Name, ClaimsPrincipal? User, HttpClient Client);

/// <summary>
/// The security matrix (issue 17): every endpoint of the portal, from its endpoint data source, is
/// requested by an anonymous visitor, council staff, facility A's 管理責任者, staff and member
/// without rights, A's 管理責任者 from a browser without a terminal certificate, and facility B's
/// 管理責任者 with A's ids in every route value. What each may do is read from the endpoint's own
/// metadata (its policies, evaluated for the persona); the answers are then checked: a visitor is
/// sent to sign-in, a refused user to the access-denied page, a page of the facility areas without a
/// certificate gets the terminal refusal, another facility's ids get 404, and a permitted POST without
/// its antiforgery token gets 400. A new endpoint is covered without a line here; one without an
/// explicit [Authorize]/[AllowAnonymous] fails.
/// </summary>
public sealed class SecurityMatrixTests(SecurityMatrixFixture fixture) : IClassFixture<SecurityMatrixFixture>
{
    private const string Login = "/account/login";
    private const string Denied = "/account/access-denied";

    [Fact]
    public void Every_endpoint_names_its_access_policy_and_the_facility_areas_need_a_terminal()
    {
        var endpoints = Endpoints();

        Assert.True(endpoints.Count > 100, $"only {endpoints.Count} endpoints found");
        Assert.Empty(endpoints.Where(e => !EndpointAccess.HasExplicitPolicy(e.Metadata) && !IsFallback(e)).Select(Describe));
        var facilityPages = endpoints.Where(e => AreaOf(e) is { } area && EndpointAccess.FacilityAreas.Contains(area)).ToList();
        Assert.NotEmpty(facilityPages);
        Assert.Empty(facilityPages.Where(e => !EndpointAccess.RequiresTerminal(e.Metadata) || EndpointAccess.IsAnonymous(e.Metadata)).Select(Describe));
    }

    [Fact]
    public async Task Every_endpoint_answers_each_persona_as_its_policy_says()
    {
        var failures = new List<string>();
        var tokens = new Dictionary<string, string>();
        foreach (var persona in fixture.Personas.Values)
        {
            tokens[persona.Name] = await TokenOfAsync(persona);
        }

        foreach (var endpoint in Endpoints())
        {
            var (path, substituted) = PathOf(endpoint);
            foreach (var method in MethodsOf(endpoint))
            {
                foreach (var persona in fixture.Personas.Values)
                {
                    var otherFacility = persona.Name == "admin-b";
                    if (otherFacility && !substituted)
                    {
                        // B's own pages are B's business; this persona is here for A's ids.
                        continue;
                    }

                    // Only B sends a valid token: the others prove that a POST they may make still needs one.
                    var token = otherFacility ? tokens[persona.Name] : null;
                    using var response = await SendAsync(persona.Client, method, path, token);
                    var problem = await JudgeAsync(endpoint, persona, method, substituted, response);
                    if (problem is not null)
                    {
                        failures.Add($"{method} {path} as {persona.Name}: {problem}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private async Task<string?> JudgeAsync(RouteEndpoint endpoint, Persona persona, string method, bool substituted, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        // The cookie handler answers with an absolute address on some paths and a relative one on others: compare paths.
        var location = response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location?.OriginalString ?? "";
        var toLogin = status == 302 && location.StartsWith(Login, StringComparison.Ordinal) && !location.StartsWith(Login + "/", StringComparison.Ordinal);
        var toDenied = status == 302 && location.StartsWith(Denied, StringComparison.Ordinal);
        // The exception handler's page says "server error" with its status, by design, even when asked directly.
        if (status >= 500 && endpoint.RoutePattern.RawText?.TrimStart('/') != "error")
        {
            return $"{status} (a server error)";
        }

        if (persona.User is null)
        {
            var anonymous = EndpointAccess.IsAnonymous(endpoint.Metadata) || IsFallback(endpoint);
            if (anonymous && toLogin && IsSignInStep(endpoint))
            {
                return null; // a step of signing in (second factor, enrolment) with no sign-in under way starts again at sign-in
            }

            return anonymous == toLogin ? (anonymous ? "a public endpoint sent the visitor to sign-in" : $"{status} {location} instead of the sign-in page") : null;
        }

        if (toLogin && !IsSignInStep(endpoint))
        {
            return "a signed-in user was sent to sign-in (session lost?)";
        }

        var allowed = await IsAllowedAsync(endpoint, persona.User);
        if (!allowed)
        {
            return toDenied ? null : $"{status} {location}: the policy refuses this user, the portal did not";
        }

        if (toDenied)
        {
            return "the policy allows this user, the portal refused";
        }

        var terminalRefused = status == 403 && (await response.Content.ReadAsStringAsync()).Contains("data-refusal", StringComparison.Ordinal);
        if (persona.Name == "nocert-a" && EndpointAccess.RequiresTerminal(endpoint.Metadata))
        {
            return terminalRefused ? null : $"{status}: a facility page answered without a terminal certificate";
        }

        if (terminalRefused)
        {
            return "refused the user's own terminal";
        }

        if (persona.Name == "admin-b" && substituted)
        {
            // A GET that only redirects to the resource's own page (e.g. a form answered by POST) serves
            // nothing; that page is an endpoint of the matrix itself and answers B with 404.
            var redirectsToOwnPage = method == "GET" && status == 302 && location.Length > 1
                && PathOf(endpoint).Path.TrimStart('/').StartsWith(location.TrimStart('/') + "/", StringComparison.Ordinal);
            var refused = status is 404 or 403 || (method == "POST" && status == 400) || redirectsToOwnPage;
            return refused ? null : $"{status} {location}: another facility's id was served";
        }

        if (method == "POST" && status != 400 && !EndpointAccess.IsAnonymous(endpoint.Metadata) && !IgnoresAntiforgery(endpoint))
        {
            return $"{status} {location}: a POST without its antiforgery token was not refused";
        }

        return null;
    }

    private async Task<bool> IsAllowedAsync(RouteEndpoint endpoint, ClaimsPrincipal user)
    {
        if (EndpointAccess.IsAnonymous(endpoint.Metadata))
        {
            return true;
        }

        await using var scope = fixture.Portal.Services.CreateAsyncScope();
        var provider = scope.ServiceProvider.GetRequiredService<IAuthorizationPolicyProvider>();
        var policy = await AuthorizationPolicy.CombineAsync(provider, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
            endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>()) ?? await provider.GetFallbackPolicyAsync();
        if (policy is null)
        {
            return true;
        }

        var result = await scope.ServiceProvider.GetRequiredService<IAuthorizationService>().AuthorizeAsync(user, policy);
        return result.Succeeded;
    }

    private List<RouteEndpoint> Endpoints() =>
        fixture.Portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static string? AreaOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor>() is { } action
            && action.RouteValues.TryGetValue("area", out var area) ? area : null;

    /// <summary>
    /// The fallback route: it runs Errors.NotFoundPage ([AllowAnonymous]) but its endpoint carries only
    /// the dynamic-controller metadata, so its policy is the action's, not the endpoint's.
    /// </summary>
    private static bool IsFallback(RouteEndpoint endpoint) => endpoint.DisplayName?.StartsWith("Fallback ", StringComparison.Ordinal) == true;

    private static bool IsSignInStep(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText?.TrimStart('/').StartsWith("account/login/", StringComparison.Ordinal) == true;

    private static bool IgnoresAntiforgery(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.ViewFeatures.IAntiforgeryPolicy>() is Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute;

    private static string Describe(RouteEndpoint endpoint) => $"{endpoint.RoutePattern.RawText} ({endpoint.DisplayName})";

    private static IEnumerable<string> MethodsOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["GET"];

    /// <summary>The endpoint's address with a value in every parameter: A's ids where the parameter names something of A.</summary>
    private (string Path, bool Substituted) PathOf(RouteEndpoint endpoint)
    {
        var pattern = endpoint.RoutePattern;
        var raw = (pattern.RawText ?? "").TrimStart('/');
        var path = new StringBuilder();
        var substituted = false;
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        path.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        path.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        var owned = fixture.OwnedByA.FirstOrDefault(o => o.Parameter == parameter.Name && raw.StartsWith(o.Prefix, StringComparison.OrdinalIgnoreCase)
                            && !(o.Prefix == "patients/" && raw.StartsWith("patients/emergency/", StringComparison.OrdinalIgnoreCase)));
                        substituted |= owned.Value is not null;
                        path.Append(Uri.EscapeDataString(owned.Value ?? ValueOf(parameter)));
                        break;
                }
            }
        }

        return (path.Length == 0 ? "/" : path.ToString(), substituted);
    }

    private static string ValueOf(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
        if (constraints.Contains("guid"))
        {
            return "7d0c2b1e-0000-4000-8000-000000000017";
        }

        if (constraints.Contains("int"))
        {
            return parameter.Name == "code" ? "404" : "1";
        }

        return parameter.Name switch
        {
            "button" => "disable",
            _ when parameter.IsCatchAll => "no-such-page",
            _ => "matrix-value",
        };
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method != "GET" && method != "HEAD")
        {
            var fields = new Dictionary<string, string>();
            if (token is not null)
            {
                fields["__RequestVerificationToken"] = token;
            }

            request.Content = new FormUrlEncodedContent(fields);
        }

        return await client.SendAsync(request);
    }

    /// <summary>An antiforgery token for this persona's client, from a page with a form.</summary>
    private static async Task<string> TokenOfAsync(Persona persona)
    {
        var page = await persona.Client.GetDocumentAsync(persona.User is null ? Login : "/account");
        return page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value
               ?? throw new InvalidOperationException($"No antiforgery token on the page for {persona.Name}");
    }
}
