using MioKarte.Core.Common;

namespace MioKarte.Core.Gateway;

// Portal records: what the views see of a shared patient. No FHIR type leaks out of the gateway,
// so the screens do not change when the data center's format does (docs/data-center-gateway.md).

/// <summary>A date that may be partial ("2020", "2020-05"), as FHIR dates often are.</summary>
public readonly record struct PartialDate(int Year, int? Month, int? Day, TimeOnly? Time = null) : IComparable<PartialDate>
{
    /// <summary>The earliest instant the value can mean, for sorting along the time axis.</summary>
    public DateOnly SortKey => new(Year, Month ?? 1, Day ?? 1);

    public int CompareTo(PartialDate other)
    {
        var byDate = SortKey.CompareTo(other.SortKey);
        return byDate != 0 ? byDate : Nullable.Compare(Time, other.Time);
    }

    public override string ToString() => (Month, Day) switch
    {
        (null, _) => Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
        (int m, null) => $"{Year:D4}-{m:D2}",
        (int m, int d) => Time is { } t ? $"{Year:D4}-{m:D2}-{d:D2} {t:HH\\:mm}" : $"{Year:D4}-{m:D2}-{d:D2}",
    };
}

/// <summary>A code as sent, with the system it came from (JLAC10, YJ, HOT or a local one).</summary>
public sealed record CodedItem(string? Code, string? System, string Display);

/// <summary>Where a record came from: the disclosing facility and the center's id of the resource.</summary>
public sealed record SourceRef(string FacilityCode, string ResourceType, string ResourceId);

/// <summary>The patient as registered at one disclosing facility (患者基本情報).</summary>
public sealed record PatientDemographics(
    SourceRef Source,
    string FacilityPatientId,
    string? NameKanji,
    string? NameKana,
    Sex Sex,
    PartialDate? BirthDate,
    PatientDeath? Death = null);

/// <summary>Order-level fields shared by prescription and injection orders.</summary>
public sealed record MedicationLine(
    CodedItem Drug,
    decimal? Dose,
    string? DoseUnit,
    string? DosageText,
    int? Days,
    decimal? TotalQuantity,
    string? TotalUnit,
    string? Route,
    string? DoseText = null);

/// <summary>処方オーダ.</summary>
public sealed record PrescriptionOrder(
    SourceRef Source,
    PartialDate? OrderDate,
    MedicationLine Medication,
    string? Prescriber,
    string? Department,
    string? Status);

/// <summary>注射オーダ.</summary>
public sealed record InjectionOrder(
    SourceRef Source,
    PartialDate? OrderDate,
    MedicationLine Medication,
    string? Prescriber,
    string? Department,
    string? Status);

/// <summary>検査オーダ.</summary>
public sealed record LabOrder(
    SourceRef Source,
    PartialDate? OrderDate,
    CodedItem Test,
    string? Requester,
    string? Status);

/// <summary>High / low flag of a lab value (H/L in Japanese lab sheets).</summary>
public enum AbnormalFlag
{
    None,
    High,
    Low,
    Abnormal,
}

/// <summary>A lab value: numeric (with an optional comparator such as "&lt;") or text.</summary>
public sealed record LabValue(decimal? Number, string? Comparator, string? Text)
{
    public override string ToString() => Number is { } n
        ? $"{Comparator}{n.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
        : Text ?? string.Empty;
}

/// <summary>
/// 検査結果: one item of one specimen. <paramref name="IsInfection"/>: a 感染症 item (JP-CLINS names
/// it by the InfectionLabo code system), shown in the summary's 感染症 as well as with the labs.
/// </summary>
public sealed record LabResult(
    SourceRef Source,
    PartialDate? SpecimenDate,
    CodedItem Item,
    bool IsJlac10,
    LabValue Value,
    string? Unit,
    string? ReferenceRange,
    AbnormalFlag Flag,
    bool IsInfection = false);

/// <summary>画像オーダ.</summary>
public sealed record ImagingOrder(
    SourceRef Source,
    PartialDate? OrderDate,
    CodedItem Procedure,
    string? Modality,
    string? BodyPart,
    string? Requester,
    string? Status);

