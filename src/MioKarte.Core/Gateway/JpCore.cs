namespace MioKarte.Core.Gateway;

/// <summary>
/// JP Core identifier systems that the portal's gateway and the reference data center must spell
/// alike (one definition for both, so a search and the data it looks for never drift apart).
/// </summary>
public static class JpCore
{
    /// <summary>A facility's patient IDs live in this OID arc followed by its 10-digit 保険医療機関番号.</summary>
    public const string PatientIdSystemPrefix = "urn:oid:1.2.392.100495.20.3.51.1";

    /// <summary>The patient-ID system of one facility, e.g. <c>urn:oid:1.2.392.100495.20.3.51.11311234567</c>.</summary>
    public static string PatientIdSystem(string facilityCode) => PatientIdSystemPrefix + facilityCode;
}
