using System.Globalization;

using Hl7.Fhir.Model;

using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

using MioKarte.Core.Text;
using MioKarte.DataCenter.Audit;
using MioKarte.DataCenter.Data;
using MioKarte.DataCenter.Demo;
using MioKarte.DataCenter.Ingest;
using MioKarte.DataCenter.Security;

namespace MioKarte.DataCenter.Fhir;

/// <summary>The FHIR REST surface: metadata, read, search, $everything, Binary and ingest.</summary>
public static class FhirEndpoints
{
    public static void MapFhir(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/metadata", (HttpContext context) => Results.Bytes(
            FirelyJson.SerializeToUtf8(Capabilities.Create(BaseUrl(context.Request))), FirelyJson.MediaType));
        app.MapGet("/Patient/{id}/$everything", Everything);
        app.MapGet("/Composition/{id}/$document", Document);
        app.MapGet("/{type}", Search);
        app.MapGet("/{type}/{id}", Read);
        app.MapConsents();
        app.MapPost("/", (HttpContext context, BundleIngestor ingestor, DataCenterOptions options, CancellationToken cancellationToken) =>
            Ingest(context, ingestor, options, asResource: false, cancellationToken));
        // A FHIR document (or a collection) as the facility's system sends it: create a Bundle.
        app.MapPost("/Bundle", (HttpContext context, BundleIngestor ingestor, DataCenterOptions options, CancellationToken cancellationToken) =>
            Ingest(context, ingestor, options, asResource: true, cancellationToken));
    }

    internal static NodeIdentity Node(this HttpContext context) =>
        context.Features.Get<NodeIdentity>() ?? throw new InvalidOperationException("Node authentication did not run.");

    private static async Task<IResult> Read(
        string type, string id, HttpContext context, DataCenterDbContext db, AuditWriter audit, DataCenterOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var node = context.Node();
        if (RequireActingParty(context, node) is { } refused)
        {
            return refused;
        }

        if (!ModelInfo.IsKnownResource(type) || type == "AuditEvent" && node.Role != NodeRole.DisclosingFacility)
        {
            return Outcomes.Result(404, OperationOutcome.IssueType.NotSupported, $"Resource type '{type}' is not served here.");
        }

        var row = await Visible(db.Resources.AsNoTracking(), node, options)
            .Where(r => r.ResourceType == type && r.LogicalId == id)
            .FirstOrDefaultAsync(cancellationToken);
        var status = row is null ? 404 : 200;
        if (row is not null && ConsentGate.Applies(node, options) && !await ConsentGate.AllowsAsync(db, row.Id, ActingParty.Of(context), time.GetUtcNow(), cancellationToken))
        {
            await audit.WriteAsync(context, node, AuditWriter.Interaction.Read, row.PatientId, row.FacilityCode, $"{type}/{id}", 403, cancellationToken);
            return ConsentGate.Refused($"{type}/{id}");
        }

        await audit.WriteAsync(context, node, AuditWriter.Interaction.Read, row?.PatientId, row?.FacilityCode, $"{type}/{id}", status, cancellationToken);
        if (row is null)
        {
            // Withheld and absent look the same, so a policy does not reveal that a record exists.
            return Outcomes.Result(404, OperationOutcome.IssueType.NotFound, $"{type}/{id} is not known or not disclosed.");
        }

        var etag = new EntityTagHeaderValue($"\"{row.VersionId}\"", isWeak: true);
        if (type == "Binary" && !WantsFhirJson(context.Request))
        {
            return await RawBinary(row, options, context, cancellationToken);
        }

        context.Response.Headers.ETag = etag.ToString();
        context.Response.Headers.LastModified = DateTimeOffset.FromUnixTimeMilliseconds(row.LastUpdated).ToString("R", CultureInfo.InvariantCulture);
        var json = row.Json;
        if (type == "Binary" && FirelyJson.Parse<Binary>(json) is { Data: null } lazy && DemoImages.SpecOf(lazy) is { } spec)
        {
            lazy.Data = await DemoImages.LoadOrRenderAsync(spec, options.DataFolder, cancellationToken);
            json = FirelyJson.Serialize(lazy);
        }

        return Results.Text(json, FirelyJson.MediaType);
    }

    private static async Task<IResult> RawBinary(StoredResource row, DataCenterOptions options, HttpContext context, CancellationToken cancellationToken)
    {
        var binary = FirelyJson.Parse<Binary>(row.Json);
        var bytes = binary.Data;
        if (bytes is null && DemoImages.SpecOf(binary) is { } spec)
        {
            bytes = await DemoImages.LoadOrRenderAsync(spec, options.DataFolder, cancellationToken);
        }

        if (bytes is null)
        {
            return Outcomes.Result(404, OperationOutcome.IssueType.NotFound, "The Binary has no content.");
        }

        // Strong validator: the content of one version never changes. Range requests let a viewer page large images.
        var etag = new EntityTagHeaderValue($"\"{row.LogicalId}-{row.VersionId}\"");
        context.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.File(bytes, binary.ContentType ?? "application/octet-stream",
            lastModified: DateTimeOffset.FromUnixTimeMilliseconds(row.LastUpdated), entityTag: etag, enableRangeProcessing: true);
    }

    private static async Task<IResult> Search(
        string type, HttpContext context, DataCenterDbContext db, AuditWriter audit, DataCenterOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var prepared = await PrepareSearchAsync(type, context, db, options, time, cancellationToken);
        if (prepared.Refused is { } refused)
        {
            return refused;
        }

        var (query, search, documentPatient) = (prepared.Query!, prepared.Search!, prepared.DocumentPatient);
        if (type == "Patient" && (search.Gender is not null || search.Name is not null))
        {
            return await DemographicSearch(context, query, search, context.Node(), audit, time, cancellationToken);
        }

        var result = await SearchPageAsync(context, query, search, time, cancellationToken);
        if (type != "AuditEvent")
        {
            var patient = search.PatientId ?? documentPatient ?? (type == "Patient" && result.Ids.Count == 1 ? result.Ids[0] : null);
            await audit.WriteAsync(context, context.Node(), AuditWriter.Interaction.Search, patient, null, null, 200, cancellationToken);
        }

        return new BundleWriter.Result(result.Bundle);
    }

    /// <summary>A parsed and checked search: the refusal, or the query of what the node may see with the search's filters so far.</summary>
    internal sealed record PreparedSearch(IResult? Refused, IQueryable<StoredResource>? Query, SearchQuery? Search, string? DocumentPatient);

    /// <summary>
    /// Checks and parses a search and builds its query (who may see what, patient, id, document,
    /// identifier, birth date). The search endpoint and the start-up warm-up (<see cref="SearchWarmUp"/>)
    /// share it, so the warm-up compiles exactly the queries a search runs.
    /// </summary>
    internal static async Task<PreparedSearch> PrepareSearchAsync(
        string type, HttpContext context, DataCenterDbContext db, DataCenterOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var node = context.Node();
        if (RequireActingParty(context, node) is { } refused)
        {
            return new(refused, null, null, null);
        }

        if (!SearchQuery.Parameters.ContainsKey(type) || type == SearchQuery.EverythingType)
        {
            return new(Outcomes.Result(ModelInfo.IsKnownResource(type) ? 400 : 404, OperationOutcome.IssueType.NotSupported, $"Search on '{type}' is not supported."), null, null, null);
        }

        var search = SearchQuery.Parse(type, context.Request.Query, options, out var errors);
        if (type == "Bundle" && search.CompositionId is null)
        {
            errors.Add("Bundle search needs composition=Composition/{id}: the center serves documents per Composition.");
        }
        else if (type is not ("Patient" or "Bundle") && search.PatientId is null)
        {
            errors.Add("patient is required: the center answers per patient only.");
        }

        if (type == "Patient" && search.IdentifierValue is null && search.Id is null && (search.IdentifierSystem is null || search.BirthDate is null))
        {
            errors.Add("Patient search needs identifier=system|value, _id, or identifier=system| with birthdate (and gender, name).");
        }

        if (type == "AuditEvent" && node.Role != NodeRole.DisclosingFacility)
        {
            return new(Outcomes.Result(403, OperationOutcome.IssueType.Forbidden, "Only a disclosing facility reads the audit trail of its patients."), null, null, null);
        }

        if (errors.Count > 0)
        {
            return new(Outcomes.Result(400, Invalid(errors)), null, null, null);
        }

        var query = Visible(db.Resources.AsNoTracking(), node, options).Where(r => r.ResourceType == type);
        if (ConsentGate.Applies(node, options))
        {
            // Filtered, not refused: a search answers only what the acting facility may see.
            query = ConsentGate.Consented(query, db, ActingParty.Of(context), time.GetUtcNow());
        }
        if (search.PatientId is not null)
        {
            query = query.Where(r => r.PatientId == search.PatientId);
        }

        if (search.Id is not null)
        {
            query = query.Where(r => r.LogicalId == search.Id);
        }

        string? documentPatient = null;
        if (search.CompositionId is { } compositionId)
        {
            query = query.Where(r => r.Identifiers.Any(i => i.System == BundleIngestor.DocumentCompositionSystem && i.Value == compositionId));
            documentPatient = await query.Select(r => r.PatientId).FirstOrDefaultAsync(cancellationToken);
        }

        if (search.IdentifierValue is not null)
        {
            var system = search.IdentifierSystem;
            var value = search.IdentifierValue;
            query = system is null
                ? query.Where(r => r.Identifiers.Any(i => i.Value == value))
                : query.Where(r => r.Identifiers.Any(i => i.System == system && i.Value == value));
        }
        else if (search.IdentifierSystem is not null)
        {
            var system = search.IdentifierSystem;
            query = query.Where(r => r.Identifiers.Any(i => i.System == system));
        }

        if (search.BirthDate is not null)
        {
            // Stored JSON is the center's own compact serialisation, so the element reads exactly so.
            var birth = "\"birthDate\":\"" + search.BirthDate + "\"";
            query = query.Where(r => r.Json.Contains(birth));
        }

        return new(null, query, search, documentPatient);
    }

    /// <summary>A prepared search's categories and dates applied, and the page read and written as a searchset Bundle.</summary>
    internal static Task<PageResult> SearchPageAsync(
        HttpContext context, IQueryable<StoredResource> query, SearchQuery search, TimeProvider time, CancellationToken cancellationToken)
    {
        if (search.Categories.Count > 0)
        {
            var categories = search.Categories;
            query = query.Where(r => r.Category != null && categories.Contains(r.Category));
        }

        return Page(context, ApplyDates(query, search.Dates), search, time, cancellationToken);
    }

    private static async Task<IResult> Everything(
        string id, HttpContext context, DataCenterDbContext db, AuditWriter audit, DataCenterOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var node = context.Node();
        if (RequireActingParty(context, node) is { } refused)
        {
            return refused;
        }

        var search = SearchQuery.Parse(SearchQuery.EverythingType, context.Request.Query, options, out var errors);
        if (errors.Count > 0)
        {
            return Outcomes.Result(400, Invalid(errors));
        }

        var visible = Visible(db.Resources.AsNoTracking(), node, options);
        var facilityCode = await visible
            .Where(r => r.ResourceType == "Patient" && r.LogicalId == id)
            .Select(r => r.FacilityCode)
            .FirstOrDefaultAsync(cancellationToken);
        if (facilityCode is null)
        {
            await audit.WriteAsync(context, node, AuditWriter.Interaction.Everything, null, null, "Patient/" + id, 404, cancellationToken);
            return Outcomes.Result(404, OperationOutcome.IssueType.NotFound, $"Patient/{id} is not known or not disclosed.");
        }

        if (ConsentGate.Applies(node, options)
            && !await ConsentGate.Consented(visible.Where(r => r.ResourceType == "Patient" && r.LogicalId == id), db, ActingParty.Of(context), time.GetUtcNow()).AnyAsync(cancellationToken))
        {
            await audit.WriteAsync(context, node, AuditWriter.Interaction.Everything, id, facilityCode, "Patient/" + id, 403, cancellationToken);
            return ConsentGate.Refused("Patient/" + id);
        }

        // The patient compartment: a stored document Bundle is not in it (its Composition is, and $document gives the Bundle).
        var query = visible.Where(r => r.PatientId == id && r.ResourceType != "AuditEvent" && r.ResourceType != "Bundle");
        if (search.Dates.Count > 0)
        {
            // The Patient itself is always part of the answer; dated records must fall in the range.
            var (lower, upper) = Bounds(search.Dates);
            query = query.Where(r => r.ResourceType == "Patient" || (r.ClinicalDate >= lower && r.ClinicalDate < upper));
        }

        if (search.Since is { } since)
        {
            query = query.Where(r => r.LastUpdated >= since);
        }

        var result = await Page(context, query, search, time, cancellationToken);
        await audit.WriteAsync(context, node, AuditWriter.Interaction.Everything, id, facilityCode, "Patient/" + id, 200, cancellationToken);
        return new BundleWriter.Result(result.Bundle);
    }

    /// <summary>
    /// <c>Composition/{id}/$document</c>: the FHIR document the Composition heads, as its facility sent
    /// it (the center keeps the document whole; it does not rebuild it from resources).
    /// </summary>
    private static async Task<IResult> Document(
        string id, HttpContext context, DataCenterDbContext db, AuditWriter audit, DataCenterOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var node = context.Node();
        if (RequireActingParty(context, node) is { } refused)
        {
            return refused;
        }

        var row = await Visible(db.Resources.AsNoTracking(), node, options)
            .Where(r => r.ResourceType == "Bundle" && r.Identifiers.Any(i => i.System == BundleIngestor.DocumentCompositionSystem && i.Value == id))
            .FirstOrDefaultAsync(cancellationToken);
        if (row is not null && ConsentGate.Applies(node, options) && !await ConsentGate.AllowsAsync(db, row.Id, ActingParty.Of(context), time.GetUtcNow(), cancellationToken))
        {
            await audit.WriteAsync(context, node, AuditWriter.Interaction.Read, row.PatientId, row.FacilityCode, $"Composition/{id}/$document", 403, cancellationToken);
            return ConsentGate.Refused($"Composition/{id}");
        }

        await audit.WriteAsync(context, node, AuditWriter.Interaction.Read, row?.PatientId, row?.FacilityCode, $"Composition/{id}/$document", row is null ? 404 : 200, cancellationToken);
        return row is null
            ? Outcomes.Result(404, OperationOutcome.IssueType.NotFound, $"Composition/{id} heads no document that is known or disclosed.")
            : Results.Text(row.Json, FirelyJson.MediaType);
    }

    private static async Task<IResult> Ingest(
        HttpContext context, BundleIngestor ingestor, DataCenterOptions options, bool asResource, CancellationToken cancellationToken)
    {
        var node = context.Node();
        if (node.Role != NodeRole.DisclosingFacility || node.FacilityCode is null)
        {
            return Outcomes.Result(403, OperationOutcome.IssueType.Forbidden, "Only a disclosing facility loads data.");
        }

        var contentType = context.Request.ContentType ?? "";
        if (!contentType.StartsWith(FirelyJson.MediaType, StringComparison.OrdinalIgnoreCase)
            && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Outcomes.Result(415, OperationOutcome.IssueType.NotSupported, "POST a Bundle as application/fhir+json.");
        }

        var body = await ReadBoundedAsync(context.Request, options.MaxIngestBytes, cancellationToken);
        if (body is null)
        {
            return Outcomes.Result(413, OperationOutcome.IssueType.TooCostly,
                $"The request body is larger than {options.MaxIngestBytes.ToString(CultureInfo.InvariantCulture)} bytes; split the data into several Bundles.");
        }

        Bundle bundle;
        try
        {
            bundle = FirelyJson.Parse(body) as Bundle ?? throw new FormatException("not a Bundle");
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or Hl7.Fhir.Serialization.DeserializationFailedException)
        {
            return Outcomes.Result(400, OperationOutcome.IssueType.Structure, "The body is not a valid FHIR R4 JSON Bundle: " + FirstLine(e.Message));
        }

        var entries = bundle.Entry.Count + bundle.Entry.Sum(e => e.Resource is Bundle nested ? nested.Entry.Count : 0);
        if (entries > options.MaxIngestEntries)
        {
            return Outcomes.Result(413, OperationOutcome.IssueType.TooCostly,
                $"The Bundle holds {entries.ToString(CultureInfo.InvariantCulture)} entries; at most {options.MaxIngestEntries.ToString(CultureInfo.InvariantCulture)} are accepted in one request.");
        }

        if (asResource && bundle.Type == Bundle.BundleType.Transaction)
        {
            return Outcomes.Result(400, OperationOutcome.IssueType.Invalid, "A transaction is posted to the base URL; POST [base]/Bundle takes a document or a collection.");
        }

        var result = await ingestor.IngestAsync(bundle, node.FacilityCode, cancellationToken);
        if (!result.Succeeded)
        {
            return Outcomes.Result(400, ProblemsOutcome(result.Problems));
        }

        var response = FirelyJson.SerializeToUtf8(TransactionResponse(result));
        if (asResource && bundle.Type == Bundle.BundleType.Document && result.Entries.FirstOrDefault(e => e.ResourceType == "Bundle") is { } stored)
        {
            context.Response.Headers.Location = $"Bundle/{stored.LogicalId}/_history/{stored.VersionId.ToString(CultureInfo.InvariantCulture)}";
            return Outcomes.Result(stored.Created ? 201 : 200, response);
        }

        return Results.Bytes(response, FirelyJson.MediaType);
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (never read past the limit).</summary>
    private static async Task<string?> ReadBoundedAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Names each broken entry (index and reason): the facility fixes its export and sends the whole Bundle again.</summary>
    public static OperationOutcome ProblemsOutcome(IEnumerable<IngestProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var outcome = new OperationOutcome();
        foreach (var problem in problems)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = OperationOutcome.IssueType.Invalid,
                Diagnostics = problem.Index < 0 ? problem.Reason : $"entry[{problem.Index}]: {problem.Reason}",
                Expression = [problem.Index < 0 ? "Bundle" : $"Bundle.entry[{problem.Index}]"],
            });
        }

        outcome.Issue.Add(new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Information,
            Code = OperationOutcome.IssueType.Informational,
            Diagnostics = "Nothing was stored: a Bundle is accepted whole or not at all.",
        });
        return outcome;
    }

    public static Bundle TransactionResponse(IngestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
        foreach (var entry in result.Entries)
        {
            response.Entry.Add(new Bundle.EntryComponent
            {
                Response = new Bundle.ResponseComponent
                {
                    Status = entry.Created ? "201 Created" : "200 OK",
                    Location = $"{entry.ResourceType}/{entry.LogicalId}/_history/{entry.VersionId.ToString(CultureInfo.InvariantCulture)}",
                    Etag = $"W/\"{entry.VersionId.ToString(CultureInfo.InvariantCulture)}\"",
                },
            });
        }

        return response;
    }

    private const int DemographicCandidates = 200;

    /// <summary>
    /// Patient search by gender and name within one facility's patients born on one day: the
    /// candidates (few: one facility, one birth date) are read and matched here; FHIR's name search
    /// is a case-insensitive starts-with on any one part of any name — text, family or a given name,
    /// never family and given joined, as on any standard server — (spaces, kana width, hiragana and
    /// small kana ignored, as the portal compares kana names). One page, no next link.
    /// </summary>
    private static async Task<IResult> DemographicSearch(
        HttpContext context, IQueryable<StoredResource> query, SearchQuery search, NodeIdentity node, AuditWriter audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var candidates = await query.OrderBy(r => r.Id).Take(DemographicCandidates + 1)
            .Select(r => new { r.ResourceType, r.LogicalId, r.Json }).ToListAsync(cancellationToken);
        if (candidates.Count > DemographicCandidates)
        {
            return Outcomes.Result(400, OperationOutcome.IssueType.TooCostly, "Too many patients match; add name and gender.");
        }

        var wanted = Squeeze(search.Name);
        var matches = candidates.Where(c =>
        {
            var patient = FirelyJson.Parse<Patient>(c.Json);
            var genderMatches = search.Gender is null || patient.Gender?.ToString().Equals(search.Gender, StringComparison.OrdinalIgnoreCase) == true;
            var nameMatches = wanted is null || patient.Name.Any(n =>
                new[] { n.Text, n.Family }.Concat(n.Given)
                    .Any(part => Squeeze(part) is { } p && p.StartsWith(wanted, StringComparison.Ordinal)));
            return genderMatches && nameMatches;
        }).Take(Math.Max(search.Count, 1)).ToList();
        var baseUrl = BaseUrl(context.Request);
        var bundle = new BundleWriter.SearchSet(
            Guid.NewGuid().ToString("N"), time.GetUtcNow(), matches.Count, baseUrl + context.Request.Path + context.Request.QueryString, null,
            matches.Select(r => new BundleWriter.Entry($"{baseUrl}/{r.ResourceType}/{r.LogicalId}", System.Text.Encoding.UTF8.GetBytes(r.Json))).ToList());
        await audit.WriteAsync(context, node, AuditWriter.Interaction.Search, matches.Count == 1 ? matches[0].LogicalId : null, null, null, 200, cancellationToken);
        return new BundleWriter.Result(bundle);

        // The portal's own reduction for 照合 (width, hiragana, small kana, spaces), and case for latin names.
        static string? Squeeze(string? text) =>
            JapaneseText.KanaForMatching(text)?.ToUpperInvariant() is { Length: > 0 } squeezed ? squeezed : null;
    }

    /// <summary>A page read: the Bundle to send, and the logical ids on it (for the audit row).</summary>
    internal sealed record PageResult(BundleWriter.SearchSet Bundle, List<string> Ids);

    private static async Task<PageResult> Page(
        HttpContext context, IQueryable<StoredResource> query, SearchQuery search, TimeProvider time, CancellationToken cancellationToken)
    {
        // Bundle.total is optional in a searchset: count once, on the first page. A page reached
        // through a cursor omits it, so page n does not re-count every matching row.
        long? total = search.Cursor is null ? await query.LongCountAsync(cancellationToken) : null;
        var ordered = After(query, search.Type, search.Ascending, search.Cursor);
        if (search.Cursor is null && search.Offset > 0)
        {
            // _offset still works for clients that build their own page links.
            ordered = ordered.Skip(search.Offset);
        }

        // One row more than the page tells whether there is a next page without a count.
        var rows = search.Count == 0
            ? []
            : await ordered.Take(search.Count + 1)
                .Select(r => new { r.Id, r.ClinicalDate, r.ResourceType, r.LogicalId, Json = DataCenterDbContext.Utf8(r.Json) })
                .ToListAsync(cancellationToken);
        var more = rows.Count > search.Count;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var baseUrl = BaseUrl(context.Request);
        var self = baseUrl + context.Request.Path + context.Request.QueryString;
        string? next = null;
        if (more)
        {
            var last = rows[^1];
            var parameters = context.Request.Query
                .Where(q => q.Key is not ("_offset" or "_cursor"))
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
                .Append(new("_cursor", new PageCursor(last.ClinicalDate, last.Id).Token));
            next = baseUrl + context.Request.Path + Microsoft.AspNetCore.Http.QueryString.Create(parameters);
        }

        var bundle = new BundleWriter.SearchSet(
            Guid.NewGuid().ToString("N"), time.GetUtcNow(), total, self, next,
            rows.ConvertAll(r => new BundleWriter.Entry($"{baseUrl}/{r.ResourceType}/{r.LogicalId}", r.Json)));
        return new(bundle, rows.ConvertAll(r => r.LogicalId));
    }

    /// <summary>
    /// The search order (clinical date, then row id; Patient by row id) starting after
    /// <paramref name="cursor"/>. SQLite sorts NULL dates first ascending and last descending;
    /// the predicates follow that so every row comes exactly once.
    /// </summary>
    private static IQueryable<StoredResource> After(IQueryable<StoredResource> query, string type, bool ascending, PageCursor? cursor)
    {
        if (type is "Patient")
        {
            var afterId = cursor?.Id ?? long.MinValue;
            return query.Where(r => r.Id > afterId).OrderBy(r => r.Id);
        }

        if (cursor is { ClinicalDate: { } date, Id: var id })
        {
            query = ascending
                ? query.Where(r => r.ClinicalDate > date || (r.ClinicalDate == date && r.Id > id))
                : query.Where(r => r.ClinicalDate < date || (r.ClinicalDate == date && r.Id < id) || r.ClinicalDate == null);
        }
        else if (cursor is { ClinicalDate: null, Id: var nullId })
        {
            query = ascending
                ? query.Where(r => (r.ClinicalDate == null && r.Id > nullId) || r.ClinicalDate != null)
                : query.Where(r => r.ClinicalDate == null && r.Id < nullId);
        }

        return ascending
            ? query.OrderBy(r => r.ClinicalDate).ThenBy(r => r.Id)
            : query.OrderByDescending(r => r.ClinicalDate).ThenByDescending(r => r.Id);
    }

    /// <summary>All date parameters intersected into one half-open range [lower, upper).</summary>
    private static (long Lower, long Upper) Bounds(List<DateBound> dates)
    {
        var (lower, upper) = (long.MinValue, long.MaxValue);
        foreach (var bound in dates)
        {
            (long? from, long? to) = bound.Prefix switch
            {
                "ge" => (bound.Start, null),
                "gt" => (bound.End, null),
                "le" => (null, bound.End),
                "lt" => (null, bound.Start),
                _ => ((long?)bound.Start, (long?)bound.End),
            };
            lower = Math.Max(lower, from ?? long.MinValue);
            upper = Math.Min(upper, to ?? long.MaxValue);
        }

        return (lower, upper);
    }

    private static IQueryable<StoredResource> ApplyDates(IQueryable<StoredResource> query, List<DateBound> dates)
    {
        if (dates.Count == 0)
        {
            return query;
        }

        var (lower, upper) = Bounds(dates);
        return query.Where(r => r.ClinicalDate >= lower && r.ClinicalDate < upper);
    }

    /// <summary>
    /// What a node may see. A disclosing facility sees its own records only; the portal sees every
    /// facility's records except the categories a facility withholds (enforced here, on every query).
    /// </summary>
    internal static IQueryable<StoredResource> Visible(IQueryable<StoredResource> query, NodeIdentity node, DataCenterOptions options)
    {
        if (node.Role == NodeRole.DisclosingFacility)
        {
            var own = node.FacilityCode;
            return query.Where(r => r.FacilityCode == own);
        }

        query = query.Where(r => r.ResourceType != "AuditEvent");
        foreach (var facility in options.Facilities.Where(f => f.WithheldCategories.Count > 0))
        {
            var code = facility.Code;
            var withheld = facility.WithheldCategories.ToList();
            query = query.Where(r => r.FacilityCode != code || r.Category == null || !withheld.Contains(r.Category));
        }

        return query;
    }

    internal static IResult? RequireActingParty(HttpContext context, NodeIdentity node)
    {
        if (node.Role != NodeRole.PortalNode)
        {
            return null;
        }

        var acting = ActingParty.Of(context);
        if (acting.UserId is not null && acting.FacilityCode is not null)
        {
            return null;
        }

        if (node.Registration?.AssertionPublicKeyPem is { Length: > 0 })
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Outcomes.Result(401, OperationOutcome.IssueType.Security,
                "The portal node must send a signed assertion of the acting user (Authorization: Bearer); X-Acting-* headers are not accepted from it.");
        }

        return Outcomes.Result(400, OperationOutcome.IssueType.Security,
            $"The portal must assert the end user and facility in {ActingParty.UserHeader} and {ActingParty.FacilityHeader}.");
    }

    private static bool WantsFhirJson(HttpRequest request) =>
        request.Query["_format"].ToString() is "json" or "application/fhir+json"
        || request.Headers.Accept.Any(a => a?.Contains("fhir+json", StringComparison.OrdinalIgnoreCase) == true);

    private static OperationOutcome Invalid(List<string> errors) => new()
    {
        Issue = errors.Select(e => new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = OperationOutcome.IssueType.Invalid,
            Diagnostics = e,
        }).ToList(),
    };

    internal static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
