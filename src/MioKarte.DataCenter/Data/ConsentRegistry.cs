using Hl7.Fhir.Model;

using Microsoft.EntityFrameworkCore;

using MioKarte.Core.Gateway;
using MioKarte.DataCenter.Fhir;

namespace MioKarte.DataCenter.Data;

/// <summary>
/// The operator's way to register Consents without a portal request: the demo network's links of the
/// demo clinic, and test fixtures that make links without the product's linking form. The portal
/// itself registers through <c>PUT /Consent/{id}</c> (<see cref="ConsentEndpoints"/>).
/// </summary>
public static class ConsentRegistry
{
    /// <summary>An active patient-link Consent from <paramref name="start"/>, open-ended; false when the patient is unknown. Idempotent by id.</summary>
    public static async Task<bool> GrantAsync(
        IServiceProvider services, string actorFacilityCode, string disclosingFacilityCode, string disclosingPatientId, DateTimeOffset start,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DataCenterDbContext>();
        var system = JpCore.PatientIdSystem(disclosingFacilityCode);
        var patientId = await db.Resources.AsNoTracking()
            .Where(r => r.ResourceType == "Patient" && r.FacilityCode == disclosingFacilityCode && r.Identifiers.Any(i => i.System == system && i.Value == disclosingPatientId))
            .Select(r => r.LogicalId).FirstOrDefaultAsync(cancellationToken);
        if (patientId is null)
        {
            return false;
        }

        var id = "operator-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{actorFacilityCode}|{patientId}")))[..40].ToLowerInvariant();
        if (await db.Consents.AnyAsync(c => c.LogicalId == id, cancellationToken))
        {
            return true;
        }

        var consent = new Consent
        {
            Id = id,
            Meta = new Meta { VersionId = "1", LastUpdated = start },
            Status = Consent.ConsentState.Active,
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
            Category = [new CodeableConcept("http://loinc.org", "59284-0")],
            Patient = new ResourceReference("Patient/" + patientId) { Identifier = new Identifier(system, disclosingPatientId) },
            DateTime = start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            PolicyRule = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN"),
            Provision = new Consent.provisionComponent
            {
                Type = Consent.ConsentProvisionType.Permit,
                Period = new Period { StartElement = new FhirDateTime(start) },
                Actor =
                [
                    new Consent.provisionActorComponent
                    {
                        Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP"),
                        Reference = new ResourceReference { Identifier = new Identifier(CenterConsents.ActorSystem, actorFacilityCode) },
                    },
                ],
                Purpose = [new Coding(PurposesOfUse.System, PurposesOfUse.Treatment)],
            },
        };
        db.Consents.Add(new PatientConsent
        {
            LogicalId = id,
            PatientId = patientId,
            ActorFacilityCode = actorFacilityCode,
            Status = PatientConsent.Active,
            Purpose = PurposesOfUse.Treatment,
            PeriodStart = start.ToUnixTimeMilliseconds(),
            RegisteredBy = "operator",
            VersionId = 1,
            LastUpdated = start.ToUnixTimeMilliseconds(),
            Json = FirelyJson.Serialize(consent),
        });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
