namespace MioKarte.Core.Gateway;

/// <summary>Why a facility's data could not be read.</summary>
public enum GatewayFailureKind
{
    /// <summary>The server certificate is not trusted (does not chain to the network CA, wrong name, not pinned).</summary>
    ServerCertificateRejected,

    /// <summary>The data center refused the portal's client certificate, or the TLS handshake failed on its side.</summary>
    ClientCertificateRejected,

    /// <summary>The data center did not answer in time.</summary>
    Timeout,

    /// <summary>The data center could not be reached (connection refused, DNS, reset).</summary>
    Unreachable,

    /// <summary>The data center answered with an HTTP error.</summary>
    HttpError,

    /// <summary>The circuit breaker is open after repeated failures: not even tried.</summary>
    CircuitOpen,

    /// <summary>The facility has no patient with the linked id at the data center.</summary>
    PatientNotFound,

    /// <summary>The answer was not a FHIR bundle the gateway can read.</summary>
    InvalidResponse,

    /// <summary>No data center is configured: the portal's stand-in source answered (データセンター未接続).</summary>
    NotConnected,
}

/// <summary>A disclosing facility whose data is missing from a result, and why (no patient data).</summary>
public sealed record UnavailableFacility(string FacilityCode, string FacilityName, GatewayFailureKind Kind, string Message);

/// <summary>A resource the gateway could not map: type and id only, never its content.</summary>
public sealed record SkippedResource(string FacilityCode, string ResourceType, string? ResourceId, string Reason);

/// <summary>
/// A partial-by-design result: whatever could be read, plus the facilities that could not be
/// reached and the resources that were skipped, so the screen can say so instead of failing.
/// </summary>
public sealed record GatewayResult<T>(
    IReadOnlyList<T> Items,
    IReadOnlyList<UnavailableFacility> Unavailable,
    IReadOnlyList<SkippedResource> Skipped)
{
    public bool IsComplete => Unavailable.Count == 0 && Skipped.Count == 0;
}

/// <summary>One disclosing facility's patient record, labelled with the facility.</summary>
public sealed record FacilityPatientRecord(string FacilityCode, string FacilityName, SharedPatientRecord Record);

/// <summary>A patient link (患者IDの登録): the patient's id at one disclosing facility.</summary>
public sealed record LinkedFacilityPatient(string FacilityCode, string FacilityName, string FacilityPatientId);

/// <summary>
/// Who is looking and why, forwarded to the data center for its consent check and audit trail: as a
/// signed assertion (<see cref="ActingUserAssertionMode.Jwt"/>) or as plain headers (a vendor center).
/// </summary>
/// <param name="PurposeOfUse">An HL7 v3 ActReason code: <see cref="PurposesOfUse.Treatment"/>, or
/// <see cref="PurposesOfUse.Emergency"/> for the emergency search before a break-glass grant.</param>
public sealed record ActingContext(string UserId, string FacilityCode, string RequestId, string PurposeOfUse = PurposesOfUse.Treatment);

/// <summary>An error of the gateway with a message that names the problem (no patient data).</summary>
public sealed class DataCenterException : Exception
{
    public DataCenterException(GatewayFailureKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    public DataCenterException()
        : this(GatewayFailureKind.HttpError, "The data center call failed.")
    {
    }

    public DataCenterException(string message)
        : this(GatewayFailureKind.HttpError, message)
    {
    }

    public DataCenterException(string message, Exception innerException)
        : this(GatewayFailureKind.HttpError, message, innerException)
    {
    }

    public GatewayFailureKind Kind { get; }
}
