using Hl7.Fhir.Model;

using MioKarte.Core.Gateway;

namespace MioKarte.DataCenter.Ingest;

/// <summary>
/// The ingest command's <c>--patient-number</c>: gives the Bundle's one Patient the facility's
/// patient number (JP Core identifier, system <see cref="JpCore.PatientIdSystem"/>), replacing any
/// identifier already in that system. Data not written by a Japanese hospital (Synthea, test data)
/// carries no such identifier, and the center refuses a Patient without one, so it could not be
/// loaded or linked unless the file was edited by hand. With no Patient, or several, the number
/// would be ambiguous: refused.
/// </summary>
internal static class PatientNumberAssignment
{
    /// <summary>Null when assigned; else why not (English, for the operator's console).</summary>
    public static string? Assign(Bundle bundle, string facilityCode, string patientNumber)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var patients = bundle.Entry.Select(e => e.Resource).OfType<Patient>().ToList();
        if (patients.Count != 1)
        {
            return patients.Count == 0
                ? "--patient-number: the Bundle holds no Patient to give the number to."
                : $"--patient-number: the Bundle holds {patients.Count} Patients; the number can be given only when it holds one.";
        }

        var system = JpCore.PatientIdSystem(facilityCode);
        var patient = patients[0];
        patient.Identifier.RemoveAll(i => i.System == system);
        patient.Identifier.Insert(0, new Identifier(system, patientNumber));
        return null;
    }
}
