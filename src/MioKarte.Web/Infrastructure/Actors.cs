using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using MioKarte.Core.Common;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// Builds the <see cref="Actor"/> of a request, once: from the sign-in cookie's claims (<see cref="PortalClaims"/>),
/// the terminal whose certificate came with the request (<see cref="PresentedTerminal"/>, set by the client
/// certificate gate before any action runs) and the request id. Controllers get it as an action parameter
/// (<see cref="ActorModelBinderProvider"/>); nothing else reads the user of the request for who is acting.
/// </summary>
public static class Actors
{
    /// <summary>The actor of this request (built on first use, then kept in the request's features).</summary>
    /// <exception cref="InvalidOperationException">The request has no signed-in user (an action that takes an actor must require one).</exception>
    public static Actor From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<Actor>() is { } built)
        {
            return built;
        }

        var actor = Of(context.User, context.Features.Get<PresentedTerminal>(), context.TraceIdentifier);
        context.Features.Set(actor);
        return actor;
    }

    /// <summary>The actor that <paramref name="user"/>'s claims describe, at <paramref name="terminal"/> (if any).</summary>
    public static Actor Of(ClaimsPrincipal user, PresentedTerminal? terminal, string requestId)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            throw new InvalidOperationException("Only a signed-in user acts: the action must require an authenticated user.");
        }

        var identity = user.Identities.First(i => i.IsAuthenticated);
        return new Actor(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("A signed-in user has an id."),
            user.Identity.Name ?? throw new InvalidOperationException("A signed-in user has a name."),
            user.FindFirstValue(PortalClaims.DisplayName) ?? "",
            PortalPolicies.FacilityIdOf(user),
            user.FindAll(identity.RoleClaimType).Select(c => c.Value).ToFrozenSet(StringComparer.Ordinal),
            user.FindAll(PortalClaims.Right).Select(c => c.Value).ToFrozenSet(StringComparer.Ordinal),
            terminal?.CertificateId,
            terminal?.TerminalName,
            requestId,
            SessionGate.SessionIdOf(user));
    }
}

/// <summary>
/// Lets an action declare an <see cref="Actor"/> parameter. The value comes from <see cref="Actors.From"/> only:
/// the binder never reads form, query or route values, so a posted <c>UserId</c> or <c>FacilityId</c> changes
/// nothing (<c>ActorTests</c>).
/// </summary>
public sealed class ActorModelBinderProvider : IModelBinderProvider
{
    private static readonly ActorModelBinder Binder = new();

    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Metadata.ModelType == typeof(Actor) ? Binder : null;
    }

    /// <summary>Registers the binder ahead of the framework's (which would bind a record from the form) and marks <see cref="Actor"/> as bound from no request value.</summary>
    public static void AddTo(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ModelBinderProviders.Insert(0, new ActorModelBinderProvider());
        options.ModelMetadataDetailsProviders.Add(new BindingSourceMetadataProvider(typeof(Actor), BindingSource.Special));
        options.ModelMetadataDetailsProviders.Add(new SuppressChildValidationMetadataProvider(typeof(Actor)));
    }

    private sealed class ActorModelBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            ArgumentNullException.ThrowIfNull(bindingContext);
            bindingContext.Result = ModelBindingResult.Success(Actors.From(bindingContext.HttpContext));
            return Task.CompletedTask;
        }
    }
}
