using System.Globalization;

using Hl7.Fhir.Model;

using Microsoft.EntityFrameworkCore;

using MioKarte.Core.Gateway;
using MioKarte.DataCenter.Audit;
using MioKarte.DataCenter.Data;
using MioKarte.DataCenter.Security;

namespace MioKarte.DataCenter.Fhir;

/// <summary>
/// Consent enforcement: what a portal node may read is limited to patients with an active Consent
/// (status active, within its period) whose actor is the facility the node's verified assertion
/// names. Reference data without a patient (Practitioner, Organization, Medication…) stays readable;
/// an emergency-purpose (ETREAT) request may also find Patient resources — the 非常時アクセス search
/// — but nothing else until its break-glass Consent is registered.
/// </summary>
public static class ConsentGate
{
    /// <summary>Types that name people and things, not a patient's record: readable without a Consent.</summary>
    private static readonly List<string> ReferenceTypes = ["Practitioner", "PractitionerRole", "Organization", "Medication", "Location", "Substance"];

    public static bool Applies(NodeIdentity node, DataCenterOptions options)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(options);
        return node.Role == NodeRole.PortalNode && options.EnforceConsent;
    }

    /// <summary>The rows of <paramref name="query"/> that <paramref name="acting"/> may read now.</summary>
    public static IQueryable<StoredResource> Consented(
        IQueryable<StoredResource> query, DataCenterDbContext db, ActingParty acting, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(acting);
        var facility = acting.FacilityCode ?? "";
        var at = now.ToUnixTimeMilliseconds();
        var consented = db.Consents.Where(c => c.ActorFacilityCode == facility && c.Status == PatientConsent.Active
            && c.PeriodStart <= at && (c.PeriodEnd == null || c.PeriodEnd > at)).Select(c => c.PatientId);
        var reference = ReferenceTypes;
        var emergencySearch = acting.Verified && acting.PurposeOfUse == PurposesOfUse.Emergency;
        return query.Where(r => (r.PatientId != null && consented.Contains(r.PatientId))
            || (r.PatientId == null && reference.Contains(r.ResourceType))
            || (emergencySearch && r.ResourceType == "Patient"));
    }

    /// <summary>Whether the stored row <paramref name="rowId"/> passes the gate (a direct read that fails it is 403).</summary>
    public static Task<bool> AllowsAsync(DataCenterDbContext db, long rowId, ActingParty acting, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Consented(db.Resources.AsNoTracking().Where(r => r.Id == rowId), db, acting, now).AnyAsync(cancellationToken);
    }

    public static IResult Refused(string what) => Outcomes.Result(403, OperationOutcome.IssueType.Forbidden,
        $"{what}: the acting facility holds no active Consent for this patient (register the patient link first).");
}

/// <summary>
/// <c>PUT /Consent/{id}</c>: a portal node registers or changes the Consent of a patient link or an
/// emergency grant. The actor must be the facility its assertion names; the patient is the
/// disclosing facility's patient id, resolved here to the center's Patient (422 when unknown).
/// </summary>
public static class ConsentEndpoints
{
    private const long MaxConsentBytes = 64 * 1024;
    private static readonly HashSet<string> Statuses = new(StringComparer.Ordinal) { "active", "inactive", "rejected", "entered-in-error" };

    public static void MapConsents(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPut("/Consent/{id}", Put);
    }

    private static async Task<IResult> Put(
        string id, HttpContext context, DataCenterDbContext db, AuditWriter audit, DataCenterOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var node = context.Node();
        if (node.Role != NodeRole.PortalNode)
        {
            return Outcomes.Result(403, OperationOutcome.IssueType.Forbidden, "Only a portal node registers Consents.");
        }

        if (FhirEndpoints.RequireActingParty(context, node) is { } refused)
        {
            return refused;
        }

        var acting = ActingParty.Of(context);
        if (id.Length > 64 || context.Request.ContentLength > MaxConsentBytes)
        {
            return Outcomes.Result(400, OperationOutcome.IssueType.Invalid, "The Consent id or body is too long.");
        }

        Consent consent;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var buffer = new char[MaxConsentBytes + 1];
            var length = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
            if (length > MaxConsentBytes)
            {
                return Outcomes.Result(413, OperationOutcome.IssueType.TooCostly, "A Consent is at most 64 KB.");
            }

            consent = FirelyJson.Parse(new string(buffer, 0, length)) as Consent ?? throw new FormatException("not a Consent");
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or Hl7.Fhir.Serialization.DeserializationFailedException)
        {
            return Outcomes.Result(400, OperationOutcome.IssueType.Structure, "The body is not a FHIR R4 JSON Consent.");
        }

        var problems = new List<string>();
        if (consent.Id is { } bodyId && bodyId != id)
        {
            problems.Add("Consent.id differs from the id in the URL.");
        }

        var status = consent.Status is { } s ? Hl7.Fhir.Utility.EnumUtility.GetLiteral(s) : null;
        if (status is null || !Statuses.Contains(status))
        {
            problems.Add("Consent.status must be active, inactive, rejected or entered-in-error.");
        }

