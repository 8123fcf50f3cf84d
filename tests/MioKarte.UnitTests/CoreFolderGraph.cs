using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MioKarte.UnitTests;

/// <summary>
/// Which top-level folder of <c>src/MioKarte.Core</c> (Common, Applications, Identity…) uses which, read
/// by binding the sources with Roslyn: a name counts where it resolves to a type or member declared in
/// another folder's namespace (<c>MioKarte.Core.{Folder}</c>), wherever it is written — signatures,
/// bodies, attributes, extension calls. Doc comments do not count.
/// </summary>
internal sealed class CoreFolderGraph
{
    private const string CoreNamespace = "MioKarte.Core";

    /// <summary>
    /// The compiler errors of a name that did not bind (unknown type, namespace, member; a type from an
    /// assembly not referenced). Others — the source generators not running here, an obsolete overload
    /// chosen because the generated code is missing — do not hide a use.
    /// </summary>
    private static readonly HashSet<string> BindingErrors = ["CS0012", "CS0103", "CS0117", "CS0234", "CS0246", "CS1061"];

    /// <summary>LangVersion=latest in Directory.Build.props.</summary>
    private static readonly CSharpParseOptions Parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private CoreFolderGraph(Dictionary<(string From, string To), List<string>> edges, IReadOnlyList<string> unresolved)
    {
        Edges = edges;
        Unresolved = unresolved;
    }

    /// <summary>Folder → folder, with the places (file:line name) that make the dependency.</summary>
    public IReadOnlyDictionary<(string From, string To), List<string>> Edges { get; }

    /// <summary>Names that did not bind: each could hide an edge.</summary>
    public IReadOnlyList<string> Unresolved { get; }

    /// <summary>The graph of the real <c>src/MioKarte.Core</c>.</summary>
    public static CoreFolderGraph OfCoreProject()
    {
        var root = Path.Combine(Repository.Root, "src", "MioKarte.Core");
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("obj/", StringComparison.Ordinal) && !path.StartsWith("bin/", StringComparison.Ordinal))
            .Select(path => (path, File.ReadAllText(Path.Combine(root, path))));
        return Build(files);
    }

    /// <summary>The graph of the given sources, each named by its path relative to the Core project.</summary>
    public static CoreFolderGraph Build(IEnumerable<(string Path, string Source)> files)
    {
        // Microsoft.NET.Sdk's implicit usings (ImplicitUsings=enable in Directory.Build.props).
        var implicitUsings = CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
            "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;",
            Parse,
            "ImplicitUsings.cs");
        var trees = files
            .Select(f => CSharpSyntaxTree.ParseText(f.Source, Parse, f.Path))
            .ToList();
        var compilation = CSharpCompilation.Create(
            "CoreFolderGraph",
            [implicitUsings, .. trees],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));

        var unresolved = compilation.GetDiagnostics()
            .Where(d => BindingErrors.Contains(d.Id))
            .Select(d => d.ToString())
            .ToList();

        var edges = new Dictionary<(string, string), List<string>>();
        foreach (var tree in trees)
        {
            var from = FolderOf(tree.FilePath);
            var model = compilation.GetSemanticModel(tree);
            var names = tree.GetRoot().DescendantNodes()
                .OfType<SimpleNameSyntax>()
                .Where(n => n.FirstAncestorOrSelf<UsingDirectiveSyntax>() is null);
            foreach (var name in names)
            {
                var info = model.GetSymbolInfo(name);
                var to = FolderOfSymbol(info.Symbol ?? info.CandidateSymbols.FirstOrDefault());
                if (to is null || to == from)
                {
                    continue;
                }

                if (!edges.TryGetValue((from, to), out var places))
                {
                    edges[(from, to)] = places = [];
                }

                places.Add($"{tree.FilePath}:{name.GetLocation().GetLineSpan().StartLinePosition.Line + 1} {name}");
            }
        }

        return new CoreFolderGraph(edges, unresolved);
    }

    /// <summary>
    /// Every group of folders that reach each other (strongly connected components of more than one
    /// folder), each described as a cycle and the edges inside it with where they come from.
    /// <paramref name="allowed"/> edges are left out; <c>("*", To)</c> leaves out every use of <c>To</c>.
    /// </summary>
    public IReadOnlyList<string> Cycles(IReadOnlyCollection<(string From, string To)> allowed)
    {
        bool IsAllowed((string From, string To) edge) => allowed.Contains(edge) || allowed.Contains(("*", edge.To));
        var graph = Edges.Keys
            .Where(e => !IsAllowed(e))
            .GroupBy(e => e.From, e => e.To)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t, StringComparer.Ordinal).ToList());
        var reports = new List<string>();
        foreach (var component in StronglyConnected(graph).Where(c => c.Count > 1))
        {
            var members = component.ToHashSet();
            var start = component.Min(StringComparer.Ordinal)!;
            var cycle = ShortestCycle(graph, members, start);
            var inside = Edges
                .Where(e => members.Contains(e.Key.From) && members.Contains(e.Key.To) && !IsAllowed(e.Key))
                .OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal)
                .Select(e => $"  {e.Key.From} → {e.Key.To}: {e.Value.Count} uses, e.g. {string.Join("; ", e.Value.Distinct().Take(3))}");
            reports.Add($"cycle {string.Join(" → ", cycle)}\n{string.Join('\n', inside)}");
        }

        return reports;
    }

    private static string FolderOf(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.IndexOf('/', StringComparison.Ordinal)] : "(root)";

    private static string? FolderOfSymbol(ISymbol? symbol)
    {
        if (symbol is null or INamespaceSymbol or ILocalSymbol or IParameterSymbol or IRangeVariableSymbol or ILabelSymbol or IDiscardSymbol)
        {
            return null;
        }

        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        if (type is null)
        {
            return null;
        }

        var ns = type.OriginalDefinition.ContainingNamespace?.ToDisplayString() ?? "";
        if (!ns.StartsWith(CoreNamespace + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(CoreNamespace.Length + 1)..];
        return rest.Split('.')[0];
    }

    /// <summary>The framework and every package the test binaries carry (Core's dependencies among them), not Core itself.</summary>
    private static List<MetadataReference> References()
    {
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var local = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll");
        return platform.Concat(local)
            .Where(path => !Path.GetFileName(path).StartsWith("MioKarte.", StringComparison.Ordinal))
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Where(IsManaged)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
    }

    private static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>Tarjan's algorithm.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, List<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();
        var nodes = graph.Keys.Concat(graph.Values.SelectMany(v => v)).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string popped;
                do
                {
                    popped = stack.Pop();
                    onStack.Remove(popped);
                    component.Add(popped);
                }
                while (popped != node);
                result.Add(component);
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return result;
    }

    /// <summary>The shortest way from <paramref name="start"/> back to itself inside one component (breadth first).</summary>
    private static List<string> ShortestCycle(Dictionary<string, List<string>> graph, HashSet<string> members, string start)
    {
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in (graph.GetValueOrDefault(node) ?? []).Where(members.Contains))
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (var at = node; at != start; at = previous[at])
                    {
                        path.Add(at);
                    }

                    path.Add(start);
                    path.Reverse();
                    return path;
                }

                if (previous.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return [start];
    }
}
