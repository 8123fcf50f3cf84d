using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;

namespace MioKarte.UnitTests.Facilities;

/// <summary>
/// Facility scoping is one mechanism (<see cref="FacilityScope"/>): every query on a facility-owned
/// entity in <c>src/</c> goes through <c>ForFacility(actor)</c>, and nobody writes <c>FacilityId ==</c> by
/// hand — except the places below, each with its reason.
/// </summary>
public sealed class FacilityScopingTests
{
    /// <summary>
    /// The deliberate exceptions: (file under src/, rule, DbSet or "" for the predicate rule) → why.
    /// Council-wide views, the center and jobs act for no facility; a new entry needs a reviewer's eye.
    /// </summary>
    private static readonly Dictionary<(string File, string Rule, string What), string> Allowlist = new()
    {
        [("MioKarte.Web/Areas/FacilityAdmin/Incidents/ReportIncident.cs", FacilityScopeAnalyzer.UnscopedQuery, "SecurityIncidents")] =
            "A submission key is looked up across facilities on purpose: a key of another facility's report is refused, not re-used.",
        [("MioKarte.Web/Areas/FacilityAdmin/Incidents/ReportIncident.cs", FacilityScopeAnalyzer.HandWrittenPredicate, "found.FacilityId == facilityId")] =
            "The same check, in memory on the projected row (an anonymous type, not an IFacilityOwned).",
        [("MioKarte.Web/Areas/FacilityAdmin/Terminals/ForeignTerminalProbe.cs", FacilityScopeAnalyzer.UnscopedQuery, "Terminals")] =
            "Runs after a 404 to log that the id belongs to another facility (someone trying ids); reads the owner only.",
        [("MioKarte.Core/Pki/NetworkCertificateAuthority.cs", FacilityScopeAnalyzer.UnscopedQuery, "TerminalCertificates")] =
            "The network CA acts for the whole network: the CRL lists every facility's revocations, the certificate gate checks any certificate, the council revokes by id. Its revocation for a facility (RevokeWithoutSavingAsync) is scoped.",
        [("MioKarte.Core/Records/SharedRecordLoads.cs", FacilityScopeAnalyzer.UnscopedQuery, "FacilityPatients")] =
            "Notes 最新データ日 on a patient the record pipeline has just resolved with ForFacility (ClinicalPatient.FindAsync), in its own scope after the request.",
        [("MioKarte.Core/AccessLog/AccessLogScope.cs", FacilityScopeAnalyzer.HandWrittenPredicate, "e.FacilityId == facilityId")] =
            "The access log's own ForFacility (its rows are not IFacilityOwned: council rows name no facility), beside the log so that Facilities does not use AccessLog.",
        [("MioKarte.Core/AccessLog/AccessLogSearch.cs", FacilityScopeAnalyzer.UnscopedQuery, "FacilityPatients")] =
            "A left join that names the patient of access-log rows already limited to the facility (AccessLogEntry ForFacility); the council sees all.",
        [("MioKarte.Core/AccessLog/AccessLogSearch.cs", FacilityScopeAnalyzer.UnscopedQuery, "PatientLinks")] =
            "The same join for the link of each access-log row.",
        [("MioKarte.Web/Areas/Council/Incidents/CouncilIncidentQueue.cs", FacilityScopeAnalyzer.UnscopedQuery, "SecurityIncidents")] =
            "Council: the incident queue of every facility.",
        [("MioKarte.Web/Areas/Council/Certificates/ListCertificates.cs", FacilityScopeAnalyzer.UnscopedQuery, "TerminalCertificates")] =
            "Council: the certificate list of every facility.",
        [("MioKarte.Web/Areas/Council/Certificates/CertificateDetail.cs", FacilityScopeAnalyzer.UnscopedQuery, "TerminalCertificates")] =
            "Council: one certificate of any facility.",
        [("MioKarte.Development/DemoPatientLinks.cs", FacilityScopeAnalyzer.UnscopedQuery, "FacilityPatients")] =
            "Demo seeding at start-up acts for no one: it picks the demo clinic with OfFacility to see whether it is seeded already.",
        [("MioKarte.Web/Infrastructure/ClientCertificates/ClientCertificateGate.cs", FacilityScopeAnalyzer.HandWrittenPredicate, "check.FacilityId == PortalPolicies.FacilityIdOf(http.User)")] =
            "Compares the terminal certificate's facility with the signed-in user's claim: the gate itself, not a query.",
        [("MioKarte.Web/Infrastructure/PortalPolicies.cs", FacilityScopeAnalyzer.HandWrittenPredicate, "c.Type == PortalClaims.FacilityId")] =
            "A claim type, not a row.",
        [("MioKarte.Web/Infrastructure/ClientCertificates/ClientCertificateGate.cs", FacilityScopeAnalyzer.UnscopedQuery, "TerminalCertificates")] =
            "The gate looks up the presented certificate by thumbprint before it knows a facility; it then compares the certificate's facility with the user's.",
    };

