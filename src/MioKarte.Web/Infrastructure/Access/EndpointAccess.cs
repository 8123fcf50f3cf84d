using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;

namespace MioKarte.Web.Infrastructure.Access;

/// <summary>
/// Endpoint metadata: the page needs a terminal certificate of the signed-in user's own facility
/// (<see cref="ClientCertificates.ClientCertificateGate"/>). Put on every action of the Clinical and
/// FacilityAdmin areas by <see cref="FacilityAreaConvention"/>, so a page added there is gated
/// whatever its address; another page may carry it by hand.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
public sealed class RequiresTerminalAttribute : Attribute;

/// <summary>
/// Which endpoints say who may use them, and which areas are a facility's own. Default-deny: an
/// endpoint whose metadata has neither an <see cref="IAuthorizeData"/> ([Authorize], a policy)
/// nor an <see cref="IAllowAnonymous"/> is refused by <see cref="ExplicitAccessPolicyGate"/> (and
/// fails the security matrix test), instead of silently relying on the fallback policy.
/// </summary>
public static class EndpointAccess
{
    /// <summary>The areas whose every page belongs to one facility: its members only, from its terminals only.</summary>
    public static readonly string[] FacilityAreas = ["Clinical", "FacilityAdmin"];

    public static bool IsAnonymous(EndpointMetadataCollection metadata) =>
        metadata?.GetMetadata<IAllowAnonymous>() is not null;

    public static bool HasExplicitPolicy(EndpointMetadataCollection metadata) =>
        metadata is not null && (metadata.GetMetadata<IAllowAnonymous>() is not null || metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0);

    public static bool RequiresTerminal(EndpointMetadataCollection? metadata) =>
        metadata?.GetMetadata<RequiresTerminalAttribute>() is not null;
}

/// <summary>
/// The Clinical and FacilityAdmin areas by convention: every action gets
/// <see cref="RequiresTerminalAttribute"/> and the <see cref="PortalPolicies.FacilityMember"/>
/// policy as endpoint metadata, on top of the policy its controller names.
/// </summary>
public sealed class FacilityAreaConvention : IControllerModelConvention
{
    public void Apply(ControllerModel controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var area = controller.RouteValues.TryGetValue("area", out var value) ? value : null;
        if (area is null || !EndpointAccess.FacilityAreas.Contains(area, StringComparer.Ordinal))
        {
            return;
        }

        foreach (var selector in controller.Actions.SelectMany(a => a.Selectors))
        {
            selector.EndpointMetadata.Add(new RequiresTerminalAttribute());
            selector.EndpointMetadata.Add(new AuthorizeAttribute(PortalPolicies.FacilityMember));
        }
    }
}

/// <summary>
/// Refuses (403, logged as an error) an MVC action whose endpoint says nothing about who may use it:
/// a forgotten [Authorize]/[AllowAnonymous] is a defect to fix, not a page to serve.
/// </summary>
public sealed class ExplicitAccessPolicyGate(ILogger<ExplicitAccessPolicyGate> logger) : IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.HttpContext.GetEndpoint();
        if (endpoint is not null && EndpointAccess.HasExplicitPolicy(endpoint.Metadata))
        {
            return;
        }

        logger.LogError("Endpoint {Endpoint} has no explicit access policy ([Authorize] or [AllowAnonymous]): refused", endpoint?.DisplayName);
        context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
    }
}
