using Hl7.Fhir.Model;

namespace MioKarte.DataCenter.Fhir;

/// <summary>Reads the indexed columns (patient, clinical date, identifiers) out of a resource.</summary>
public static class ResourceIndex
{
    /// <summary>The reference to the patient the resource is about, as written in the resource.</summary>
    public static ResourceReference? PatientReference(Resource resource) => resource switch
    {
        Observation r => r.Subject,
        MedicationRequest r => r.Subject,
        ServiceRequest r => r.Subject,
        DiagnosticReport r => r.Subject,
        ImagingStudy r => r.Subject,
        Media r => r.Subject,
        DocumentReference r => r.Subject,
        Composition r => r.Subject,
        Condition r => r.Subject,
        AllergyIntolerance r => r.Patient,
        Binary r => r.SecurityContext,
        Bundle { Type: Bundle.BundleType.Document } b => (b.Entry.FirstOrDefault()?.Resource as Composition)?.Subject,
        _ => Generic(resource),
    };

    /// <summary>The clinical date, as a FHIR date/dateTime string.</summary>
    public static string? ClinicalDate(Resource resource) => resource switch
    {
        Observation r => DateOf(r.Effective) ?? r.IssuedElement?.Value?.ToString("o"),
        MedicationRequest r => r.AuthoredOn,
        ServiceRequest r => r.AuthoredOn,
        DiagnosticReport r => DateOf(r.Effective) ?? r.IssuedElement?.Value?.ToString("o"),
        ImagingStudy r => r.Started,
        Media r => DateOf(r.Created),
        DocumentReference r => r.DateElement?.Value?.ToString("o"),
        Composition r => r.Date,
        Bundle b => b.TimestampElement?.Value?.ToString("o"),
        AuditEvent r => r.RecordedElement?.Value?.ToString("o"),
        Encounter r => r.Period?.Start,
        Condition r => DateOf(r.Onset) ?? r.RecordedDate,
        Procedure r => DateOf(r.Performed),
        Immunization r => DateOf(r.Occurrence),
        AllergyIntolerance r => r.RecordedDate,
        _ => null,
    };

    public static IEnumerable<Identifier> Identifiers(Resource resource) =>
        resource.TryGetValue("identifier", out var value) switch
        {
            true when value is IEnumerable<Identifier> many => many,
            true when value is Identifier one => [one],
            _ => [],
        };

    private static string? DateOf(DataType? value) => value switch
    {
        FhirDateTime d => d.Value,
        Period p => p.Start,
        Instant i => i.Value?.ToString("o"),
        _ => null,
    };

    private static ResourceReference? Generic(Resource resource)
    {
        foreach (var name in (string[])["subject", "patient"])
        {
            if (resource.TryGetValue(name, out var value) && value is ResourceReference reference)
            {
                return reference;
            }
        }

        return null;
    }
}
