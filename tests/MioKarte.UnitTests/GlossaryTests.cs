using System.Text.RegularExpressions;

namespace MioKarte.UnitTests;

/// <summary>
/// docs/glossary.md says which identifier the code uses for each Japanese term; a name the code does
/// not use (renamed, or never written) sends a reader looking for nothing. Every identifier in the
/// table's identifier column — in backticks (<c>PatientLink.DisclosingFacilityId</c>) or bare
/// CamelCase (<c>PortalUser</c>) — must occur as a word in the C# under src/ (migrations left out).
/// </summary>
public sealed partial class GlossaryTests
{
    [Fact]
    public void Every_identifier_the_glossary_names_is_used_in_the_code()
    {
        var words = SourceWords();
        var named = IdentifiersInGlossary().ToList();
        Assert.True(named.Count > 150, "the glossary's identifier column was read");

        var unknown = named
            .Where(id => id.Split('.').Any(part => !words.Contains(part)))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.True(unknown.Count == 0, "docs/glossary.md names identifiers the code does not use: " + string.Join(", ", unknown));
    }

    private static IEnumerable<string> IdentifiersInGlossary()
    {
        var rows = File.ReadLines(Path.Combine(Repository.Root, "docs", "glossary.md"))
            .Where(line => line.StartsWith('|') && !line.StartsWith("|---", StringComparison.Ordinal))
            .Skip(1); // the header
        foreach (var row in rows)
        {
            var cells = row.Split('|');
            if (cells.Length < 3)
            {
                continue;
            }

            var column = cells[2];
            foreach (var quoted in Backticked().Matches(column).Select(m => m.Groups[1].Value).Where(t => DottedName().IsMatch(t)))
            {
                yield return quoted;
            }

            // Bare names outside backticks and parentheses (the parentheses hold folders and remarks).
            var bare = Parenthesised().Replace(Backticked().Replace(column, ""), "");
            foreach (var name in CamelCase().Matches(bare).Select(m => m.Value))
            {
                yield return name;
            }
        }
    }

    private static HashSet<string> SourceWords() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => Word().Matches(File.ReadAllText(path)).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*$")]
    private static partial Regex DottedName();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"\b[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+\b")]
    private static partial Regex CamelCase();

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();
}
