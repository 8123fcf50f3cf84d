using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Hosting;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>
/// Handlers are registered by <see cref="IUseCaseHandler"/>, not by name. The portal's own service
/// collection is built with <c>ValidateOnBuild</c> and <c>ValidateScopes</c>, and every service a
/// controller takes (constructor or <c>[FromServices]</c>) must resolve from it.
/// </summary>
public sealed class UseCaseHandlerRegistrationTests
{
    private static readonly Assembly Web = typeof(PortalComposition).Assembly;

    [Fact]
    public void Every_service_a_controller_needs_is_registered_and_the_container_validates_on_build()
    {
        IServiceCollection? captured = null;
        using var portal = new PortalFactory { TestServices = services => captured = services };
        _ = portal.Services; // starts the host: ConfigureServices has run
        var services = captured ?? throw new InvalidOperationException("The portal's services were not captured.");

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var known = provider.GetRequiredService<IServiceProviderIsService>();
        var missing = Controllers()
            .SelectMany(c => Needs(c).Select(t => (Controller: c, Service: t)))
            .Where(n => !known.IsService(n.Service))
            .Select(n => $"{n.Controller.Name} needs {n.Service.FullName}")
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, string.Join('\n', missing));
        Assert.Contains(Controllers(), c => Needs(c).Any(t => typeof(IUseCaseHandler).IsAssignableFrom(t)));
    }

    [Fact]
    public void A_class_named_like_a_handler_is_a_use_case_handler_or_says_what_else_it_is()
    {
        var unmarked = Web.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Handler", StringComparison.Ordinal))
            .Where(t => !typeof(IUseCaseHandler).IsAssignableFrom(t)
                        && !typeof(Microsoft.AspNetCore.Authorization.IAuthorizationHandler).IsAssignableFrom(t)
                        && !typeof(HttpMessageHandler).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(unmarked);
    }

    [Fact]
    public void A_handler_without_the_interface_is_not_registered()
    {
        var services = new ServiceCollection().AddUseCaseHandlers(typeof(UseCaseHandlerRegistrationTests).Assembly);

        Assert.Contains(services, d => d.ServiceType == typeof(MarkedUseCase));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(NamedOnlyHandler));
    }

    private static IEnumerable<Type> Controllers() =>
        Web.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ControllerBase).IsAssignableFrom(t));

    /// <summary>The constructor's parameters and every action's <c>[FromServices]</c> parameters.</summary>
    private static IEnumerable<Type> Needs(Type controller) =>
        controller.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)
            .Concat(controller.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .SelectMany(m => m.GetParameters())
                .Where(p => p.GetCustomAttribute<FromServicesAttribute>() is not null)
                .Select(p => p.ParameterType));
}

public sealed class MarkedUseCase : IUseCaseHandler;

public sealed class NamedOnlyHandler;
