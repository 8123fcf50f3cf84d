namespace MioKarte.DataCenter.Data;

/// <summary>
/// One FHIR resource as stored by the center: the JSON as served, plus the columns every search
/// filters on, so a patient's date range is an index range scan and never a JSON scan.
/// </summary>
public sealed class StoredResource
{
    public long Id { get; set; }

    public required string ResourceType { get; set; }

    /// <summary>The logical id served at <c>/{type}/{id}</c>, unique per type across the center.</summary>
    public required string LogicalId { get; set; }

    /// <summary>The disclosing facility's 10-digit 保険医療機関番号 (empty for center-owned AuditEvents of unknown patients).</summary>
    public required string FacilityCode { get; set; }

    /// <summary>
    /// What identified the resource at the facility (<c>id:…</c>, <c>identifier:system|value</c> or <c>uuid:…</c>):
    /// with the facility and type it is the re-ingest key, so a second load updates instead of duplicating.
    /// </summary>
    public required string SourceKey { get; set; }

    /// <summary>Logical id of the Patient the resource is about (the Patient's own id for a Patient).</summary>
    public string? PatientId { get; set; }

    /// <summary>Clinical date (effective, authored, started…) in Unix milliseconds UTC.</summary>
    public long? ClinicalDate { get; set; }

    /// <summary>Disclosure category (see <see cref="Fhir.DisclosureCategories"/>), used for search and withholding.</summary>
    public string? Category { get; set; }

    public int VersionId { get; set; }

    /// <summary>Last update in Unix milliseconds UTC (<c>_since</c>).</summary>
    public long LastUpdated { get; set; }

    public required string Json { get; set; }

    public List<ResourceIdentifier> Identifiers { get; set; } = [];
}

/// <summary>A business identifier of a stored resource (Patient search by <c>identifier=system|value</c>).</summary>
public sealed class ResourceIdentifier
{
    public long Id { get; set; }

    public long StoredResourceId { get; set; }

    public required string System { get; set; }

    public required string Value { get; set; }
}