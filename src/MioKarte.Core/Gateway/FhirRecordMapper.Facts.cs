using System.Text.Json;

namespace MioKarte.Core.Gateway;

// Clinical facts: 傷病名 (Condition), アレルギー・薬剤禁忌 (AllergyIntolerance), 死亡 (Patient.deceased[x])
// and vital signs (Observation vital-signs), as JP Core and JP-CLINS (電子カルテ情報共有サービス) send them.
public static partial class FhirRecordMapper
{
    /// <summary>
    /// LOINC codes of the vital signs the portal names: the FHIR R4 vital-signs profiles' codes and
    /// the site-specific codes hospitals and generators send instead (Synthea's temperature is 8331-1
    /// Oral temperature, its pain score 72514-3), so none shows under its English LOINC name.
    /// </summary>
    private static readonly (string Code, VitalKind Kind)[] VitalCodes =
    [
        ("85354-9", VitalKind.BloodPressure),
        ("55284-4", VitalKind.BloodPressure),
        ("8480-6", VitalKind.BloodPressure),
        ("8310-5", VitalKind.BodyTemperature),
        ("8331-1", VitalKind.BodyTemperature), // oral
        ("8332-9", VitalKind.BodyTemperature), // rectal
        ("8328-7", VitalKind.BodyTemperature), // axillary (腋窩, the usual site in Japan)
        ("8333-9", VitalKind.BodyTemperature), // tympanic membrane
        ("8329-5", VitalKind.BodyTemperature), // core
        ("8330-3", VitalKind.BodyTemperature), // central
        ("8334-7", VitalKind.BodyTemperature), // temporal artery
        ("8867-4", VitalKind.HeartRate),
        ("8889-8", VitalKind.HeartRate), // by pulse oximetry
        ("59408-5", VitalKind.OxygenSaturation),
        ("2708-6", VitalKind.OxygenSaturation),
        ("9279-1", VitalKind.RespiratoryRate),
        ("8302-2", VitalKind.BodyHeight),
        ("8306-3", VitalKind.BodyHeight), // lying
        ("29463-7", VitalKind.BodyWeight),
        ("3141-9", VitalKind.BodyWeight), // measured
        ("39156-5", VitalKind.Bmi),
        ("72514-3", VitalKind.PainSeverity),
    ];

    private const string SystolicCode = "8480-6";
    private const string DiastolicCode = "8462-4";

    /// <summary>Patient.deceasedBoolean true, or a deceasedDateTime: the patient died (the date when sent).</summary>
    private static PatientDeath? Death(JsonElement patient)
    {
        if (patient.Str("deceasedDateTime"u8) is { } when)
        {
            return new PatientDeath(FhirJson.Date(when));
        }

        return patient.Prop("deceasedBoolean"u8) is { ValueKind: JsonValueKind.True } ? new PatientDeath(null) : null;
    }

    /// <summary>
    /// A Condition is a 傷病名. A refuted or entered-in-error one is a retraction, not a fact: not
    /// mapped and not counted. A condition with neither code nor text cannot be named: counted as not shown.
    /// </summary>
    private static string? MapCondition(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var verification = r.Prop("verificationStatus"u8);
        if (FhirJson.HasCode(verification, "refuted", "entered-in-error"))
        {
            return null;
        }

        if (FhirJson.Concept(r.Prop("code"u8)) is not { } name)
        {
            return Ignore(into, source.ResourceType);
        }

        var onset = FhirJson.Date(r.Str("onsetDateTime"u8) ?? r.Prop("onsetPeriod"u8)?.Str("start"u8));
        var abatement = FhirJson.Date(r.Str("abatementDateTime"u8) ?? r.Prop("abatementPeriod"u8)?.Str("start"u8));
        into.Diagnoses.Add(new Diagnosis(
            source, name, onset, FhirJson.Date(r.Str("recordedDate"u8)), abatement, StatusOf(r.Prop("clinicalStatus"u8)),
            FhirJson.HasCode(verification, "provisional", "differential", "unconfirmed")));
        return null;
    }

