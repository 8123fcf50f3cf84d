using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

using Hl7.Fhir.Model;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

using MioKarte.Core.Gateway;
using MioKarte.DataCenter.Data;
using MioKarte.DataCenter.Fhir;

namespace MioKarte.DataCenter.Ingest;

/// <summary>A broken Bundle entry: its index (-1 for the Bundle itself) and why.</summary>
public sealed record IngestProblem(int Index, string Reason);

public sealed record IngestedEntry(string ResourceType, string LogicalId, int VersionId, bool Created);

public sealed record IngestResult(IReadOnlyList<IngestProblem> Problems, IReadOnlyList<IngestedEntry> Entries)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Loads a disclosing facility's transaction, collection or document Bundle. Everything is checked
/// before anything is written, and the write is one database transaction: a Bundle is stored whole or
/// not at all. A FHIR document is kept as sent (its own Bundle) and its Composition is indexed beside
/// it, so that Composition search and <c>Composition/{id}/$document</c> find it.
/// </summary>
public sealed partial class BundleIngestor(DataCenterDbContext db, DataCenterOptions options, TimeProvider time)
{
    /// <summary>
    /// Identifier system the center writes on a stored document Bundle's row (never into its JSON):
    /// the value is the center's id of the document's Composition (<c>Bundle?composition=</c>, <c>$document</c>).
    /// </summary>
    public const string DocumentCompositionSystem = "urn:miokarte:document-composition";

    /// <summary>Resource types that are always about one patient: one without a subject could never be shown, so it is refused.</summary>
    private static readonly HashSet<string> PatientRecords = new(StringComparer.Ordinal)
    {
        "Observation", "MedicationRequest", "MedicationStatement", "MedicationAdministration", "MedicationDispense", "ServiceRequest",
        "DiagnosticReport", "ImagingStudy", "Media", "DocumentReference", "Composition", "Condition", "AllergyIntolerance",
        "Procedure", "Immunization", "Encounter", "CarePlan", "Specimen", "FamilyMemberHistory", "ClinicalImpression",
    };

    private sealed record Pending(int Index, Resource Resource, string SourceKey, string LogicalId)
    {
        /// <summary>For a document Bundle: the stored Patient it is about (found by the facility's patient ID).</summary>
        public string? DocumentPatientId { get; set; }

        /// <summary>For a document's indexed Composition: the document it came from (its references resolve inside that document).</summary>
        public Pending? Document { get; init; }

        /// <summary>For a document Bundle: its indexed Composition.</summary>
        public Pending? Composition { get; set; }

        /// <summary>How problems name the resource: its type and the id the facility gave it.</summary>
        public string Label => Resource.Id is { Length: > 0 } id ? $"{Resource.TypeName}/{id}" : Resource.TypeName;
    }

