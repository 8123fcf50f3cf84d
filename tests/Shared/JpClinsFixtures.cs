namespace MioKarte.Tests.Shared;

/// <summary>
/// JP-CLINS / JP Core-shaped documents written for these tests from the published profiles (no
/// example file copied): a 診療情報提供書 FHIR document with a PDF, a 退院時サマリー document, a
/// 経過記録 DocumentReference and a lab DiagnosticReport with a conclusion and a PDF. The patient is
/// named by the facility's patient-ID system and value, filled in per test.
/// </summary>
public static class JpClinsFixtures
{
    public const string ReferralDocument = "referral-document";
    public const string DischargeSummary = "discharge-summary";
    public const string ProgressNote = "progress-note";
    public const string LabReport = "lab-report";

    /// <summary>The fixture's JSON, about the patient <paramref name="patientId"/> in <paramref name="patientIdSystem"/>.</summary>
    public static string Json(string name, string patientIdSystem = "urn:oid:1.2.392.100495.20.3.51.11311234567", string patientId = "00012345") =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "JpClins", name + ".json"))
            .Replace("__PATIENT_ID_SYSTEM__", patientIdSystem, StringComparison.Ordinal)
            .Replace("__PATIENT_ID__", patientId, StringComparison.Ordinal);
}
