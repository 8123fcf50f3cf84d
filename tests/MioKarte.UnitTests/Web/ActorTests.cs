using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using MioKarte.Core.Common;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Core.Pki;
using MioKarte.Web.Infrastructure;

namespace MioKarte.UnitTests.Web;

/// <summary>
/// The one <see cref="Actor"/> of a request: built from the sign-in cookie's claims, the presented terminal
/// and the request id, never from what the request posts.
/// </summary>
public sealed class ActorTests
{
    private static readonly Guid Clinic = Guid.Parse("6f1c1f0e-8a51-4c39-9d2b-6e1f4a9d0c11");
    private static readonly Guid Certificate = Guid.Parse("0b8d6d35-5c0e-4e44-a5b0-3f3bd1f6a7e2");

    [Fact]
    public void A_facility_member_at_a_terminal_is_built_from_the_claims_the_terminal_and_the_request_id()
    {
        var session = Guid.NewGuid();
        var user = SignedIn(
            ("u-1", "yamada"), "山田 花子", Clinic, [PortalRoles.Staff], [nameof(UserRights.ViewClinicalData), nameof(UserRights.RegisterPatientLinks)], session);

        var actor = Actors.Of(user, new PresentedTerminal(Certificate, Clinic, "外来1"), "req-42");

        Assert.Equal(("u-1", "yamada", "山田 花子", (Guid?)Clinic, Clinic), (actor.UserId, actor.UserName, actor.DisplayName, actor.FacilityId, actor.Facility));
        Assert.Equal(((Guid?)Certificate, "外来1", "req-42", (Guid?)session), (actor.TerminalCertificateId, actor.TerminalName, actor.RequestId, actor.SessionId));
        Assert.True(actor.IsInRole(PortalRoles.Staff));
        Assert.False(actor.IsInRole(PortalRoles.FacilityAdministrator));
        Assert.True(actor.Has(UserRights.ViewClinicalData));
        Assert.True(actor.Has(UserRights.RegisterPatientLinks));
        Assert.False(actor.Has(UserRights.ManageUsers));
        Assert.Equal("山田 花子", actor.ShownName);
        Assert.Equal(Clinic, ((IActingFacility)actor).FacilityId);
    }

    [Fact]
    public void Council_staff_act_for_no_facility_and_a_facility_query_for_them_fails_closed()
    {
        var user = SignedIn(("c-1", "council"), "", facility: null, [PortalRoles.CouncilStaff], []);

        var actor = Actors.Of(user, terminal: null, "req-1");

        Assert.Null(actor.FacilityId);
        Assert.Null(actor.TerminalCertificateId);
        Assert.Null(actor.TerminalName);
        Assert.True(actor.IsInRole(PortalRoles.CouncilStaff));
        Assert.Empty(actor.Rights);
        Assert.Equal("council", actor.ShownName);
        var facility = Assert.Throws<InvalidOperationException>(() => actor.Facility);
        Assert.Contains("requires a facility member", facility.Message, StringComparison.Ordinal);
        // Scoping with a council actor never turns into "every facility": it throws.
        Assert.Throws<InvalidOperationException>(() => new List<Terminal>().AsQueryable().ForFacility(actor).ToList());
    }

    [Fact]
    public void A_request_without_a_signed_in_user_has_no_actor()
    {
        var context = new DefaultHttpContext();

        Assert.Throws<InvalidOperationException>(() => Actors.From(context));
    }

    [Fact]
    public void The_actor_is_built_once_per_request()
    {
        var context = new DefaultHttpContext { User = SignedIn(("u-1", "yamada"), "山田", Clinic, [], []), TraceIdentifier = "req-7" };

        var first = Actors.From(context);
        context.User = SignedIn(("u-2", "other"), "他人", Guid.NewGuid(), [], []);

        Assert.Same(first, Actors.From(context));
        Assert.Equal("req-7", first.RequestId);
    }

