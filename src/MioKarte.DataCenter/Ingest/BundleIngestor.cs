using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

using Hl7.Fhir.Model;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

using MioKarte.Core.DataCenter;
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
/// Loads a disclosing facility's transaction or collection Bundle. Everything is checked before
/// anything is written, and the write is one database transaction: a Bundle is stored whole or not at all.
/// </summary>
public sealed partial class BundleIngestor(DataCenterDbContext db, DataCenterOptions options, TimeProvider time)
{
    private sealed record Pending(int Index, Resource Resource, string SourceKey, string LogicalId)
    {
        /// <summary>For a document Bundle: the stored Patient it is about (found by the facility's patient ID).</summary>
        public string? DocumentPatientId { get; set; }
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

        if (bundle.Type is not (Bundle.BundleType.Transaction or Bundle.BundleType.Collection))
        {
            return new([new(-1, "Bundle.type must be 'transaction' or 'collection'.")], []);
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

            pending.Add(new(i, resource, sourceKey, logicalId));
        }

        // References: inside the Bundle first, then to what the facility loaded before.
        var outside = new List<(int Index, string Type, string LogicalId)>();
        foreach (var item in pending)
        {
            var (references, attachments) = References(item.Resource);
            foreach (var reference in references)
            {
                var problem = Resolve(reference, facilityCode, byReference, byIdentifier, item.Index, outside);
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
                .Select(o => new IngestProblem(o.Index, $"Reference {o.Type}/… does not resolve within the Bundle or to a resource this facility loaded before.")));
        }

        foreach (var item in pending)
        {
            var patientReference = item.Resource is Patient or Bundle ? null : ResourceIndex.PatientReference(item.Resource)?.Reference;
            if (patientReference is not null && !patientReference.StartsWith("Patient/", StringComparison.Ordinal))
            {
                problems.Add(new(item.Index, "The subject must reference a Patient of this facility."));
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
                    _ => ResourceIndex.PatientReference(resource)?.Reference?["Patient/".Length..],
                };
                var values = new object?[]
                {
                    patientId, FhirDates.StartMilliseconds(ResourceIndex.ClinicalDate(resource)), DisclosureCategories.Of(resource),
                    version, now.ToUnixTimeMilliseconds(), FhirJson.Serialize(resource),
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

                foreach (var identifier in ResourceIndex.Identifiers(resource)
                             .Where(x => x.System is { Length: > 0 and <= 256 } && x.Value is { Length: > 0 and <= 256 }))
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

    /// <summary>A document carries its own copy of the Patient: the facility's patient ID links it to the stored one.</summary>
    private async Task<IngestProblem?> ResolveDocumentPatientAsync(
        Pending item, Bundle document, string facilityCode, Dictionary<string, string> byIdentifier, CancellationToken cancellationToken)
    {
        var system = JpCore.PatientIdSystem(facilityCode);
        var subject = (document.Entry.FirstOrDefault()?.Resource as Composition)?.Subject?.Reference;
        var patient = document.Entry.FirstOrDefault(e => e.FullUrl == subject)?.Resource as Patient;
        var value = patient?.Identifier.FirstOrDefault(x => x.System == system)?.Value;
        if (value is null)
        {
            return new(item.Index, $"The document's Composition.subject must be a Patient with an identifier in {system}.");
        }

        if (byIdentifier.TryGetValue($"Patient|{system}|{value}", out var local))
        {
            item.DocumentPatientId = local["Patient/".Length..];
            return null;
        }

        item.DocumentPatientId = await db.Resources.AsNoTracking()
            .Where(r => r.ResourceType == "Patient" && r.FacilityCode == facilityCode && r.Identifiers.Any(i => i.System == system && i.Value == value))
            .Select(r => r.LogicalId)
            .FirstOrDefaultAsync(cancellationToken);
        return item.DocumentPatientId is null ? new(item.Index, "The document's patient is not known at this facility.") : null;
    }

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
        Dictionary<string, string> byIdentifier, int index, List<(int, string, string)> outside)
    {
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
            return new(index, $"Reference {value} does not resolve to an entry of the Bundle.");
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
            outside.Add((index, relative.Groups["type"].Value, logicalId));
            return null;
        }

        // Absolute URLs to other servers are kept as sent.
        return Uri.TryCreate(value, UriKind.Absolute, out _) ? null : new(index, $"Reference '{value}' is not a valid reference.");
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