    [Fact]
    public void Every_query_on_a_facility_owned_entity_is_scoped_and_no_FacilityId_is_compared_by_hand()
    {
        var root = Path.Combine(Repository.Root, "src");
        var found = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !Path.GetFileName(Path.GetDirectoryName(f)!).Equals("Migrations", StringComparison.Ordinal)
                        && !f.EndsWith("FacilityScope.cs", StringComparison.Ordinal))
            .SelectMany(f => FacilityScopeAnalyzer.Analyze(Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText(f), FacilityOwnedSets()))
            .Where(v => !Allowed(v))
            .Select(v => v.ToString())
            .ToList();

        Assert.True(found.Count == 0, "Scope these with ForFacility(actor) (or allowlist them with a reason):\n" + string.Join('\n', found));
    }

    [Fact]
    public void The_facility_owned_sets_are_found_from_the_model()
    {
        var sets = FacilityOwnedSets();

        Assert.Contains(nameof(MioKarteDbContext.PatientLinks), sets);
        Assert.Contains(nameof(MioKarteDbContext.Terminals), sets);
        Assert.DoesNotContain(nameof(MioKarteDbContext.Facilities), sets);
    }

    [Fact]
    public void An_unscoped_query_on_a_facility_owned_set_is_found()
    {
        const string source = """
            class H(MioKarteDbContext db)
            {
                Task<PatientLink?> Find(Guid id) => db.PatientLinks.AsNoTracking().Where(l => l.Id == id).SingleOrDefaultAsync();
            }
            """;

        var violation = Assert.Single(FacilityScopeAnalyzer.Analyze("H.cs", source, FacilityOwnedSets()));

        Assert.Equal((FacilityScopeAnalyzer.UnscopedQuery, 3, "PatientLinks"), (violation.Rule, violation.Line, violation.Code));
    }

    [Fact]
    public void A_hand_written_FacilityId_predicate_is_found_even_in_a_scoped_chain()
    {
        const string source = """
            class H(MioKarteDbContext db)
            {
                Task<bool> Any(Actor actor, Guid other) =>
                    db.FacilityPatients.ForFacility(actor).AnyAsync(p => p.FacilityId != other);
            }
            """;

        var violation = Assert.Single(FacilityScopeAnalyzer.Analyze("H.cs", source, FacilityOwnedSets()));

        Assert.Equal((FacilityScopeAnalyzer.HandWrittenPredicate, "p.FacilityId != other"), (violation.Rule, violation.Code));
    }

    [Fact]
    public void Scoped_chains_their_subqueries_and_changes_pass()
    {
        const string source = """
            class H(MioKarteDbContext db)
            {
                async Task Run(Actor actor, Terminal terminal, Guid id)
                {
                    var rows = await db.Terminals.AsNoTracking().ForFacility(actor)
                        .Select(t => new { t.Id, Live = db.TerminalCertificates.Count(c => c.TerminalId == t.Id) })
                        .ToListAsync();
                    var users = from u in db.Users.ForFacility(actor) select u.Id;
                    var facility = await db.Facilities.SingleAsync(f => f.Id == terminal.FacilityId);
                    var council = terminal.FacilityId == null;
                    db.Terminals.Add(terminal);
                }
            }
            """;

        Assert.Empty(FacilityScopeAnalyzer.Analyze("H.cs", source, FacilityOwnedSets()));
    }

    [Fact]
    public void A_context_under_another_name_or_taken_from_the_container_is_found()
    {
        const string source = """
            class H(MioKarteDbContext context, IServiceProvider services)
            {
                Task<int> Count() => services.GetRequiredService<MioKarteDbContext>().Terminals.CountAsync();
                void Run() { var other = services.GetRequiredService<MioKarteDbContext>(); }
            }
            """;

        var found = FacilityScopeAnalyzer.Analyze("H.cs", source, FacilityOwnedSets())
            .Select(v => (v.Rule, v.Code)).OrderBy(v => v.Code, StringComparer.Ordinal).ToList();

        Assert.Equal(
            [(FacilityScopeAnalyzer.UnscopedQuery, "Terminals"), (FacilityScopeAnalyzer.ContextNotNamedDb, "context"), (FacilityScopeAnalyzer.ContextNotNamedDb, "other")],
            found);
    }

    /// <summary>The DbSets whose entity is <see cref="IFacilityOwned"/>, read from the context itself.</summary>
    private static HashSet<string> FacilityOwnedSets() =>
        typeof(MioKarteDbContext).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>)
                        && typeof(IFacilityOwned).IsAssignableFrom(p.PropertyType.GetGenericArguments()[0]))
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);

    private static bool Allowed(ScopingViolation violation) =>
        Allowlist.ContainsKey((violation.File, violation.Rule, violation.Code))
        || Allowlist.ContainsKey((violation.File, violation.Rule, ""));
}