    /// <summary>
    /// An AllergyIntolerance: the substance from code (its text, else a coding's display), else the
    /// first reaction's substance; category medication is JP-CLINS's 薬剤禁忌 (薬剤アレルギー等).
    /// </summary>
    private static string? MapAllergy(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var verification = r.Prop("verificationStatus"u8);
        if (FhirJson.HasCode(verification, "refuted", "entered-in-error"))
        {
            return null;
        }

        var substance = FhirJson.Concept(r.Prop("code"u8)) ?? FhirJson.Concept(r.First("reaction"u8)?.Prop("substance"u8));
        if (substance is null)
        {
            // Nothing says what to avoid: counted, so the clinician knows an allergy record exists.
            return Ignore(into, source.ResourceType);
        }

        var kind = AllergyKind.Other;
        foreach (var category in r.Each("category"u8))
        {
            kind = category.ValueKind == JsonValueKind.String ? category.GetString() switch
            {
                "medication" => AllergyKind.Medication,
                "food" => AllergyKind.Food,
                "environment" => AllergyKind.Environment,
                "biologic" => AllergyKind.Biologic,
                _ => kind,
            } : kind;
            if (kind == AllergyKind.Medication)
            {
                break; // a drug among the categories: the clinician must treat it as 薬剤禁忌
            }
        }

        var reactions = new List<string>();
        foreach (var reaction in r.Each("reaction"u8))
        {
            foreach (var manifestation in reaction.Each("manifestation"u8))
            {
                if (FhirJson.ConceptText(manifestation) is { } text && !reactions.Contains(text))
                {
                    reactions.Add(text);
                }
            }

            if (reaction.Str("description"u8) is { } description && !reactions.Contains(description))
            {
                reactions.Add(description);
            }
        }

        var recorded = FhirJson.Date(r.Str("recordedDate"u8) ?? r.Str("onsetDateTime"u8) ?? r.Str("lastOccurrence"u8));
        into.Allergies.Add(new AllergyRecord(
            source, substance, kind, recorded, StatusOf(r.Prop("clinicalStatus"u8)), r.Str("criticality"u8) == "high",
            FhirJson.HasCode(verification, "unconfirmed", "presumed"), reactions));
        return null;
    }

    private static ClinicalStatus StatusOf(JsonElement? clinicalStatus) =>
        FhirJson.HasCode(clinicalStatus, "active", "recurrence", "relapse") ? ClinicalStatus.Active
        : FhirJson.HasCode(clinicalStatus, "resolved", "remission") ? ClinicalStatus.Resolved
        : FhirJson.HasCode(clinicalStatus, "inactive") ? ClinicalStatus.Inactive
        : ClinicalStatus.Unknown;

    /// <summary>
    /// A vital sign: its kind by LOINC code; blood pressure from its systolic and diastolic
    /// components; a value without a unit keeps no unit; one without a value keeps its text or
    /// data-absent reason.
    /// </summary>
    private static string? MapVitalSign(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var code = r.Prop("code"u8);
        var kind = VitalKindOf(code);
        var item = FhirJson.Concept(code, FhirSystems.Loinc);
        if (item is null)
        {
            return "no vital-sign code";
        }

        decimal? value = null, diastolic = null;
        string? unit = null, text = null;
        if (r.Prop("valueQuantity"u8) is { ValueKind: JsonValueKind.Object } quantity)
        {
            value = quantity.Dec("value"u8);
            unit = quantity.Str("unit"u8) ?? quantity.Str("code"u8);
        }
        else if (r.Str("valueString"u8) is { } s)
        {
            text = s;
        }

        foreach (var component in r.Each("component"u8))
        {
            var componentCode = component.Prop("code"u8);
            var componentQuantity = component.Prop("valueQuantity"u8);
            if (FhirJson.HasCode(componentCode, SystolicCode))
            {
                value = componentQuantity?.Dec("value"u8);
                unit ??= componentQuantity?.Str("unit"u8) ?? componentQuantity?.Str("code"u8);
            }
            else if (FhirJson.HasCode(componentCode, DiastolicCode))
            {
                diastolic = componentQuantity?.Dec("value"u8);
                unit ??= componentQuantity?.Str("unit"u8) ?? componentQuantity?.Str("code"u8);
            }
        }

        if (value is null && diastolic is null && text is null)
        {
            text = FhirJson.ConceptText(r.Prop("dataAbsentReason"u8));
        }

        var date = FhirJson.Date(r.Str("effectiveDateTime"u8) ?? r.Str("effectiveInstant"u8) ?? r.Prop("effectivePeriod"u8)?.Str("start"u8) ?? r.Str("issued"u8));
        into.VitalSigns.Add(new VitalSign(source, date, kind, item, value, diastolic, unit is null ? null : UcumDisplay.Display(unit), text));
        return null;
    }

    private static VitalKind VitalKindOf(JsonElement? code)
    {
        foreach (var (loinc, kind) in VitalCodes)
        {
            if (FhirJson.HasCode(code, loinc))
            {
                return kind;
            }
        }

        return VitalKind.Other;
    }

    private static class FhirSystems
    {
        public const string Loinc = "http://loinc.org";
    }
}