    [Fact]
    public void Actor_is_bound_from_no_request_value()
    {
        var options = new MvcOptions();
        ActorModelBinderProvider.AddTo(options);
        var binding = new BindingMetadataProviderContext(ModelMetadataIdentity.ForType(typeof(Actor)), ModelAttributes.GetAttributesForType(typeof(Actor)));
        foreach (var provider in options.ModelMetadataDetailsProviders.OfType<IBindingMetadataProvider>())
        {
            provider.CreateBindingMetadata(binding);
        }

        Assert.Equal(BindingSource.Special, binding.BindingMetadata.BindingSource);
        Assert.IsType<ActorModelBinderProvider>(options.ModelBinderProviders[0]);
    }

    [Fact]
    public async Task Posted_query_and_route_fields_named_like_the_actors_change_nothing()
    {
        var other = Guid.NewGuid();
        var context = new DefaultHttpContext { User = SignedIn(("u-1", "yamada"), "山田", Clinic, [PortalRoles.Staff], []), TraceIdentifier = "req-9" };
        var forged = new Dictionary<string, StringValues>
        {
            ["UserId"] = "admin",
            ["actor.UserId"] = "admin",
            ["UserName"] = "admin",
            ["FacilityId"] = other.ToString(),
            ["actor.FacilityId"] = other.ToString(),
            ["Roles"] = PortalRoles.CouncilStaff,
            ["Rights"] = nameof(UserRights.ManageUsers),
            ["TerminalCertificateId"] = Guid.NewGuid().ToString(),
            ["RequestId"] = "forged",
        };
        context.Request.Form = new FormCollection(forged);
        context.Request.QueryString = QueryString.Create(forged);
        var routeValues = new RouteValueDictionary(forged.ToDictionary(f => f.Key, f => (object?)f.Value.ToString()));
        var valueProvider = new CompositeValueProvider(
        [
            new FormValueProvider(BindingSource.Form, context.Request.Form, System.Globalization.CultureInfo.InvariantCulture),
            new QueryStringValueProvider(BindingSource.Query, context.Request.Query, System.Globalization.CultureInfo.InvariantCulture),
            new RouteValueProvider(BindingSource.Path, routeValues),
        ]);
        var metadata = new EmptyModelMetadataProvider().GetMetadataForType(typeof(Actor));
        var binding = DefaultModelBindingContext.CreateBindingContext(
            new ActionContext(context, new RouteData(routeValues), new ActionDescriptor()), valueProvider, metadata, bindingInfo: null, modelName: "actor");
        var binder = new ActorModelBinderProvider().GetBinder(new ProviderContext(metadata))!;

        await binder.BindModelAsync(binding);

        var actor = Assert.IsType<Actor>(binding.Result.Model);
        Assert.True(binding.Result.IsModelSet);
        Assert.Equal(("u-1", "yamada", (Guid?)Clinic, "req-9", (Guid?)null), (actor.UserId, actor.UserName, actor.FacilityId, actor.RequestId, actor.TerminalCertificateId));
        Assert.False(actor.IsInRole(PortalRoles.CouncilStaff));
        Assert.False(actor.Has(UserRights.ManageUsers));
        Assert.Null(new ActorModelBinderProvider().GetBinder(new ProviderContext(new EmptyModelMetadataProvider().GetMetadataForType(typeof(string)))));
    }

    private static ClaimsPrincipal SignedIn(
        (string Id, string Name) user, string displayName, Guid? facility, string[] roles, string[] rights, Guid? session = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Name, user.Name), new(PortalClaims.DisplayName, displayName) };
        if (facility is { } id)
        {
            claims.Add(new Claim(PortalClaims.FacilityId, id.ToString("D")));
        }

        if (session is { } sessionId)
        {
            claims.Add(new Claim(PortalClaims.SessionId, sessionId.ToString("D")));
        }

        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(rights.Select(r => new Claim(PortalClaims.Right, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Identity.Application"));
    }

    private sealed class ProviderContext(ModelMetadata metadata) : ModelBinderProviderContext
    {
        public override BindingInfo BindingInfo { get; } = new();

        public override ModelMetadata Metadata { get; } = metadata;

        public override IModelMetadataProvider MetadataProvider { get; } = new EmptyModelMetadataProvider();

        public override IModelBinder CreateBinder(ModelMetadata metadata) => throw new NotSupportedException("The actor binder needs no other binder.");
    }
}
