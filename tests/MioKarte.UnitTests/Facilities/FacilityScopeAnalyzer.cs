using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MioKarte.UnitTests.Facilities;

/// <summary>One place in the source that scopes by hand or not at all.</summary>
public sealed record ScopingViolation(string File, int Line, string Rule, string Code)
{
    public override string ToString() => $"{File}:{Line} [{Rule}] {Code}";
}

/// <summary>
/// Reads C# source (syntax only, no compilation) for the two ways facility scoping goes wrong:
/// <list type="bullet">
/// <item><see cref="UnscopedQuery"/>: a query chain on a DbSet of a facility-owned entity
/// (<c>db.PatientLinks…</c>) that never calls <c>ForFacility</c>, neither in its own chain nor in the chain
/// of a query it is nested in (a subquery of a scoped query is scoped through its parent).</item>
/// <item><see cref="HandWrittenPredicate"/>: <c>x.FacilityId ==</c> / <c>!=</c> outside
/// <c>FacilityScope</c> (a comparison with <c>null</c>, or with a facility row's <c>Id</c> — reading the
/// facility of a row — is not scoping and is not flagged).</item>
/// <item><see cref="ContextNotNamedDb"/>: a parameter or local holding the context under another name than
/// <c>db</c>, which the first rule would not see.</item>
/// </list>
/// Syntax is enough because the code base names its context <c>db</c> everywhere (the third rule keeps it
/// so); a context taken straight from the container (<c>GetRequiredService&lt;MioKarteDbContext&gt;().Terminals</c>)
/// counts as <c>db</c>.
/// </summary>
public static class FacilityScopeAnalyzer
{
    public const string UnscopedQuery = "unscoped-query";
    public const string HandWrittenPredicate = "hand-written-FacilityId";
    public const string ContextNotNamedDb = "context-not-named-db";

    private const string Context = "MioKarteDbContext";

    /// <summary>Calls that scope the chain they are in (each goes through <c>FacilityScope.ForFacility</c>).</summary>
    private static readonly HashSet<string> ScopingCalls = new(StringComparer.Ordinal)
    {
        "ForFacility",
        "ForFacilityUnlessCouncil", // the council (null actor) sees every facility; a facility member only its own
        "FindActiveAsync",          // EmergencyAccessGrants.FindActiveAsync scopes with ForFacility itself
    };

    /// <summary>Changes, not queries: adding a row states its facility in the constructor.</summary>
    private static readonly HashSet<string> NotQueries = new(StringComparer.Ordinal)
    {
        "Add", "AddRange", "AddAsync", "Remove", "RemoveRange", "Update", "Attach", "Entry",
    };

    public static IReadOnlyList<ScopingViolation> Analyze(string file, string source, IReadOnlySet<string> facilityOwnedSets)
    {
        ArgumentNullException.ThrowIfNull(facilityOwnedSets);
        var root = CSharpSyntaxTree.ParseText(source, path: file).GetRoot();
        var found = new List<ScopingViolation>();
        foreach (var access in root.DescendantNodes().OfType<MemberAccessExpressionSyntax>())
        {
            if (IsContext(access.Expression)
                && facilityOwnedSets.Contains(access.Name.Identifier.Text)
                && !IsChange(access)
                && !IsScoped(access))
            {
                found.Add(Violation(file, access, UnscopedQuery, access.Name.Identifier.Text));
            }
        }

        foreach (var comparison in root.DescendantNodes().OfType<BinaryExpressionSyntax>()
                     .Where(b => b.IsKind(SyntaxKind.EqualsExpression) || b.IsKind(SyntaxKind.NotEqualsExpression)))
        {
            if (IsHandWrittenScope(comparison.Left, comparison.Right) || IsHandWrittenScope(comparison.Right, comparison.Left))
            {
                found.Add(Violation(file, comparison, HandWrittenPredicate, comparison.ToString()));
            }
        }

        foreach (var parameter in root.DescendantNodes().OfType<ParameterSyntax>()
                     .Where(p => p.Type is IdentifierNameSyntax { Identifier.Text: Context } && p.Identifier.Text != "db"))
        {
            found.Add(Violation(file, parameter, ContextNotNamedDb, parameter.Identifier.Text));
        }

        foreach (var variable in root.DescendantNodes().OfType<VariableDeclaratorSyntax>()
                     .Where(v => v.Identifier.Text != "db"
                                 && (v.Parent is VariableDeclarationSyntax { Type: IdentifierNameSyntax { Identifier.Text: Context } }
                                     || (v.Initializer is not null && IsContext(v.Initializer.Value)))))
        {
            found.Add(Violation(file, variable, ContextNotNamedDb, variable.Identifier.Text));
        }

        return found;
    }

    /// <summary><c>db</c>, or the context resolved in place: <c>….GetRequiredService&lt;MioKarteDbContext&gt;()</c>.</summary>
    private static bool IsContext(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax { Identifier.Text: "db" }
        || (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax generic } }
            && generic.Identifier.Text is "GetRequiredService" or "GetService"
            && generic.TypeArgumentList.Arguments is [IdentifierNameSyntax { Identifier.Text: Context }]);

    /// <summary><c>db.Set.Add(…)</c> and the like.</summary>
    private static bool IsChange(MemberAccessExpressionSyntax access) =>
        access.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } call
        && call.Expression == access
        && NotQueries.Contains(call.Name.Identifier.Text);

    /// <summary>
    /// Scoped when some invocation above <paramref name="access"/> (its own chain, or the chain of a query
    /// whose lambda holds it) is a scoping call, or is called on a receiver that contains one.
    /// </summary>
    private static bool IsScoped(SyntaxNode access)
    {
        foreach (var invocation in access.Ancestors().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.Expression is MemberAccessExpressionSyntax called)
            {
                if (ScopingCalls.Contains(called.Name.Identifier.Text)
                    || called.Expression.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(IsScopingCall))
                {
                    return true;
                }
            }
        }

        // Query syntax: `from u in db.Users.ForFacility(actor)` is an invocation above the access already.
        return false;
    }

    private static bool IsScopingCall(InvocationExpressionSyntax invocation) =>
        invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: var name } && ScopingCalls.Contains(name);

    private static bool IsHandWrittenScope(ExpressionSyntax side, ExpressionSyntax other) =>
        side is MemberAccessExpressionSyntax { Name.Identifier.Text: "FacilityId" }
        && !other.IsKind(SyntaxKind.NullLiteralExpression)
        && other is not MemberAccessExpressionSyntax { Name.Identifier.Text: "Id" };

    private static ScopingViolation Violation(string file, SyntaxNode node, string rule, string code) =>
        new(file, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, rule, code);
}
