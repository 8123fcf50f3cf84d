using System.Text;

using Hl7.Fhir.Model;

using Microsoft.EntityFrameworkCore;

using MioKarte.DataCenter.Data;
using MioKarte.DataCenter.Fhir;
using MioKarte.DataCenter.Security;

namespace MioKarte.DataCenter.Audit;

/// <summary>
/// Who is asking and why: from the portal node's verified signed assertion
/// (<see cref="Verified"/>), or, for a portal node registered without an assertion key while
/// <c>RequireSignedAssertions</c> is off, as asserted in headers (the center cannot check those).
/// </summary>
public sealed record ActingParty(string? UserId, string? FacilityCode, string? RequestId)
{
    public const string UserHeader = "X-Acting-User";
    public const string FacilityHeader = "X-Acting-Facility";
    public const string RequestIdHeader = "X-Request-Id";

    /// <summary>HL7 v3 ActReason code from the assertion (TREAT, ETREAT); null from headers.</summary>
    public string? PurposeOfUse { get; init; }

    /// <summary>The assertion's <c>jti</c>, recorded in the AuditEvent.</summary>
    public string? AssertionId { get; init; }

    /// <summary>True when the user and facility come from an assertion whose signature, audience, lifetime and certificate binding were checked.</summary>
    public bool Verified { get; init; }

    public static ActingParty From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(Clean(request.Headers[UserHeader]), Clean(request.Headers[FacilityHeader]), RequestIdOf(request));
    }

    /// <summary>The party the assertion middleware established for this request (headers for a node that signs nothing).</summary>
    public static ActingParty Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ActingParty>() ?? From(context.Request);
    }

    public static string? RequestIdOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Clean(request.Headers[RequestIdHeader]);
    }

    internal static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Length > 128 || value.Any(char.IsControl) ? null : value.Trim();
}

/// <summary>
/// Writes one AuditEvent (IHE BALP shape) per read or search: the end user and viewing facility,
/// the portal node's certificate, the patient, the query and the request id.
/// </summary>
public sealed class AuditWriter(DataCenterDbContext db, AuditCommitQueue commits, TimeProvider time)
{
    public enum Interaction
    {
        Read,
        Search,
        Everything,

        /// <summary>A portal node registered or changed a Consent.</summary>
        Update,
    }

    /// <param name="patientFacilityCode">
    /// The facility of <paramref name="patientId"/> when the endpoint has read it already (a record is
    /// stored at its patient's facility); null to look it up. The AuditEvent is filed under it, so that
    /// facility can read its patients' audit trail.
    /// </param>
    public async System.Threading.Tasks.Task WriteAsync(
        HttpContext context, NodeIdentity node, Interaction interaction, string? patientId, string? patientFacilityCode, string? what, int status,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(node);
        var acting = ActingParty.Of(context);
        var now = time.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        var facilityCode = patientId is null
            ? null
            : patientFacilityCode ?? await db.Resources.AsNoTracking()
                .Where(r => r.ResourceType == "Patient" && r.LogicalId == patientId)
                .Select(r => r.FacilityCode)
                .FirstOrDefaultAsync(cancellationToken);
        var (subtype, action) = interaction switch
        {
            Interaction.Read => ("read", AuditEvent.AuditEventAction.R),
            Interaction.Search => ("search-type", AuditEvent.AuditEventAction.E),
            Interaction.Everything => ("operation", AuditEvent.AuditEventAction.E),
            Interaction.Update => ("update", AuditEvent.AuditEventAction.U),
        };
        var audit = new AuditEvent
        {
            Id = id,
            Meta = new Meta { VersionId = "1", LastUpdated = now },
            Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"),
            Subtype = [new Coding("http://hl7.org/fhir/restful-interaction", subtype)],
            Action = action,
            Recorded = now.ToUniversalTime(),
            Outcome = status switch
            {
                < 400 => AuditEvent.AuditEventOutcome.N0,
                < 500 => AuditEvent.AuditEventOutcome.N4,
                _ => AuditEvent.AuditEventOutcome.N8,
            },
            OutcomeDesc = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Source = new AuditEvent.SourceComponent
            {
                Site = "MIO Karte reference data center",
                Observer = new ResourceReference { Display = "MioKarte.DataCenter" },
                Type = [new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")],
            },
        };
        audit.Agent.Add(new AuditEvent.AgentComponent
        {
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"),
            Who = new ResourceReference { Identifier = new Identifier(FhirSystems.PortalUser, acting.UserId ?? "(not asserted)") },
            Requestor = true,
            // BALP: the token id of a verified assertion; nothing when the user was only claimed in headers.
            Policy = acting is { Verified: true, AssertionId: { } jti } ? [jti] : [],
            PurposeOfUse = acting.PurposeOfUse is { } purpose ? [new CodeableConcept(Core.Gateway.PurposesOfUse.System, purpose)] : [],
            Location = acting.FacilityCode is null ? null : new ResourceReference { Identifier = new Identifier(FhirSystems.PortalFacility, acting.FacilityCode) },
        });
        audit.Agent.Add(new AuditEvent.AgentComponent
        {
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "PROV", "healthcare provider"),
            Who = new ResourceReference { Identifier = new Identifier(FhirSystems.PortalFacility, acting.FacilityCode ?? "(not asserted)") },
            Requestor = false,
        });
        audit.Agent.Add(new AuditEvent.AgentComponent
        {
            Type = new CodeableConcept("http://dicom.nema.org/resources/ontology/DCM", "110153", "Source Role ID"),
            Who = new ResourceReference { Identifier = new Identifier(FhirSystems.CertificateThumbprint, node.Thumbprint), Display = node.Subject },
            Name = node.Subject,
            Requestor = false,
            Network = new AuditEvent.NetworkComponent
            {
                Address = context.Connection.RemoteIpAddress?.ToString(),
                Type = AuditEvent.AuditEventAgentNetworkType.N2,
            },
        });
        if (patientId is not null)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = new ResourceReference("Patient/" + patientId),
                Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"),
                Role = new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"),
            });
        }

        var query = context.Request.Path + context.Request.QueryString;
        audit.Entity.Add(new AuditEvent.EntityComponent
        {
            What = what is null ? null : new ResourceReference(what),
            Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"),
            Role = new Coding("http://terminology.hl7.org/CodeSystem/object-role", "24", "Query"),
            Query = Encoding.UTF8.GetBytes(query),
            Description = query,
        });
        if (acting.RequestId is not null)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = new ResourceReference { Identifier = new Identifier { Value = acting.RequestId } },
                Type = new Coding("https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType", "XrequestId", "X-Request-Id"),
            });
        }

        // Committed with the audit rows of concurrent requests (group commit), and awaited: the
        // request is answered only once its audit row is durable.
        await commits.CommitAsync(new StoredResource
        {
            ResourceType = "AuditEvent",
            LogicalId = id,
            FacilityCode = facilityCode ?? "",
            SourceKey = "id:" + id,
            PatientId = patientId,
            ClinicalDate = now.ToUnixTimeMilliseconds(),
            VersionId = 1,
            LastUpdated = now.ToUnixTimeMilliseconds(),
            Json = FirelyJson.Serialize(audit),
        }, cancellationToken);
    }
}