/// <summary>
/// An image or document the portal can fetch through the gateway: an opaque id and its content type,
/// never the center's URL (the browser never talks to the data center).
/// </summary>
public sealed record ContentReference(string Id, string ContentType);

/// <summary>画像の結果: an image study, or a JPG image (with the study it is part of, <c>ImagingStudy/{id}</c>, when given).</summary>
public sealed record ImageResult(
    SourceRef Source,
    PartialDate? StudyDate,
    string? Modality,
    string? BodyPart,
    string? Description,
    IReadOnlyList<ContentReference> Images,
    string? StudyReference = null);

/// <summary>読影レポート: findings (所見) and diagnosis (診断), and the images it refers to.</summary>
public sealed record RadiologyReport(
    SourceRef Source,
    PartialDate? ReportDate,
    string? Title,
    string? Findings,
    string? Diagnosis,
    IReadOnlyList<string> LinkedImageStudies);

/// <summary>
/// One section of a FHIR document (診療情報提供書, 退院時サマリー…): its title, its narrative as plain
/// text (the HTML is never kept), and a short line for each resource it lists (<paramref name="Entries"/>).
/// </summary>
public sealed record ReferralSection(string Title, string Text, IReadOnlyList<DocumentEntry>? Entries = null);

/// <summary>
/// A resource a document section lists, as one short line: its FHIR type (the view names the kind:
/// 傷病名, 処方, 検査…) and what it says ("2型糖尿病", "アムロジピン 5mg 1日1回朝食後", "HbA1c 7.2 %").
/// </summary>
public sealed record DocumentEntry(string ResourceType, string Text);

/// <summary>診療情報提供書: sections of a FHIR document, or a PDF attachment reference.</summary>
public sealed record ReferralLetter(
    SourceRef Source,
    PartialDate? Date,
    string? Title,
    string? Author,
    IReadOnlyList<ReferralSection> Sections,
    ContentReference? Attachment);

/// <summary>What kind of clinical document (other than a 診療情報提供書) a <see cref="ClinicalDocument"/> is.</summary>
public enum DocumentKind
{
    DischargeSummary, // 退院時サマリー (LOINC 18842-5)
    Other,            // any other: 経過記録, 看護サマリー, 手術記録…
}

/// <summary>
/// A clinical document other than a referral letter: a FHIR document (sections with narrative and
/// entries), a DocumentReference (its PDF, or its text), or a report of no lab or imaging kind.
/// </summary>
public sealed record ClinicalDocument(
    SourceRef Source,
    DocumentKind Kind,
    PartialDate? Date,
    string? Title,
    string? Author,
    IReadOnlyList<ReferralSection> Sections,
    ContentReference? Attachment);

/// <summary>検査レポート: a lab DiagnosticReport with its conclusion, its text, how many results it groups, and its PDF.</summary>
public sealed record LabReport(
    SourceRef Source,
    PartialDate? Date,
    string? Title,
    string? Conclusion,
    string? Text,
    int ResultCount,
    ContentReference? Attachment);

/// <summary>
/// Everything shared for one patient at one disclosing facility, with what the portal does not show
/// of it: <paramref name="NotShown"/> counts resources of kinds the viewer cannot show yet by FHIR
/// resource type, and <paramref name="PartlyRead"/> names the searches the center answered only in
/// part (fewer entries than its Bundle.total, or stopped at the page limit).
/// </summary>
public sealed record SharedPatientRecord(
    PatientDemographics? Patient,
    IReadOnlyList<PrescriptionOrder> Prescriptions,
    IReadOnlyList<InjectionOrder> Injections,
    IReadOnlyList<LabOrder> LabOrders,
    IReadOnlyList<LabResult> LabResults,
    IReadOnlyList<ImagingOrder> ImagingOrders,
    IReadOnlyList<ImageResult> Images,
    IReadOnlyList<RadiologyReport> RadiologyReports,
    IReadOnlyList<ReferralLetter> ReferralLetters,
    IReadOnlyDictionary<string, int>? NotShown = null,
    IReadOnlyList<string>? PartlyRead = null,
    // Clinical facts (JP-CLINS 傷病名, アレルギー・薬剤禁忌; vital signs): kept together at the end.
    IReadOnlyList<Diagnosis>? Diagnoses = null,
    IReadOnlyList<AllergyRecord>? Allergies = null,
    IReadOnlyList<VitalSign>? VitalSigns = null,
    // Documents (h16-docs): 退院時サマリー and other clinical documents, lab reports.
    IReadOnlyList<ClinicalDocument>? Documents = null,
    IReadOnlyList<LabReport>? LabReports = null);

