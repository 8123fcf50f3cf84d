using System.Reflection;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using MioKarte.Core.Common;
using MioKarte.Core.Hosting;
using MioKarte.Web.Infrastructure;

namespace MioKarte.UnitTests.Web;

/// <summary>
/// One way to say who acts: a use-case handler is given the <see cref="Actor"/> and never holds or takes the
/// request, its accessor or its user; and no view asks the database (a view renders what its controller loaded).
/// </summary>
public sealed partial class ActorArchitectureTests
{
    /// <summary>The types that carry the request or its user: what a handler must not see.</summary>
    private static readonly Type[] RequestTypes = [typeof(HttpContext), typeof(IHttpContextAccessor), typeof(ClaimsPrincipal)];

    /// <summary>
    /// Handlers allowed to hold the request, each with its reason; a new entry needs a reviewer's eye.
    /// </summary>
    private static readonly Dictionary<string, string> Allowlist = new(StringComparer.Ordinal)
    {
        ["EnrolAtSignInHandler"] =
            "Sign-in, before anyone acts: it reads and clears the enrolment ticket cookie (the user between password and " +
            "authenticator) and signs in through SignInManager, which itself works on the request.",
    };

    [Fact]
    public void No_use_case_handler_holds_or_takes_the_request_its_accessor_or_its_user()
    {
        var handlers = new[] { typeof(IUseCaseHandler).Assembly, typeof(Actors).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && !t.IsAbstract && typeof(IUseCaseHandler).IsAssignableFrom(t))
            .ToList();

        var found = handlers.Where(t => !Allowlist.ContainsKey(t.Name)).SelectMany(RequestUses).ToList();

        Assert.True(handlers.Count > 50, "the handlers were found");
        Assert.True(found.Count == 0, "Give these handlers the Actor (an action parameter) instead of the request:\n" + string.Join('\n', found));
        Assert.All(Allowlist.Keys, name => Assert.Contains(handlers, h => h.Name == name));
    }

    [Fact]
    public void A_handler_that_takes_the_request_in_any_way_is_found()
    {
        Assert.Equal(
            [
                "ReadsTheRequest: constructor parameter http (IHttpContextAccessor)",
                "ReadsTheRequest: field user (ClaimsPrincipal)",
                "ReadsTheRequest: method Run parameter context (HttpContext)",
            ],
            RequestUses(typeof(ReadsTheRequest)).Order(StringComparer.Ordinal));
        Assert.Empty(RequestUses(typeof(TakesTheActor)));
    }

    [Fact]
    public void No_view_injects_a_handler_or_the_database()
    {
        var root = Path.Combine(Repository.Root, "src");
        var views = Directory.EnumerateFiles(root, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var found = views.SelectMany(f => QueryingInjections(File.ReadAllText(f)).Select(t => $"{Path.GetRelativePath(root, f)}: @inject {t}")).ToList();

        Assert.True(views.Count > 50, "the views were found");
        Assert.True(found.Count == 0, "Load this in the controller and pass it in the view's model:\n" + string.Join('\n', found));
    }

    [Fact]
    public void An_injected_handler_or_context_is_found_and_other_services_are_not()
    {
        const string view = """
            @model Guid
            @inject ActivationPanelHandler PanelHandler
            @inject  MioKarte.Core.Data.MioKarteDbContext Db
            @inject TimeProvider Clock
            @inject IStringLocalizer<SharedResource> T
            """;

        Assert.Equal(["ActivationPanelHandler", "MioKarte.Core.Data.MioKarteDbContext"], QueryingInjections(view));
    }

    /// <summary>Every constructor parameter, field and method parameter of <paramref name="type"/> typed as the request or its user.</summary>
    private static IEnumerable<string> RequestUses(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var parameter in type.GetConstructors(all).SelectMany(c => c.GetParameters()).Where(p => IsRequest(p.ParameterType)))
        {
            yield return $"{type.Name}: constructor parameter {parameter.Name} ({parameter.ParameterType.Name})";
        }

        // Primary-constructor parameters the class keeps are compiler-made fields (<http>P): the constructor names them already.
        foreach (var field in type.GetFields(all).Where(f => IsRequest(f.FieldType) && !f.Name.StartsWith('<')))
        {
            yield return $"{type.Name}: field {field.Name} ({field.FieldType.Name})";
        }

        foreach (var method in type.GetMethods(all))
        {
            foreach (var parameter in method.GetParameters().Where(p => IsRequest(p.ParameterType)))
            {
                yield return $"{type.Name}: method {method.Name} parameter {parameter.Name} ({parameter.ParameterType.Name})";
            }
        }
    }

    private static bool IsRequest(Type type) => RequestTypes.Any(r => r.IsAssignableFrom(type));

    /// <summary>The types a view <c>@inject</c>s that query: a use-case handler or the database context.</summary>
    private static List<string> QueryingInjections(string view) =>
        [.. Inject().Matches(view).Select(m => m.Groups["type"].Value)
            .Where(t => t.Split('<')[0].Split('.')[^1] is var name && (name.EndsWith("Handler", StringComparison.Ordinal) || name == "MioKarteDbContext"))];

    [GeneratedRegex(@"^\s*@inject\s+(?<type>[\w.]+(<[^>]*>)?)\s+\w+", RegexOptions.Multiline)]
    private static partial Regex Inject();

    private sealed class ReadsTheRequest(IHttpContextAccessor http) : IUseCaseHandler
    {
        private readonly ClaimsPrincipal? user = http.HttpContext?.User;

        public string? Run(HttpContext context) => context.TraceIdentifier + user?.Identity?.Name;
    }

    private sealed class TakesTheActor : IUseCaseHandler
    {
        public static string Run(Actor actor) => actor.UserId;
    }
}