        var patient = consent.Patient?.Identifier;
        var facility = patient?.System is { } system && system.StartsWith(JpCore.PatientIdSystemPrefix, StringComparison.Ordinal)
            ? system[JpCore.PatientIdSystemPrefix.Length..] : null;
        if (facility is null || !options.Facilities.Any(f => f.Code == facility) || string.IsNullOrWhiteSpace(patient!.Value))
        {
            problems.Add("Consent.patient.identifier must be a disclosing facility's patient id (JP Core system).");
        }

        var provision = consent.Provision;
        var start = provision?.Period?.StartElement?.ToDateTimeOffset(TimeSpan.Zero);
        var end = provision?.Period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero);
        if (start is null || end < start)
        {
            problems.Add("Consent.provision.period needs a start (and an end not before it, if any).");
        }

        var actors = provision?.Actor.Select(a => a.Reference?.Identifier).ToList() ?? [];
        if (actors.Count != 1 || actors[0]?.System != CenterConsents.ActorSystem || string.IsNullOrWhiteSpace(actors[0]!.Value))
        {
            problems.Add($"Consent.provision.actor must be one facility ({CenterConsents.ActorSystem}).");
        }

        if (problems.Count > 0)
        {
            return Outcomes.Result(400, new OperationOutcome
            {
                Issue = problems.Select(p => new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.Invalid,
                    Diagnostics = p,
                }).ToList(),
            });
        }

        if (actors[0]!.Value != acting.FacilityCode)
        {
            return Outcomes.Result(403, OperationOutcome.IssueType.Forbidden, "A Consent may name only the facility the acting user's assertion names.");
        }

        var existing = await db.Consents.FirstOrDefaultAsync(c => c.LogicalId == id, cancellationToken);
        if (existing is not null && (existing.ActorFacilityCode != acting.FacilityCode || existing.RegisteredBy != node.Thumbprint))
        {
            return Outcomes.Result(403, OperationOutcome.IssueType.Forbidden, $"Consent/{id} belongs to another facility or node.");
        }

        var patientSystem = patient!.System;
        var patientValue = patient.Value;
        var patientId = await db.Resources.AsNoTracking()
            .Where(r => r.ResourceType == "Patient" && r.FacilityCode == facility && r.Identifiers.Any(i => i.System == patientSystem && i.Value == patientValue))
            .Select(r => r.LogicalId).FirstOrDefaultAsync(cancellationToken);
        if (patientId is null)
        {
            await audit.WriteAsync(context, node, AuditWriter.Interaction.Update, null, null, "Consent/" + id, 422, cancellationToken);
            return Outcomes.Result(422, OperationOutcome.IssueType.NotFound, "The disclosing facility has no patient with this id at the center.");
        }

        var now = time.GetUtcNow();
        var version = (existing?.VersionId ?? 0) + 1;
        consent.Id = id;
        consent.Meta = new Meta { VersionId = version.ToString(CultureInfo.InvariantCulture), LastUpdated = now };
        consent.Patient = new ResourceReference("Patient/" + patientId) { Identifier = patient };
        var purpose = provision!.Purpose.FirstOrDefault()?.Code ?? PurposesOfUse.Treatment;
        var row = existing ?? new PatientConsent
        {
            LogicalId = id,
            PatientId = patientId,
            ActorFacilityCode = acting.FacilityCode!,
            Status = status!,
            Purpose = purpose,
            RegisteredBy = node.Thumbprint,
            Json = "",
        };
        row.PatientId = patientId;
        row.Status = status!;
        row.Purpose = purpose.Length <= 16 ? purpose : purpose[..16];
        row.PeriodStart = start!.Value.ToUnixTimeMilliseconds();
        row.PeriodEnd = end?.ToUnixTimeMilliseconds();
        row.VersionId = version;
        row.LastUpdated = now.ToUnixTimeMilliseconds();
        row.Json = FirelyJson.Serialize(consent);
        if (existing is null)
        {
            db.Consents.Add(row);
        }

        if (status == "inactive" && row.Purpose == PurposesOfUse.Treatment)
        {
            // 同意撤回: the patient's consent for this facility has ended, whichever registration
            // (an operator's, say) granted it. A Consent set entered-in-error (a link never made) ends only itself.
            var others = await db.Consents.Where(c => c.LogicalId != id && c.ActorFacilityCode == row.ActorFacilityCode
                && c.PatientId == patientId && c.Purpose == PurposesOfUse.Treatment && c.Status == PatientConsent.Active).ToListAsync(cancellationToken);
            foreach (var other in others)
            {
                other.Status = "inactive";
                other.VersionId++;
                other.LastUpdated = now.ToUnixTimeMilliseconds();
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(context, node, AuditWriter.Interaction.Update, patientId, facility, "Consent/" + id, existing is null ? 201 : 200, cancellationToken);
        context.Response.Headers.ETag = $"W/\"{version.ToString(CultureInfo.InvariantCulture)}\"";
        if (existing is null)
        {
            context.Response.Headers.Location = $"Consent/{id}/_history/{version.ToString(CultureInfo.InvariantCulture)}";
        }

        return Outcomes.Result(existing is null ? 201 : 200, FirelyJson.SerializeToUtf8(consent));
    }
}