// ---- Clinical facts: 傷病名, アレルギー・薬剤禁忌, 死亡, vital signs (docs/patient-record.md「患者サマリー」) ----

/// <summary>
/// The patient died (Patient.deceasedBoolean true, or deceasedDateTime): <paramref name="Date"/>
/// when the facility sent one.
/// </summary>
public sealed record PatientDeath(PartialDate? Date);

/// <summary>Where a diagnosis or allergy stands (FHIR clinicalStatus); unknown when the facility did not say.</summary>
public enum ClinicalStatus
{
    Unknown,
    Active,
    Inactive,
    Resolved,
}

/// <summary>
/// 傷病名 (Condition): the name (MEDIS 病名 / ICD-10 coding, else the text), onset and when it was
/// recorded, its clinical status and whether it is a 疑い病名 (verificationStatus provisional,
/// differential or unconfirmed). A refuted or entered-in-error diagnosis is not mapped.
/// </summary>
public sealed record Diagnosis(
    SourceRef Source,
    CodedItem Name,
    PartialDate? Onset,
    PartialDate? Recorded,
    PartialDate? Abatement,
    ClinicalStatus Status,
    bool Suspected)
{
    /// <summary>The date it goes under on the time axis: onset, else when it was recorded.</summary>
    public PartialDate? Date => Onset ?? Recorded;

    /// <summary>Active, or no status and not ended: a diagnosis the clinician must still reckon with.</summary>
    public bool IsCurrent => Status == ClinicalStatus.Active || (Status == ClinicalStatus.Unknown && Abatement is null);
}

/// <summary>What an allergy is to (AllergyIntolerance.category); <see cref="Medication"/> is JP-CLINS's 薬剤禁忌 (薬剤アレルギー等).</summary>
public enum AllergyKind
{
    Other,
    Medication,
    Food,
    Environment,
    Biologic,
}

/// <summary>
/// アレルギー・不耐 (AllergyIntolerance). JP-CLINS sends 薬剤禁忌 (薬剤アレルギー等情報) as an
/// allergy of category medication: <see cref="IsContraindication"/>. The substance may be text only.
/// </summary>
public sealed record AllergyRecord(
    SourceRef Source,
    CodedItem Substance,
    AllergyKind Kind,
    PartialDate? Recorded,
    ClinicalStatus Status,
    bool HighCriticality,
    bool Suspected,
    IReadOnlyList<string> Reactions)
{
    public bool IsContraindication => Kind == AllergyKind.Medication;

    /// <summary>Not marked resolved or inactive: shown in the summary.</summary>
    public bool IsCurrent => Status is ClinicalStatus.Active or ClinicalStatus.Unknown;
}

/// <summary>The vital signs the portal knows by LOINC code, in the order the summary shows them.</summary>
public enum VitalKind
{
    BloodPressure,  // 85354-9 panel: 8480-6 systolic, 8462-4 diastolic
    BodyTemperature, // 8310-5 and the body-temperature family by site (8331-1 oral, 8328-7 axillary…)
    HeartRate,      // 8867-4 (脈拍)
    OxygenSaturation, // 59408-5 / 2708-6
    RespiratoryRate, // 9279-1
    BodyHeight,     // 8302-2
    BodyWeight,     // 29463-7
    Bmi,            // 39156-5
    PainSeverity,   // 72514-3 (疼痛スケール NRS 0–10)
    Other,
}

/// <summary>
/// A vital sign (Observation category vital-signs). Blood pressure carries the systolic value in
/// <paramref name="Value"/> and the diastolic in <paramref name="Diastolic"/>. The unit is as
/// clinicians write it (UCUM translated), null when the facility sent none.
/// </summary>
public sealed record VitalSign(
    SourceRef Source,
    PartialDate? Date,
    VitalKind Kind,
    CodedItem Item,
    decimal? Value,
    decimal? Diastolic,
    string? Unit,
    string? Text);