    public async Task<IngestResult> IngestAsync(Bundle bundle, string facilityCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var problems = new List<IngestProblem>();
        var facility = options.Facilities.FirstOrDefault(f => f.Code == facilityCode);
        if (facility is null)
        {
            return new([new(-1, $"Facility {facilityCode} is not a registered disclosing facility.")], []);
        }

        if (bundle.Type == Bundle.BundleType.Document)
        {
            // A FHIR document as sent (POST [base]/Bundle): loaded as the one entry of a collection.
            bundle = new Bundle { Type = Bundle.BundleType.Collection, Entry = [new Bundle.EntryComponent { Resource = bundle }] };
        }

        if (bundle.Type is not (Bundle.BundleType.Transaction or Bundle.BundleType.Collection))
        {
            return new([new(-1, "Bundle.type must be 'transaction', 'collection' or 'document'.")], []);
        }

        var pending = new List<Pending>();
        var byReference = new Dictionary<string, string>(StringComparer.Ordinal);
        var byIdentifier = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            if (entry.Resource is not { } resource)
            {
                problems.Add(new(i, "The entry has no resource."));
                continue;
            }

            if (bundle.Type == Bundle.BundleType.Transaction
                && entry.Request?.Method is not (Bundle.HTTPVerb.POST or Bundle.HTTPVerb.PUT))
            {
                problems.Add(new(i, "Only POST and PUT entries are accepted in a transaction."));
                continue;
            }

            if (resource is AuditEvent || resource is Bundle { Type: not Bundle.BundleType.Document })
            {
                problems.Add(new(i, $"{resource.TypeName} cannot be loaded (AuditEvents are the center's own; only document Bundles nest)."));
                continue;
            }

            var sourceKey = SourceKey(resource, entry.FullUrl);
            if (sourceKey is null)
            {
                problems.Add(new(i, "The resource has no id, no identifier and no urn:uuid fullUrl, so it cannot be keyed."));
                continue;
            }

            if (!keys.Add(resource.TypeName + "|" + sourceKey))
            {
                problems.Add(new(i, "The same resource appears twice in the Bundle."));
                continue;
            }

            var logicalId = CenterId(facilityCode, sourceKey);
            var local = resource.TypeName + "/" + logicalId;
            if (entry.FullUrl is { Length: > 0 } fullUrl)
            {
                byReference[fullUrl] = local;
            }

            if (resource.Id is { Length: > 0 } id)
            {
                byReference[resource.TypeName + "/" + id] = local;
            }

            foreach (var identifier in ResourceIndex.Identifiers(resource).Where(x => x.System is not null && x.Value is not null))
            {
                byIdentifier[$"{resource.TypeName}|{identifier.System}|{identifier.Value}"] = local;
            }

            if (resource is Patient patient)
            {
                CheckPatientIdentifiers(i, patient, facilityCode, problems);
            }

            var item = new Pending(i, resource, sourceKey, logicalId);
            pending.Add(item);
            if (resource is Bundle document && IndexedComposition(item, document, facilityCode, keys, problems) is { } composition)
            {
                item.Composition = composition;
                pending.Add(composition);
            }
        }

        // References: inside the Bundle first, then to what the facility loaded before.
        var outside = new List<(int Index, string Label, string Reference, string Type, string LogicalId)>();
        foreach (var item in pending)
        {
            if (item.Document is not null)
            {
                // A document's Composition refers into its document: only its subject is rewritten (below).
                continue;
            }

            var (references, attachments) = References(item.Resource);
            foreach (var reference in references)
            {
                var problem = Resolve(reference, facilityCode, byReference, byIdentifier, item, outside);
                if (problem is not null)
                {
                    problems.Add(problem);
                }
            }

            // Attachment URLs such as "Binary/x" point into the same Bundle: they follow the ids.
            foreach (var attachment in attachments.Where(a => a.Url is not null && byReference.ContainsKey(a.Url)))
            {
                attachment.Url = byReference[attachment.Url!];
            }

            if (item.Resource is Bundle document)
            {
                var problem = await ResolveDocumentPatientAsync(item, document, facilityCode, byIdentifier, cancellationToken);
                if (problem is not null)
                {
                    problems.Add(problem);
                }
                else if (item.Composition is { } composition)
                {
                    composition.DocumentPatientId = item.DocumentPatientId;
                    ((Composition)composition.Resource).Subject = new ResourceReference("Patient/" + item.DocumentPatientId);
                }
            }
        }

