namespace MioKarte.Core.Gateway;

/// <summary>FHIR patient-compartment resource types, as the gateway and the reference data center share them.</summary>
public static class PatientCompartment
{
    /// <summary>
    /// Types of the patient compartment the record viewer does not show. The gateway counts each
    /// with <c>{type}?patient=…&amp;_summary=count</c>, so the clinician learns they exist
    /// (「表示に対応していない記録」); the reference data center answers that search for each of them.
    /// </summary>
    public static readonly IReadOnlyList<string> NotShownTypes =
    [
        "Immunization", "Procedure", "Encounter", "CarePlan", "CareTeam", "Goal", "FamilyMemberHistory",
        "MedicationAdministration", "MedicationDispense", "MedicationStatement", "Specimen", "Device",
        "AdverseEvent", "ClinicalImpression", "Appointment", "Claim", "ExplanationOfBenefit", "Coverage",
    ];
}
