using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>
/// Only council staff reach the council area: every action of every controller in it (found from
/// the endpoint data source, so controllers added later are covered without touching this test),
/// for each of its HTTP methods, with route ids that exist and ids that do not.
/// </summary>
public sealed class CouncilAuthorizationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    /// <summary>Actions this test must find; if it finds none of them it could pass while testing nothing.</summary>
    private static readonly string[] KnownRoutes =
    [
        "GET council",
        "GET council/applications",
        "GET council/applications/{id:guid}",
        "GET council/applications/{id:guid}/forms/{index:int}",
        "POST council/applications/{id:guid}/receive-documents",
        "POST council/applications/{id:guid}/approve",
        "POST council/applications/{id:guid}/return",
        "POST council/applications/{id:guid}/reject",
    ];

    [Fact]
    public async Task Every_council_action_sends_anonymous_visitors_to_sign_in_and_refuses_every_other_role()
    {
        var application = await portal.AddApplicationAsync("権限確認クリニック", ApplicationStatus.UnderReview);
        var before = await portal.StoredAsync(application.Id);
        var requests = CouncilRequests(application.Id);
        Assert.Superset(KnownRoutes.ToHashSet(), requests.Select(r => $"{r.Method} {r.Template}").ToHashSet());

        var failures = new List<string>();
        using (var anonymous = portal.CreatePortalClient())
        {
            foreach (var request in requests)
            {
                using var response = await SendAsync(anonymous, request);
                var location = response.Headers.Location?.OriginalString ?? "";
                if (response.StatusCode != HttpStatusCode.Redirect || !location.Contains("/account/login", StringComparison.Ordinal))
                {
                    failures.Add($"anonymous {request.Method} {request.Path}: {(int)response.StatusCode} {location}");
                }
            }
        }

        foreach (var role in new[] { PortalRoles.Staff, PortalRoles.FacilityAdministrator, PortalRoles.SystemAdministrator })
        {
            var userName = "authz-" + role.ToLowerInvariant();
            await portal.CreateUserAsync(userName, role);
            using var client = await portal.SignedInClientAsync(userName);
            foreach (var request in requests)
            {
                using var response = await SendAsync(client, request);
                var location = response.Headers.Location?.OriginalString ?? "";
                var denied = response.StatusCode == HttpStatusCode.Forbidden
                             || (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/account/access-denied", StringComparison.Ordinal));
                if (!denied)
                {
                    failures.Add($"{role} {request.Method} {request.Path}: {(int)response.StatusCode} {location}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var after = await portal.StoredAsync(application.Id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Events.Count, after.Events.Count);
    }

    [Fact]
    public async Task Council_staff_reach_the_pages_of_the_area()
    {
        var application = await portal.AddApplicationAsync("権限確認医院");
        using var client = await portal.CouncilStaffClientAsync("council.kengen", "権限 確認");

        foreach (var path in new[] { "/council", "/council/applications", $"/council/applications/{application.Id}", $"/council/applications/{application.Id}/forms/0" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public void Every_controller_of_the_council_area_requires_the_council_role_and_none_of_its_actions_is_anonymous()
    {
        var controllers = typeof(Program).Assembly.GetExportedTypes()
            .Where(t => typeof(ControllerBase).IsAssignableFrom(t) && t.GetCustomAttribute<AreaAttribute>()?.RouteValue == "Council")
            .ToList();

        Assert.NotEmpty(controllers);
        foreach (var controller in controllers)
        {
            Assert.Contains(controller.GetCustomAttributes<AuthorizeAttribute>(), a => a.Roles == PortalRoles.CouncilStaff);
            Assert.Null(controller.GetCustomAttribute<AllowAnonymousAttribute>());
            Assert.All(controller.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly),
                m => Assert.Null(m.GetCustomAttribute<AllowAnonymousAttribute>()));
        }
    }

    private sealed record CouncilRequest(string Method, string Template, string Path);

    /// <summary>Each council endpoint × each of its methods × a real id and a random one.</summary>
    private List<CouncilRequest> CouncilRequests(Guid realId)
    {
        using var client = portal.CreatePortalClient(); // the host is built before its endpoints are read
        var endpoints = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is { } action
                        && action.RouteValues.TryGetValue("area", out var area) && area == "Council")
            .ToList();
        var requests = new List<CouncilRequest>();
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared
                ? declared
                : ["GET", "POST"];
            foreach (var id in new[] { realId, Guid.NewGuid() }.Distinct())
            {
                var path = Fill(endpoint.RoutePattern, id);
                foreach (var method in methods)
                {
                    requests.Add(new CouncilRequest(method, endpoint.RoutePattern.RawText!.Trim('/'), path));
                }
            }
        }

        return requests;
    }

    /// <summary>A path for the pattern: ids become <paramref name="id"/>, numbers 0, other values a plausible word.</summary>
    private static string Fill(RoutePattern pattern, Guid id)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => ValueFor(parameter, id),
            _ => throw new InvalidOperationException($"unknown route part in {pattern.RawText}"),
        })));
        return "/" + string.Join('/', segments);
    }

    private static string ValueFor(RoutePatternParameterPart parameter, Guid id)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
        if (constraints.Any(c => c is "int" or "long" or "decimal" or "double" or "float" || c.StartsWith("min", StringComparison.Ordinal) || c.StartsWith("range", StringComparison.Ordinal)))
        {
            return "1";
        }

        if (constraints.Contains("bool"))
        {
            return "true";
        }

        if (constraints.Contains("alpha"))
        {
            return "abc";
        }

        return id.ToString();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, CouncilRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Path, UriKind.Relative));
        if (request.Method != "GET" && request.Method != "HEAD")
        {
            // No antiforgery token: authorization must answer before the token is even looked at.
            message.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["version"] = Guid.NewGuid().ToString(),
                ["comment"] = "権限のない操作",
            });
        }

        return SendAndDisposeRequestAsync(client, message);
    }

    private static async Task<HttpResponseMessage> SendAndDisposeRequestAsync(HttpClient client, HttpRequestMessage message)
    {
        using (message)
        {
            return await client.SendAsync(message);
        }
    }
}
