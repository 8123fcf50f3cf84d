using System.Globalization;
using System.Net;
using System.Text.Json;

using Microsoft.Extensions.Logging;

namespace MioKarte.Core.Gateway;

/// <summary>Why a Consent is registered at the center: a patient link (患者IDの登録) or an emergency grant (非常時アクセス).</summary>
public enum CenterConsentKind
{
    PatientLink,
    Emergency,
}

/// <summary>
/// A Consent as the portal registers it at the data center (one per patient link or emergency
/// grant, keyed by that link's or grant's id): the patient (the disclosing facility's patient id),
/// the acting facility as actor (taken from the acting party), and the period.
/// </summary>
public sealed record CenterConsent(
    CenterConsentKind Kind, Guid SourceId, string DisclosingFacilityCode, string DisclosingPatientId,
    DateTimeOffset Start, DateTimeOffset? End, CenterConsentState State)
{
    /// <summary>The Consent's logical id at the center: the same for every update of one link or grant (PUT is idempotent).</summary>
    public string Id => (Kind == CenterConsentKind.Emergency ? "emergency-" : "link-") + SourceId.ToString("N");
}

/// <summary>FHIR Consent.status as the portal uses it.</summary>
public enum CenterConsentState
{
    /// <summary>The link or grant is in force.</summary>
    Active,

    /// <summary>同意撤回 or the end of a grant: the patient's consent for this facility has ended.</summary>
    Inactive,

    /// <summary>The link or grant was never made (refused, or not saved): the Consent should not have existed.</summary>
    EnteredInError,
}

public enum ConsentRegistration
{
    /// <summary>The center holds the Consent as sent.</summary>
    Registered,

    /// <summary>The center enforces no consent (<see cref="DataCenterGatewayOptions.CenterEnforcesConsent"/> false): nothing was sent.</summary>
    NotEnforced,

    /// <summary>The center knows no such patient at that facility (422): nothing was registered.</summary>
    PatientUnknown,
}

/// <summary>The identifier systems of Consents that the portal and the reference center spell alike.</summary>
public static class CenterConsents
{
    /// <summary>The acting (viewing) facility: its 保険医療機関番号 or 施設コード.</summary>
    public const string ActorSystem = "urn:miokarte:facility-code";
    public const string PatientLinkSystem = "urn:miokarte:patient-link";
    public const string EmergencySystem = "urn:miokarte:emergency-access";
}

public sealed partial class DataCenterClient
{
    /// <summary>
    /// Registers or updates a Consent at the center with a standard FHIR update
    /// (<c>PUT [base]/Consent/{id}</c>; idempotent, so repeating it is harmless). The actor is
    /// <paramref name="acting"/>'s facility: the center refuses a Consent for another facility than
    /// the one its signed assertion names. Throws a <see cref="DataCenterException"/> when the center
    /// cannot be reached or refuses; nothing is sent to a center that enforces no consent.
    /// </summary>
    public async Task<ConsentRegistration> PutConsentAsync(CenterConsent consent, ActingContext acting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consent);
        ArgumentNullException.ThrowIfNull(acting);
        if (!settings.CenterEnforcesConsent)
        {
            return ConsentRegistration.NotEnforced;
        }

        using var request = NewRequest(new Uri(http.BaseAddress!, "Consent/" + consent.Id), acting);
        request.Method = HttpMethod.Put;
        request.Content = new ByteArrayContent(ConsentJson(consent, acting.FacilityCode));
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(FhirMediaType);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            return ConsentRegistration.PatientUnknown;
        }

        EnsureSuccess(response, "Consent");
        LogConsentRegistered(consent.Id, consent.State);
        return ConsentRegistration.Registered;
    }

    /// <summary>
    /// Best effort: ends a Consent (<paramref name="state"/> inactive or entered-in-error); a failure
    /// is logged, and the Consent's own period still ends it.
    /// </summary>
    public async Task<bool> TryEndConsentAsync(CenterConsent consent, CenterConsentState state, ActingContext acting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consent);
        try
        {
            await PutConsentAsync(consent with { State = state }, acting, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is DataCenterException or HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            LogConsentNotDeactivated(consent.Id, ex.GetType().Name);
            return false;
        }
    }

    /// <summary>The FHIR R4 Consent (scope patient-privacy, LOINC 59284-0, OPTIN, provision permit to the actor for the period).</summary>
    public static byte[] ConsentJson(CenterConsent consent, string actorFacilityCode)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("resourceType", "Consent");
            json.WriteString("id", consent.Id);
            json.WriteStartArray("identifier");
            Identifier(json, consent.Kind == CenterConsentKind.Emergency ? CenterConsents.EmergencySystem : CenterConsents.PatientLinkSystem, consent.SourceId.ToString("D"));
            json.WriteEndArray();
            json.WriteString("status", consent.State switch
            {
                CenterConsentState.Active => "active",
                CenterConsentState.Inactive => "inactive",
                CenterConsentState.EnteredInError => "entered-in-error",
            });
            json.WritePropertyName("scope");
            Concept(json, "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy");
            json.WriteStartArray("category");
            Concept(json, "http://loinc.org", "59284-0");
            json.WriteEndArray();
            json.WriteStartObject("patient");
            json.WritePropertyName("identifier");
            Identifier(json, JpCore.PatientIdSystem(consent.DisclosingFacilityCode), consent.DisclosingPatientId);
            json.WriteEndObject();
            json.WriteString("dateTime", Instant(consent.Start));
            json.WritePropertyName("policyRule");
            Concept(json, "http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN");
            json.WriteStartObject("provision");
            json.WriteString("type", "permit");
            json.WriteStartObject("period");
            json.WriteString("start", Instant(consent.Start));
            if (consent.End is { } end)
            {
                json.WriteString("end", Instant(end));
            }

            json.WriteEndObject();
            json.WriteStartArray("actor");
            json.WriteStartObject();
            json.WritePropertyName("role");
            Concept(json, "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP");
            json.WriteStartObject("reference");
            json.WritePropertyName("identifier");
            Identifier(json, CenterConsents.ActorSystem, actorFacilityCode);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("purpose");
            json.WriteStartObject();
            json.WriteString("system", PurposesOfUse.System);
            json.WriteString("code", consent.Kind == CenterConsentKind.Emergency ? PurposesOfUse.Emergency : PurposesOfUse.Treatment);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();

        static void Identifier(Utf8JsonWriter json, string system, string value)
        {
            json.WriteStartObject();
            json.WriteString("system", system);
            json.WriteString("value", value);
            json.WriteEndObject();
        }

        static void Concept(Utf8JsonWriter json, string system, string code) => FhirJson.WriteConcept(json, system, code);

        static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consent {ConsentId} registered at the data center ({State})")]
    private partial void LogConsentRegistered(string consentId, CenterConsentState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consent {ConsentId} could not be ended at the data center ({Error}); its provisional period ends it")]
    private partial void LogConsentNotDeactivated(string consentId, string error);
}
