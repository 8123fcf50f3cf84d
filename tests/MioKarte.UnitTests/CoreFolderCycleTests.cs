namespace MioKarte.UnitTests;

/// <summary>
/// The top-level folders of <c>src/MioKarte.Core</c> form no cycle: a folder can be read (and moved)
/// with only the folders below it in mind. Shared types live in <c>Common</c>, which uses no feature.
/// </summary>
public sealed class CoreFolderCycleTests
{
    /// <summary>
    /// Folder → folder uses left out of the check (<c>*</c>: from any folder), each with its reason; a new
    /// entry needs a reviewer's eye.
    /// </summary>
    private static readonly Dictionary<(string From, string To), string> Allowlist = new()
    {
        [("*", "Data")] =
            "Data holds MioKarteDbContext, which maps every feature's entities (so it uses every folder), and every feature's " +
            "handlers query through it (ADR-0001: no repository layer). The context is where the model is put together, not a " +
            "feature: a use of it says nothing about which feature needs which, so a cycle that only closes through it is none.",
    };

    [Fact]
    public void No_two_folders_of_Core_use_each_other_directly_or_through_others()
    {
        var graph = CoreFolderGraph.OfCoreProject();

        Assert.True(graph.Unresolved.Count == 0, "names that did not bind could hide a use:\n" + string.Join('\n', graph.Unresolved.Take(20)));
        Assert.True(graph.Edges.Count > 20, "the folder graph was read");
        var cycles = graph.Cycles(Allowlist.Keys);
        Assert.True(cycles.Count == 0, "Folders of Core that use each other (move the shared type to Common, or turn the use around):\n" + string.Join('\n', cycles));
    }

    /// <summary>
    /// The bottom of Core: Common (the shared kernel) and Text (Japanese text cleaning, kana, CSV), which
    /// the one date parser in Common reads its input with. They may use each other, never a feature.
    /// </summary>
    private static readonly HashSet<string> Kernel = ["Common", "Text"];

    [Fact]
    public void Common_uses_no_feature_folder()
    {
        var graph = CoreFolderGraph.OfCoreProject();

        var uses = graph.Edges.Where(e => Kernel.Contains(e.Key.From) && !Kernel.Contains(e.Key.To)).Select(e => $"{e.Key.From} → {e.Key.To}: {e.Value[0]}").ToList();

        Assert.True(uses.Count == 0, "Common and Text are the shared kernel; they use:\n" + string.Join('\n', uses));
    }

    [Fact]
    public void A_cycle_through_a_third_folder_is_found_and_named_with_its_places()
    {
        var graph = CoreFolderGraph.Build(
        [
            ("Alpha/A.cs", "namespace MioKarte.Core.Alpha; public class A { public MioKarte.Core.Beta.B? Next { get; set; } }"),
            ("Beta/B.cs", "using MioKarte.Core.Gamma; namespace MioKarte.Core.Beta; public sealed class B { public void Run() => C.Touch(); }"),
            ("Gamma/C.cs", "namespace MioKarte.Core.Gamma; public static class C { public static void Touch() => _ = nameof(Alpha.A); }"),
            ("Delta/D.cs", "namespace MioKarte.Core.Delta; public sealed class D : MioKarte.Core.Alpha.A; "),
        ]);

        var cycle = Assert.Single(graph.Cycles([]));

        Assert.StartsWith("cycle Alpha → Beta → Gamma → Alpha\n", cycle, StringComparison.Ordinal);
        Assert.Contains("Beta → Gamma: 2 uses, e.g. Beta/B.cs:1 C; Beta/B.cs:1 Touch", cycle, StringComparison.Ordinal);
        Assert.DoesNotContain("Delta", cycle, StringComparison.Ordinal);
        Assert.Empty(graph.Cycles([("Gamma", "Alpha")]));
        Assert.Empty(graph.Cycles([("*", "Beta")]));
    }
}
