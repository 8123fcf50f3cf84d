namespace MioKarte.DataCenter.Data;

/// <summary>
/// A FHIR Consent registered by a portal node: the acting (viewing) facility may read one patient
/// for a period. The center answers a portal node's reads only for patients with an active Consent
/// of the facility its signed assertion names (docs/security.md). Kept apart from the resources,
/// so the gate is one indexed lookup and a disclosing facility's load can never write one.
/// </summary>
public sealed class PatientConsent
{
    public const string Active = "active";

    public long Id { get; set; }

    /// <summary>The Consent's logical id (<c>link-{guid}</c> or <c>emergency-{guid}</c>), unique.</summary>
    public required string LogicalId { get; set; }

    /// <summary>The center's Patient id, resolved from the facility patient id at registration.</summary>
    public required string PatientId { get; set; }

    /// <summary>The facility the Consent permits (provision.actor): its 保険医療機関番号 or 施設コード.</summary>
    public required string ActorFacilityCode { get; set; }

    /// <summary>FHIR Consent.status: active, inactive, rejected or entered-in-error.</summary>
    public required string Status { get; set; }

    /// <summary>provision.purpose: TREAT for a patient link, ETREAT for an emergency grant (break-glass).</summary>
    public required string Purpose { get; set; }

    /// <summary>provision.period.start, Unix milliseconds UTC.</summary>
    public long PeriodStart { get; set; }

    /// <summary>provision.period.end (exclusive), Unix milliseconds UTC; null = open.</summary>
    public long? PeriodEnd { get; set; }

    /// <summary>SHA-256 of the portal node's certificate that registered it: only that node may change it.</summary>
    public required string RegisteredBy { get; set; }

    public int VersionId { get; set; }

    public long LastUpdated { get; set; }

    public required string Json { get; set; }
}