        if (outside.Count > 0)
        {
            // The facility's keys only (a narrow projection): a Bundle may name more ids than SQLite takes parameters.
            var known = (await db.Resources.AsNoTracking()
                    .Where(r => r.FacilityCode == facilityCode)
                    .Select(r => r.ResourceType + "/" + r.LogicalId)
                    .ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            problems.AddRange(outside.Where(o => !known.Contains(o.Type + "/" + o.LogicalId))
                .Select(o => new IngestProblem(o.Index, $"{o.Label}: reference '{o.Reference}' does not resolve within the Bundle or to a resource this facility loaded before.")));
        }

        foreach (var item in pending.Where(p => p.Resource is not (Patient or Bundle) && p.Document is null))
        {
            var problem = await CheckSubjectAsync(item, facilityCode, byIdentifier, cancellationToken);
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        if (problems.Count > 0)
        {
            return new(problems.OrderBy(p => p.Index).ToList(), []);
        }

        return new([], await StoreAsync(pending, facility, cancellationToken));
    }

    private async Task<List<IngestedEntry>> StoreAsync(List<Pending> pending, DisclosingFacilityOptions facility, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ids = pending.Select(p => p.LogicalId).ToList();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var wanted = ids.ToHashSet(StringComparer.Ordinal);
            var existing = (await db.Resources.AsNoTracking()
                .Where(r => r.FacilityCode == facility.Code)
                .Select(r => new { r.Id, r.ResourceType, r.LogicalId, r.VersionId })
                .ToListAsync(cancellationToken))
                .Where(r => wanted.Contains(r.LogicalId))
                .ToDictionary(r => r.ResourceType + "/" + r.LogicalId, StringComparer.Ordinal);

            // Prepared statements on EF's connection and transaction: a load of 40,000 resources takes
            // seconds this way, where change tracking would take half a minute. The schema is still EF's.
            var connection = db.Database.GetDbConnection();
            var dbTransaction = transaction.GetDbTransaction();
            using var insert = Command(connection, dbTransaction,
                "INSERT INTO Resources (ResourceType, LogicalId, FacilityCode, SourceKey, PatientId, ClinicalDate, Category, VersionId, LastUpdated, Json) "
                + "VALUES ($type, $id, $facility, $key, $patient, $date, $category, $version, $updated, $json) RETURNING Id",
                "$type", "$id", "$facility", "$key", "$patient", "$date", "$category", "$version", "$updated", "$json");
            using var update = Command(connection, dbTransaction,
                "UPDATE Resources SET PatientId = $patient, ClinicalDate = $date, Category = $category, VersionId = $version, LastUpdated = $updated, Json = $json WHERE Id = $pk",
                "$patient", "$date", "$category", "$version", "$updated", "$json", "$pk");
            using var deleteIdentifiers = Command(connection, dbTransaction, "DELETE FROM ResourceIdentifiers WHERE StoredResourceId = $pk", "$pk");
            using var insertIdentifier = Command(connection, dbTransaction,
                "INSERT INTO ResourceIdentifiers (StoredResourceId, System, Value) VALUES ($pk, $system, $value)", "$pk", "$system", "$value");

            var results = new List<IngestedEntry>(pending.Count);
            foreach (var item in pending)
            {
                var resource = item.Resource;
                existing.TryGetValue(resource.TypeName + "/" + item.LogicalId, out var row);
                var version = (row?.VersionId ?? 0) + 1;
                resource.Id = item.LogicalId;
                resource.Meta ??= new Meta();
                resource.Meta.VersionId = version.ToString(CultureInfo.InvariantCulture);
                resource.Meta.LastUpdated = now;
                resource.Meta.Tag.RemoveAll(t => t.System == FhirSystems.MedicalInstitutionNo);
                resource.Meta.Tag.Add(new Coding(FhirSystems.MedicalInstitutionNo, facility.Code, facility.Name));
                var patientId = resource switch
                {
                    Patient => item.LogicalId,
                    Bundle => item.DocumentPatientId,
                    _ when item.Document is not null => item.DocumentPatientId,
                    _ => ResourceIndex.PatientReference(resource)?.Reference?["Patient/".Length..],
                };
                var values = new object?[]
                {
                    patientId, FhirDates.StartMilliseconds(ResourceIndex.ClinicalDate(resource)), DisclosureCategories.Of(resource),
                    version, now.ToUnixTimeMilliseconds(), FirelyJson.Serialize(resource),
                };
                long pk;
                if (row is null)
                {
                    Bind(insert, [resource.TypeName, item.LogicalId, facility.Code, item.SourceKey, .. values]);
                    pk = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
                }
                else
                {
                    pk = row.Id;
                    Bind(update, [.. values, pk]);
                    await update.ExecuteNonQueryAsync(cancellationToken);
                    Bind(deleteIdentifiers, [pk]);
                    await deleteIdentifiers.ExecuteNonQueryAsync(cancellationToken);
                }

                var identifiers = ResourceIndex.Identifiers(resource)
                    .Where(x => x.System is { Length: > 0 and <= 256 } && x.Value is { Length: > 0 and <= 256 });
                if (item.Composition is { } composition)
                {
                    identifiers = identifiers.Append(new Identifier(DocumentCompositionSystem, composition.LogicalId));
                }

                foreach (var identifier in identifiers)
                {
                    Bind(insertIdentifier, [pk, identifier.System, identifier.Value]);
                    await insertIdentifier.ExecuteNonQueryAsync(cancellationToken);
                }

                results.Add(new(resource.TypeName, item.LogicalId, version, version == 1));
            }

            await transaction.CommitAsync(cancellationToken);
            return results;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static System.Data.Common.DbCommand Command(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Constant SQL: every value is a parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        command.Prepare();
        return command;
    }

    private static void Bind(System.Data.Common.DbCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    /// <summary>
    /// A document's Composition (its first entry), indexed as a resource of its own beside the document:
    /// keyed by the document (one Composition per document), its subject set to the stored patient later.
    /// </summary>
    private static Pending? IndexedComposition(Pending document, Bundle bundle, string facilityCode, HashSet<string> keys, List<IngestProblem> problems)
    {
        if (bundle.Entry.FirstOrDefault()?.Resource is not Composition composition)
        {
            problems.Add(new(document.Index, $"{document.Label}: a document Bundle's first entry must be its Composition."));
            return null;
        }

        var copy = (Composition)composition.DeepCopy();
        var sourceKey = "document:" + document.SourceKey;
        return keys.Add("Composition|" + sourceKey) ? new Pending(document.Index, copy, sourceKey, CenterId(facilityCode, sourceKey)) { Document = document } : null;
    }

    /// <summary>
    /// A document carries its own copy of the Patient: the facility's patient ID links it to the stored
    /// one. The Composition's subject is that Patient entry (by fullUrl or id), or a logical identifier
    /// in the facility's own patient-ID system.
    /// </summary>
    private async Task<IngestProblem?> ResolveDocumentPatientAsync(
        Pending item, Bundle document, string facilityCode, Dictionary<string, string> byIdentifier, CancellationToken cancellationToken)
    {
        var system = JpCore.PatientIdSystem(facilityCode);
        if (document.Entry.FirstOrDefault()?.Resource is not Composition composition)
        {
            return null; // reported by IndexedComposition
        }

        var subject = composition.Subject;
        var patient = subject?.Reference is { Length: > 0 } target
            ? document.Entry.FirstOrDefault(e => e.Resource is Patient p && (e.FullUrl == target || "Patient/" + p.Id == target
                || e.FullUrl?.EndsWith("/" + target, StringComparison.Ordinal) == true))?.Resource as Patient
            : null;
        var value = patient?.Identifier.FirstOrDefault(x => x.System == system)?.Value
            ?? (subject?.Identifier is { System: var s, Value: { } v } && s == system ? v : null);
        if (value is null)
        {
            return new(item.Index, $"{item.Label}: the Composition's subject '{Describe(subject)}' must be a Patient of the document with an identifier in this facility's system {system}.");
        }

        item.DocumentPatientId = await FindPatientAsync(system, value, facilityCode, byIdentifier, cancellationToken);
        return item.DocumentPatientId is null
            ? new(item.Index, $"{item.Label}: the document's patient {system}|{value} is not a patient of this facility; load the Patient first.")
            : null;
    }

    /// <summary>The stored id of the facility's patient with this identifier: in the Bundle first, then loaded before.</summary>
    private async Task<string?> FindPatientAsync(string system, string value, string facilityCode, Dictionary<string, string> byIdentifier, CancellationToken cancellationToken)
    {
        if (byIdentifier.TryGetValue($"Patient|{system}|{value}", out var local))
        {
            return local["Patient/".Length..];
        }

        var id = await db.Resources.AsNoTracking()
            .Where(r => r.ResourceType == "Patient" && r.FacilityCode == facilityCode && r.Identifiers.Any(i => i.System == system && i.Value == value))
            .Select(r => r.LogicalId)
            .FirstOrDefaultAsync(cancellationToken);
        if (id is not null)
        {
            byIdentifier[$"Patient|{system}|{value}"] = "Patient/" + id;
        }

        return id;
    }

    /// <summary>
    /// A record must be about a Patient of this facility: a reference to one, or a logical identifier
    /// (<c>subject.identifier</c>) that names one, which is resolved here to a reference. A record
    /// with no subject at all, or one naming nobody here, is refused: stored, it could never be shown.
    /// </summary>
    private async Task<IngestProblem?> CheckSubjectAsync(Pending item, string facilityCode, Dictionary<string, string> byIdentifier, CancellationToken cancellationToken)
    {
        var reference = ResourceIndex.PatientReference(item.Resource);
        if (reference is null || (reference.Reference is null && reference.Identifier is null))
        {
            return PatientRecords.Contains(item.Resource.TypeName)
                ? new(item.Index, $"{item.Label}: no subject: the center shows records per patient, so a record about no patient could never be shown.")
                : null;
        }

        if (reference.Reference is { } target)
        {
            return target.StartsWith("Patient/", StringComparison.Ordinal)
                ? null
                : new(item.Index, $"{item.Label}: the subject '{target}' must reference a Patient of this facility.");
        }

        var identifier = reference.Identifier!;
        var id = identifier is { System: { Length: > 0 } system, Value: { Length: > 0 } value }
            ? await FindPatientAsync(system, value, facilityCode, byIdentifier, cancellationToken)
            : null;
        if (id is null)
        {
            return new(item.Index, $"{item.Label}: the subject identifier '{identifier.System}|{identifier.Value}' names no Patient of this facility (in the Bundle or loaded before).");
        }

        reference.Reference = "Patient/" + id;
        return null;
    }

    private static string Describe(ResourceReference? reference) => reference switch
    {
        null => "(none)",
        { Reference: { Length: > 0 } r } => r,
        { Identifier: { } i } => $"{i.System}|{i.Value}",
        _ => "(empty)",
    };

    private static void CheckPatientIdentifiers(int index, Patient patient, string facilityCode, List<IngestProblem> problems)
    {
        var own = JpCore.PatientIdSystem(facilityCode);
        if (!patient.Identifier.Any(x => x.System == own && !string.IsNullOrWhiteSpace(x.Value)))
        {
            problems.Add(new(index, $"The Patient has no identifier in this facility's system {own}."));
        }

        if (patient.Identifier.Any(x => x.System is { } s && s.StartsWith(JpCore.PatientIdSystemPrefix, StringComparison.Ordinal) && s != own))
        {
            problems.Add(new(index, "The Patient carries another facility's patient ID; each facility discloses only its own."));
        }
    }

    private static IngestProblem? Resolve(
        ResourceReference reference, string facilityCode, Dictionary<string, string> byReference,
        Dictionary<string, string> byIdentifier, Pending item, List<(int, string, string, string, string)> outside)
    {
        var index = item.Index;
        var value = reference.Reference;
        if (string.IsNullOrEmpty(value) || value.StartsWith('#'))
        {
            return null;
        }

        if (byReference.TryGetValue(value, out var local))
        {
            reference.Reference = local;
            return null;
        }

        if (value.StartsWith("urn:uuid:", StringComparison.Ordinal) || value.StartsWith("urn:oid:", StringComparison.Ordinal))
        {
            return new(index, $"{item.Label}: reference '{value}' does not resolve to an entry of the Bundle.");
        }

        var conditional = ConditionalReference().Match(value);
        if (conditional.Success)
        {
            var key = $"{conditional.Groups["type"].Value}|{Uri.UnescapeDataString(conditional.Groups["system"].Value)}|{Uri.UnescapeDataString(conditional.Groups["value"].Value)}";
            if (byIdentifier.TryGetValue(key, out var found))
            {
                reference.Reference = found;
            }
            else
            {
                // Not loaded here (e.g. Synthea's practitioners): keep it as a logical reference.
                reference.Reference = null;
                reference.Identifier ??= new Identifier(
                    Uri.UnescapeDataString(conditional.Groups["system"].Value), Uri.UnescapeDataString(conditional.Groups["value"].Value));
            }

            return null;
        }

        var relative = RelativeReference().Match(value);
        if (relative.Success)
        {
            var logicalId = CenterId(facilityCode, "id:" + relative.Groups["id"].Value);
            reference.Reference = relative.Groups["type"].Value + "/" + logicalId;
            outside.Add((index, item.Label, value, relative.Groups["type"].Value, logicalId));
            return null;
        }

        // Absolute URLs to other servers are kept as sent.
        return Uri.TryCreate(value, UriKind.Absolute, out _) ? null : new(index, $"{item.Label}: reference '{value}' is not a valid reference.");
    }

    /// <summary>Every Reference in the resource, not descending into nested document Bundles (they resolve their own).</summary>
    private static (List<ResourceReference> References, List<Attachment> Attachments) References(Resource resource)
    {
        var found = new List<ResourceReference>();
        var attachments = new List<Attachment>();
        Walk(resource, found, attachments, isRoot: true);
        return (found, attachments);

        static void Walk(Base node, List<ResourceReference> found, List<Attachment> attachments, bool isRoot)
        {
            if (node is Bundle)
            {
                // A document resolves its own urn:uuid references.
                return;
            }

            if (node is ResourceReference reference)
            {
                found.Add(reference);
            }
            else if (node is Attachment attachment)
            {
                attachments.Add(attachment);
            }

            foreach (var child in node.EnumerateElements())
            {
                switch (child.Value)
                {
                    case Base single:
                        Walk(single, found, attachments, false);
                        break;
                    case IEnumerable<Base> many:
                        foreach (var item in many)
                        {
                            Walk(item, found, attachments, false);
                        }

                        break;
                }
            }
        }
    }

    private static string? SourceKey(Resource resource, string? fullUrl)
    {
        if (!string.IsNullOrWhiteSpace(resource.Id))
        {
            return "id:" + resource.Id;
        }

        var identifier = ResourceIndex.Identifiers(resource).FirstOrDefault(x => !string.IsNullOrEmpty(x.System) && !string.IsNullOrEmpty(x.Value));
        if (identifier is not null)
        {
            return $"identifier:{identifier.System}|{identifier.Value}";
        }

        return fullUrl?.StartsWith("urn:uuid:", StringComparison.Ordinal) == true ? "uuid:" + fullUrl["urn:uuid:".Length..] : null;
    }

    /// <summary>
    /// The center's logical id: the facility's own id prefixed by the facility code when it fits, so
    /// ids from two facilities never collide and a relative reference maps without a lookup.
    /// </summary>
    public static string CenterId(string facilityCode, string sourceKey)
    {
        ArgumentNullException.ThrowIfNull(facilityCode);
        ArgumentNullException.ThrowIfNull(sourceKey);
        if (sourceKey.StartsWith("id:", StringComparison.Ordinal))
        {
            var id = sourceKey[3..];
            if (facilityCode.Length + 1 + id.Length <= 64 && FhirId().IsMatch(id))
            {
                return facilityCode + "-" + id;
            }
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceKey)));
        return facilityCode + "-h" + hash[..40];
    }

    [GeneratedRegex("^[A-Za-z0-9\\-.]{1,64}$")]
    private static partial Regex FhirId();

    [GeneratedRegex("^(?<type>[A-Z][A-Za-z]+)/(?<id>[A-Za-z0-9\\-.]{1,64})(/_history/[A-Za-z0-9\\-.]+)?$")]
    private static partial Regex RelativeReference();

    [GeneratedRegex("^(?<type>[A-Z][A-Za-z]+)\\?identifier=(?<system>[^|&]*)\\|(?<value>[^&]+)$")]
    private static partial Regex ConditionalReference();
}
