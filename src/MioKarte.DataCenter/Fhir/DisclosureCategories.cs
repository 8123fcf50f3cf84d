using Hl7.Fhir.Model;

namespace MioKarte.DataCenter.Fhir;

/// <summary>
/// The center's coarse categories: what a disclosing facility may withhold and what <c>category=</c>
/// searches on. Each maps from the FHIR category codes the resources carry (docs/data-center.md).
/// </summary>
public static class DisclosureCategories
{
    public const string Prescription = "prescription";
    public const string Injection = "injection";
    public const string Laboratory = "laboratory";
    public const string Imaging = "imaging";
    public const string RadiologyReport = "radiology-report";
    public const string ReferralLetter = "referral-letter";
    public const string DischargeSummary = "discharge-summary";

    /// <summary>Any other clinical document (経過記録, 看護サマリー…).</summary>
    public const string ClinicalDocument = "clinical-document";

    // Clinical facts: JP-CLINS 傷病名 and アレルギー・薬剤禁忌, and vital signs.
    public const string Condition = "condition";
    public const string Allergy = "allergy";
    public const string VitalSigns = "vital-signs";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Prescription, Injection, Laboratory, Imaging, RadiologyReport, ReferralLetter, DischargeSummary, ClinicalDocument, Condition, Allergy, VitalSigns,
    };

    /// <summary>The FHIR category tokens accepted in <c>category=</c>, each naming one center category.</summary>
    private static readonly Dictionary<string, string> Tokens = new(StringComparer.Ordinal)
    {
        [$"{FhirSystems.MedicationCategoryMerit9}|OHO"] = Prescription,
        [$"{FhirSystems.MedicationCategoryMerit9}|OHP"] = Prescription,
        [$"{FhirSystems.MedicationCategoryMerit9}|IHP"] = Prescription,
        [$"{FhirSystems.InjectionCategoryJhsi0001}|FTP"] = Injection,
        [$"{FhirSystems.InjectionCategoryJhsi0001}|EMP"] = Injection,
        [$"{FhirSystems.ObservationCategory}|laboratory"] = Laboratory,
        [$"{FhirSystems.Snomed}|108252007"] = Laboratory,
        [$"{FhirSystems.DiagnosticServiceSection}|LAB"] = Laboratory,
        [$"{FhirSystems.Snomed}|363679005"] = Imaging,
        [$"{FhirSystems.DiagnosticServiceSection}|RAD"] = RadiologyReport,
        [$"{FhirSystems.Loinc}|57133-1"] = ReferralLetter,
        [$"{FhirSystems.ObservationCategory}|vital-signs"] = VitalSigns,
        [$"{FhirSystems.ConditionCategory}|problem-list-item"] = Condition,
        [$"{FhirSystems.ConditionCategory}|encounter-diagnosis"] = Condition,
        [$"{FhirSystems.Loinc}|18842-5"] = DischargeSummary,
    };

    /// <summary>Reads a <c>category=</c> value: a center category name, <c>system|code</c>, or a bare known code.</summary>
    public static string? FromSearchToken(string token)
    {
        if (All.Contains(token))
        {
            return token;
        }

        if (Tokens.TryGetValue(token, out var byToken))
        {
            return byToken;
        }

        var bare = Tokens.Where(t => t.Key.EndsWith("|" + token, StringComparison.Ordinal)).Select(t => t.Value).Distinct().ToList();
        return bare.Count == 1 ? bare[0] : null;
    }

    /// <summary>The center category of a resource, from its type and category codes.</summary>
    public static string? Of(Resource resource) => resource switch
    {
        MedicationRequest m => m.Category.Any(c => c.Coding.Any(x => x.System is FhirSystems.InjectionCategoryJhsi0001))
                               || m.Meta?.Profile?.Any(p => p?.EndsWith("JP_MedicationRequest_Injection", StringComparison.Ordinal) == true) == true
            ? Injection
            : Prescription,
        Observation o => o.Category.Any(c => c.Coding.Any(x => x.Code == "laboratory")) ? Laboratory
            : o.Category.Any(c => c.Coding.Any(x => x.Code == "imaging")) ? Imaging
            : o.Category.Any(c => c.Coding.Any(x => x.Code == "vital-signs")) ? VitalSigns : null,
        Hl7.Fhir.Model.Condition => Condition,
        AllergyIntolerance => Allergy,
        ServiceRequest s => s.Category.Any(c => c.Coding.Any(x => x.Code == "363679005")) ? Imaging
            : s.Category.Any(c => c.Coding.Any(x => x.Code is "108252007" or "laboratory")) ? Laboratory : null,
        DiagnosticReport d => d.Category.Any(c => c.Coding.Any(x => x.Code is "RAD" or "LP29684-5")) ? RadiologyReport
            : d.Category.Any(c => c.Coding.Any(x => x.Code is "LAB" or "laboratory")) ? Laboratory : null,
        ImagingStudy or Media => Imaging,
        DocumentReference d => OfDocument(d.Type),
        Bundle { Type: Bundle.BundleType.Document } b => OfDocument((b.Entry.FirstOrDefault()?.Resource as Composition)?.Type),
        Composition c => OfDocument(c.Type),
        Binary b when b.ContentType?.StartsWith("image/", StringComparison.Ordinal) == true => Imaging,
        Binary b when b.ContentType is "application/pdf" => ReferralLetter,
        _ => null,
    };

    /// <summary>A document's category from its type (LOINC 57133-1 診療情報提供書, 18842-5 退院時サマリー, else another document).</summary>
    private static string OfDocument(CodeableConcept? type) =>
        type?.Coding.Any(c => c.Code == "57133-1") == true ? ReferralLetter
        : type?.Coding.Any(c => c.Code == "18842-5") == true ? DischargeSummary
        : ClinicalDocument;
}

/// <summary>Code and identifier systems the center writes and reads.</summary>
public static class FhirSystems
{
    public const string MedicationCategoryMerit9 = "http://jpfhir.jp/fhir/core/CodeSystem/JP_MedicationCategoryMERIT9_CS";
    public const string InjectionCategoryJhsi0001 = "http://jpfhir.jp/fhir/core/CodeSystem/JHSI0001";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string ConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    public const string AllergyClinical = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    public const string DiagnosticServiceSection = "http://terminology.hl7.org/CodeSystem/v2-0074";
    public const string Snomed = "http://snomed.info/sct";
    public const string Loinc = "http://loinc.org";
    public const string Jlac10 = "urn:oid:1.2.392.200119.4.504";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Interpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    public const string Hot9 = "urn:oid:1.2.392.200119.4.403.1";
    public const string JpPrescriptionUsage = "urn:oid:1.2.392.200250.2.2.20.20";

    /// <summary>meta.tag system recording the disclosing facility: code = 10-digit 保険医療機関番号.</summary>
    public const string MedicalInstitutionNo = "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no";

    /// <summary>Identifier system of the viewing facility asserted in <c>X-Acting-Facility</c>.</summary>
    public const string PortalFacility = "urn:miokarte:facility-code";

    /// <summary>Identifier system of the portal user asserted in <c>X-Acting-User</c>.</summary>
    public const string PortalUser = "urn:miokarte:portal-user";

    public const string CertificateThumbprint = "urn:miokarte:certificate-sha256";

    /// <summary>Marks a demo Binary whose JPEG is rendered on first request (then cached on disk).</summary>
    public const string DemoRenderExtension = "urn:miokarte:demo-render";
}
