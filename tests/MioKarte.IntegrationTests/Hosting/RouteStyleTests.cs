using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Routing;
using MioKarte.Web.Areas.Public.Errors;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>
/// One route style (issue #15): every controller names its address once, in a class-level
/// <c>[Route]</c>, and its actions add to it with relative templates — a reader finds a page's
/// controller from its path prefix and never meets an action that silently leaves its controller's
/// prefix. The one exception is the error controller, whose 404 action is the fallback endpoint and
/// whose pages are re-executed for any path.
/// </summary>
public sealed class RouteStyleTests
{
    private static readonly Type[] Exempt = [typeof(ErrorsController)];

    private static IEnumerable<Type> Controllers() =>
        typeof(PortalComposition).Assembly.GetTypes()
            .Where(t => typeof(ControllerBase).IsAssignableFrom(t) && !t.IsAbstract && !Exempt.Contains(t));

    [Fact]
    public void Every_controller_has_a_class_route_and_every_action_template_is_relative_to_it()
    {
        var controllers = Controllers().ToList();
        Assert.True(controllers.Count > 30, "the portal's controllers were found");

        var withoutClassRoute = controllers.Where(c => c.GetCustomAttribute<RouteAttribute>() is null).Select(c => c.Name);
        var absolute = controllers
            .SelectMany(c => c.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .SelectMany(m => m.GetCustomAttributes().OfType<IRouteTemplateProvider>().Select(a => (c, m, a.Template))))
            .Where(x => x.Template is { } t && (t.StartsWith('/') || t.StartsWith('~')))
            .Select(x => $"{x.c.Name}.{x.m.Name} \"{x.Template}\"");

        Assert.Empty(withoutClassRoute);
        Assert.Empty(absolute);
    }
}
