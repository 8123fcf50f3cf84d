using System.Text.Json;
using MioKarte.Core.Common;

namespace MioKarte.Core.Gateway;

/// <summary>
/// Collects the portal records mapped from the pages of one facility. A resource that cannot be
/// mapped is skipped and reported by type and id; the rest of the page is kept. A resource of a kind
/// the viewer does not show is counted by type (<see cref="NotShown"/>), never dropped silently.
/// </summary>
public sealed class RecordAccumulator(string facilityCode, ReferenceNames? names = null)
{
    public string FacilityCode { get; } = facilityCode;

    /// <summary>Names of practitioners, organisations and drugs seen in this facility's load (shared by its searches).</summary>
    public ReferenceNames Names { get; } = names ?? new ReferenceNames();

    public PatientDemographics? Patient { get; internal set; }

    public List<PrescriptionOrder> Prescriptions { get; } = [];

    public List<InjectionOrder> Injections { get; } = [];

    public List<LabOrder> LabOrders { get; } = [];

    public List<LabResult> LabResults { get; } = [];

    public List<ImagingOrder> ImagingOrders { get; } = [];

    public List<ImageResult> Images { get; } = [];

    public List<RadiologyReport> RadiologyReports { get; } = [];

    public List<ReferralLetter> ReferralLetters { get; } = [];

    /// <summary>退院時サマリー and other clinical documents.</summary>
    public List<ClinicalDocument> Documents { get; } = [];

    /// <summary>検査レポート (lab DiagnosticReports).</summary>
    public List<LabReport> LabReports { get; } = [];

    public List<SkippedResource> Skipped { get; } = [];

    // Clinical facts (傷病名, アレルギー・薬剤禁忌, vital signs).
    public List<Diagnosis> Diagnoses { get; } = [];

    public List<AllergyRecord> Allergies { get; } = [];

    public List<VitalSign> VitalSigns { get; } = [];

    /// <summary>Resources seen but not shown by the viewer (e.g. immunizations, vital signs), by FHIR resource type.</summary>
    public Dictionary<string, int> NotShown { get; } = new(StringComparer.Ordinal);

    /// <summary>How many resources were seen but not shown (the sum of <see cref="NotShown"/>).</summary>
    public int Ignored => NotShown.Values.Sum();

    /// <summary>Searches cut short (fewer entries than Bundle.total, or the page limit): the facility's record is partly read.</summary>
    public List<string> PartlyRead { get; } = [];

    internal void CountNotShown(string type) => NotShown[type] = NotShown.GetValueOrDefault(type) + 1;

    public void MergeFrom(RecordAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Patient ??= other.Patient;
        Prescriptions.AddRange(other.Prescriptions);
        Injections.AddRange(other.Injections);
        LabOrders.AddRange(other.LabOrders);
        LabResults.AddRange(other.LabResults);
        ImagingOrders.AddRange(other.ImagingOrders);
        Images.AddRange(other.Images);
        RadiologyReports.AddRange(other.RadiologyReports);
        ReferralLetters.AddRange(other.ReferralLetters);
        Documents.AddRange(other.Documents);
        LabReports.AddRange(other.LabReports);
        Skipped.AddRange(other.Skipped);
        Diagnoses.AddRange(other.Diagnoses);
        Allergies.AddRange(other.Allergies);
        VitalSigns.AddRange(other.VitalSigns);
        foreach (var (type, count) in other.NotShown)
        {
            NotShown[type] = NotShown.GetValueOrDefault(type) + count;
        }

        foreach (var search in other.PartlyRead.Where(s => !PartlyRead.Contains(s)))
        {
            PartlyRead.Add(search);
        }
    }

    /// <summary>What an order shows for a drug whose Medication could be read neither from the load nor by reference.</summary>
    public const string UnknownDrug = "薬剤名不明";

    /// <summary>The <see cref="NotShown"/> key counting the orders whose drug is <see cref="UnknownDrug"/>.</summary>
    public const string UnresolvedMedication = "UnresolvedMedication";

    /// <summary>
    /// The facility's record. A prescriber, requester, author or drug still written as a bare
    /// reference (its resource arrived on a later page, through another search or by a read of the
    /// reference) is named now; a drug nobody could name shows as <see cref="UnknownDrug"/> and is
    /// counted under <see cref="UnresolvedMedication"/>, never shown as <c>Medication/123</c>.
    /// </summary>
    public SharedPatientRecord ToRecord()
    {
        var unknownDrugs = 0;
        var (letters, documents) = FhirRecordMapper.JoinDocumentPdfs(ReferralLetters, Documents);
        var prescriptions = Prescriptions.Select(p => p with { Medication = NamedDrug(p.Medication), Prescriber = Named(p.Prescriber) }).ToList();
        var injections = Injections.Select(p => p with { Medication = NamedDrug(p.Medication), Prescriber = Named(p.Prescriber) }).ToList();
        var notShown = new Dictionary<string, int>(NotShown, StringComparer.Ordinal);
        if (unknownDrugs > 0)
        {
            notShown[UnresolvedMedication] = notShown.GetValueOrDefault(UnresolvedMedication) + unknownDrugs;
        }

        return new(
            Patient,
            prescriptions,
            injections,
            LabOrders.Select(o => o with { Requester = Named(o.Requester) }).ToList(),
            LabResults,
            ImagingOrders.Select(o => o with { Requester = Named(o.Requester) }).ToList(),
            Images,
            RadiologyReports,
            letters.Select(l => l with { Author = Named(l.Author) }).ToList(),
            notShown,
            PartlyRead.ToList(),
            Diagnoses.ToList(),
            Allergies.ToList(),
            VitalSigns.ToList(),
            documents.Select(d => d with { Author = Named(d.Author) }).ToList(),
            LabReports.ToList());

        MedicationLine NamedDrug(MedicationLine line)
        {
            if (line.Drug is not { Code: null, System: null } bare || !FhirRecordMapper.IsBareReference(bare.Display))
            {
                return line;
            }

            if (Names.Find(bare.Display) is { } drug)
            {
                return line with { Drug = drug };
            }

            unknownDrugs++;
            return line with { Drug = new CodedItem(null, null, UnknownDrug) };
        }
    }

    /// <summary>
    /// The supporting resources (Medication, Practitioner, PractitionerRole, Organization) this load
    /// refers to by a bare reference but did not return, and the practitioners of roles it did
    /// return: what the gateway reads after the searches (a plain search returns none of them).
    /// </summary>
    public IReadOnlyCollection<string> UnnamedReferences()
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Prescriptions.Select(p => p.Medication).Concat(Injections.Select(i => i.Medication)))
        {
            Want(line.Drug is { Code: null, System: null } bare ? bare.Display : null);
        }

        foreach (var person in Prescriptions.Select(p => p.Prescriber).Concat(Injections.Select(i => i.Prescriber))
            .Concat(LabOrders.Select(o => o.Requester)).Concat(ImagingOrders.Select(o => o.Requester)).Concat(ReferralLetters.Select(l => l.Author)).Concat(Documents.Select(d => d.Author)))
        {
            Want(person);
        }

        wanted.UnionWith(Names.UnnamedVias());
        return wanted;

        void Want(string? reference)
        {
            if (FhirRecordMapper.IsBareReference(reference) && Names.Find(reference) is null)
            {
                wanted.Add(reference!);
            }
        }
    }

    /// <summary>A referenced name; a bare reference nobody could name ("Practitioner/123") means nothing to a clinician: none.</summary>
    private string? Named(string? text) => Names.Find(text)?.Display ?? (FhirRecordMapper.IsBareReference(text) ? null : text);
}

/// <summary>
/// Maps FHIR R4 / JP Core resources (as JSON) to portal records. Works on System.Text.Json
/// elements directly: measured several times faster than materialising Firely POCOs
/// (docs/performance.md), and it never fails a page for one odd resource.
/// </summary>
public static partial class FhirRecordMapper
{
    /// <summary>
    /// Maps every entry of a Bundle page into <paramref name="into"/> and returns the page's
    /// <c>next</c> link, if any.
    /// </summary>
    public static string? MapBundle(JsonElement bundle, RecordAccumulator into, Action<SkippedResource>? onSkipped = null)
    {
        var next = NextLink(bundle);
        MapEntries(bundle, into, onSkipped);
        return next;
    }

    /// <summary>The <c>next</c> link of a Bundle page; throws when the answer is not a Bundle.</summary>
    public static string? NextLink(JsonElement bundle)
    {
        if (bundle.ValueKind != JsonValueKind.Object || bundle.Str("resourceType"u8) != "Bundle")
        {
            throw new DataCenterException(GatewayFailureKind.InvalidResponse, "The data center's answer is not a FHIR Bundle.");
        }

        foreach (var link in bundle.Each("link"u8))
        {
            if (link.Str("relation"u8) == "next")
            {
                return link.Str("url"u8);
            }
        }

        return null;
    }

    /// <summary>
    /// Maps the entries of a Bundle page; never throws for one resource. Practitioners,
    /// organisations and drugs on the page (e.g. through <c>_include</c>) are read first, so the
    /// records that point at them are named. Returns how many entries were search matches (entries
    /// without <c>search.mode</c> count as matches; includes and outcomes do not), the number that
    /// Bundle.total counts.
    /// </summary>
    public static int MapEntries(JsonElement bundle, RecordAccumulator into, Action<SkippedResource>? onSkipped = null)
    {
        ArgumentNullException.ThrowIfNull(into);
        var matches = 0;
        foreach (var entry in bundle.Each("entry"u8))
        {
            var mode = entry.Prop("search"u8)?.Str("mode"u8);
            if (mode is null or "match")
            {
                matches++;
            }

            if (entry.Prop("resource"u8) is { ValueKind: JsonValueKind.Object } resource && ResourceType(resource) is var type && ReferenceNames.IsSupporting(type))
            {
                into.Names.Add(type, resource, entry.Str("fullUrl"u8));
            }
        }

        foreach (var entry in bundle.Each("entry"u8))
        {
            if (entry.Prop("search"u8)?.Str("mode"u8) == "outcome" || entry.Prop("resource"u8) is not { ValueKind: JsonValueKind.Object } resource
                || ReferenceNames.IsSupporting(ResourceType(resource)))
            {
                continue;
            }

            MapResource(resource, into, onSkipped);
        }

        return matches;
    }

    /// <summary>Maps one resource; on a mapping failure records it as skipped (type and id only).</summary>
    public static void MapResource(JsonElement resource, RecordAccumulator into, Action<SkippedResource>? onSkipped = null)
    {
        ArgumentNullException.ThrowIfNull(into);
        var type = ResourceType(resource);
        var id = resource.Str("id"u8);
        // Type and id are read once per resource: every record mapped from it shares this source.
        var source = new SourceRef(into.FacilityCode, type, id ?? string.Empty);
        string? problem;
        try
        {
            problem = type switch
            {
                "Patient" => MapPatient(resource, source, into),
                "MedicationRequest" => MapMedicationRequest(resource, source, into),
                "ServiceRequest" => MapServiceRequest(resource, source, into),
                "Observation" => MapObservation(resource, source, into),
                "ImagingStudy" => MapImagingStudy(resource, source, into),
                "Media" => MapMedia(resource, source, into),
                "DiagnosticReport" => MapDiagnosticReport(resource, source, into),
                "Composition" => MapComposition(resource, source, into),
                "DocumentReference" => MapDocumentReference(resource, source, into),
                "Condition" => MapCondition(resource, source, into),
                "AllergyIntolerance" => MapAllergy(resource, source, into),
                "Practitioner" or "PractitionerRole" or "Organization" or "Medication" => Support(resource, type, into),
                // An OperationOutcome is a message of the server about the search, not a record.
                "OperationOutcome" => null,
                _ => Ignore(into, type),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // The exception text may quote the resource's values: only its type is reported.
            problem = $"unreadable field ({ex.GetType().Name})";
        }

        if (problem is not null)
        {
            var skipped = new SkippedResource(into.FacilityCode, type, id, problem);
            into.Skipped.Add(skipped);
            onSkipped?.Invoke(skipped);
        }
    }

    /// <summary>
    /// The <see cref="RecordAccumulator.NotShown"/> key of an Observation the viewer does not show:
    /// "Observation." and its first category code of the FHIR observation-category set
    /// (social-history, survey, exam, imaging, procedure, therapy, activity), else "Observation".
    /// </summary>
    internal static string ObservationNotShownKey(JsonElement observation)
    {
        foreach (var category in observation.Each("category"u8))
        {
            foreach (var coding in category.Each("coding"u8))
            {
                if (coding.Str("code"u8) is "social-history" or "survey" or "exam" or "imaging" or "procedure" or "therapy" or "activity")
                {
                    return "Observation." + coding.Str("code"u8);
                }
            }
        }

        return "Observation";
    }

    /// <summary>A resource of a kind the viewer does not show yet: counted by its type, never silently dropped.</summary>
    private static string? Ignore(RecordAccumulator into, string type)
    {
        into.CountNotShown(type);
        return null;
    }

    /// <summary>A practitioner, organisation or drug: its name serves the records that point at it.</summary>
    private static string? Support(JsonElement resource, string type, RecordAccumulator into)
    {
        into.Names.Add(type, resource, null);
        return null;
    }

    private static readonly string[] KnownTypes =
    [
        "Observation", "MedicationRequest", "ServiceRequest", "Patient", "ImagingStudy", "Media", "DiagnosticReport", "Composition", "DocumentReference",
        "Practitioner", "PractitionerRole", "Organization", "Medication", "Condition", "AllergyIntolerance",
    ];

    /// <summary>The resource type as a shared constant for known types (no string per resource).</summary>
    private static string ResourceType(JsonElement resource)
    {
        if (!resource.TryGetProperty("resourceType"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            return "(no resourceType)";
        }

        foreach (var known in KnownTypes)
        {
            if (type.ValueEquals(known))
            {
                return known;
            }
        }

        return type.GetString()!;
    }

    private static string? MapPatient(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var facilitySystem = JpCore.PatientIdSystem(into.FacilityCode);
        string? patientId = null;
        foreach (var identifier in r.Each("identifier"u8))
        {
            var system = identifier.Str("system"u8);
            if (system == facilitySystem || (patientId is null && system?.StartsWith(JpCore.PatientIdSystemPrefix, StringComparison.Ordinal) == true))
            {
                patientId = identifier.Str("value"u8);
            }
        }

        patientId ??= r.First("identifier"u8)?.Str("value"u8) ?? r.Str("id"u8);

        var (kanji, kana, other) = Names(r);

        var sex = r.Str("gender"u8) switch
        {
            "male" => Sex.Male,
            "female" => Sex.Female,
            "other" => Sex.Other,
            _ => Sex.Unknown,
        };
        into.Patient ??= new PatientDemographics(
            source, patientId ?? string.Empty, kanji ?? other, kana, sex, FhirJson.Date(r.Str("birthDate"u8)), Death(r));
        return null;
    }

    /// <summary>
    /// The names of a person: JP Core tells kanji (IDE) from kana (SYL) with the
    /// iso21090-EN-representation extension; a name without it is "other". Each is the name's
    /// <c>text</c>, else family and given joined.
    /// </summary>
    private static (string? Kanji, string? Kana, string? Other) Names(JsonElement person)
    {
        string? kanji = null, kana = null, other = null;
        foreach (var name in person.Each("name"u8))
        {
            var text = name.Str("text"u8) ?? JoinName(name);
            if (text is null)
            {
                continue;
            }

            var representation = name.Each("extension"u8)
                .FirstOrDefault(e => e.Str("url"u8)?.EndsWith("iso21090-EN-representation", StringComparison.Ordinal) == true)
                .Str("valueCode"u8);
            switch (representation)
            {
                case "IDE":
                    kanji ??= text;
                    break;
                case "SYL":
                    kana ??= text;
                    break;
                default:
                    other ??= text;
                    break;
            }
        }

        return (kanji, kana, other);
    }

    /// <summary>A practitioner's name as a record shows it: the kanji (IDE) name, else any other, else the kana one.</summary>
    internal static string? PersonName(JsonElement person)
    {
        var (kanji, kana, other) = Names(person);
        return kanji ?? other ?? kana;
    }

    /// <summary>A drug from its CodeableConcept: the YJ coding preferred, then HOT, then the first.</summary>
    internal static CodedItem? Drug(JsonElement? concept) =>
        FhirJson.Concept(concept, FhirJson.YjSystem) is { System: FhirJson.YjSystem } yj ? yj : FhirJson.Concept(concept, FhirJson.HotSystemPrefix, prefix: true);

    /// <summary>
    /// What a reference names: a contained resource (<c>#id</c>) first, then a resource of the same
    /// load (<see cref="ReferenceNames"/>), then the reference's display, then the reference itself
    /// (named later by <see cref="RecordAccumulator.ToRecord"/> if its resource turns up).
    /// </summary>
    private static CodedItem? Referenced(JsonElement resource, JsonElement? reference, RecordAccumulator into)
    {
        if (reference is not { ValueKind: JsonValueKind.Object } r)
        {
            return null;
        }

        var target = r.Str("reference"u8);
        if (target is { Length: > 1 } && target[0] == '#' && Contained(resource, target) is { } contained)
        {
            var type = ResourceType(contained);
            if (ReferenceNames.Describe(type, contained) is { } named)
            {
                // A contained role names its practitioner, who may be contained too.
                var via = named.Via is { } v ? (v.StartsWith('#') && Contained(resource, v) is { } person ? ReferenceNames.Describe("Practitioner", person)?.Item : into.Names.Find(v)) : null;
                if ((via ?? named.Item) is { } item)
                {
                    return item;
                }
            }
        }

        if (target is not null && target[0] != '#' && into.Names.Find(target) is { } found)
        {
            return found;
        }

        return r.Str("display"u8) is { } display ? new CodedItem(null, null, display)
            : target is not null && target[0] != '#' ? new CodedItem(null, null, target)
            : null;
    }

    /// <summary>Whether a text is a FHIR reference rather than a name: <c>Type/id</c>, an absolute URL or a <c>urn:</c>.</summary>
    internal static bool IsBareReference(string? text) =>
        text is not null && (text.StartsWith("urn:", StringComparison.Ordinal) || text.StartsWith("http://", StringComparison.Ordinal)
            || text.StartsWith("https://", StringComparison.Ordinal) || BareReference().IsMatch(text));

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z][A-Za-z]{2,40}/[A-Za-z0-9.-]{1,64}(/_history/[A-Za-z0-9.-]{1,64})?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex BareReference();

    private static JsonElement? Contained(JsonElement resource, string reference)
    {
        var id = reference.AsSpan(1);
        foreach (var contained in resource.Each("contained"u8))
        {
            if (contained.TryGetProperty("id"u8, out var value) && value.ValueKind == JsonValueKind.String && value.ValueEquals(id))
            {
                return contained;
            }
        }

        return null;
    }

    private static string? JoinName(JsonElement name)
    {
        var family = name.Str("family"u8);
        var given = string.Join(" ", name.Each("given"u8).Where(g => g.ValueKind == JsonValueKind.String).Select(g => g.GetString()));
        var joined = string.Join(" ", new[] { family, given }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return joined.Length == 0 ? null : joined;
    }

    private static string? MapMedicationRequest(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var drug = Drug(r.Prop("medicationCodeableConcept"u8)) ?? Referenced(r, r.Prop("medicationReference"u8), into);
        if (drug is null)
        {
            return "no medication";
        }

        var dosage = r.First("dosageInstruction"u8);
        var doseAndRate = dosage?.First("doseAndRate"u8);
        var dose = doseAndRate?.Prop("doseQuantity"u8);
        var supply = r.Prop("dispenseRequest"u8);
        var duration = supply?.Prop("expectedSupplyDuration"u8);
        var quantity = supply?.Prop("quantity"u8);
        var route = FhirJson.ConceptText(dosage?.Prop("route"u8));
        // Several instructions (e.g. a tapering dose) are read one after the other.
        var usages = r.Each("dosageInstruction"u8).Select(d => DosageText.Usage(d)).OfType<string>().Distinct().ToList();
        var dosageText = usages.Count == 0 ? null : string.Join("／", usages);
        var days = duration?.Dec("value"u8) is { } d && d is >= 0 and <= 10000 ? (int?)decimal.ToInt32(decimal.Round(d)) : null;
        var line = new MedicationLine(
            drug,
            dose?.Dec("value"u8),
            UcumDisplay.Display(dose?.Str("unit"u8) ?? dose?.Str("code"u8)),
            dosageText,
            days,
            quantity?.Dec("value"u8),
            UcumDisplay.Display(quantity?.Str("unit"u8) ?? quantity?.Str("code"u8)),
            route,
            DosageText.Dose(dosage));
        var date = FhirJson.Date(r.Str("authoredOn"u8));
        var prescriber = Referenced(r, r.Prop("requester"u8), into)?.Display;
        var department = Department(r);
        if (IsInjection(r, route))
        {
            into.Injections.Add(new InjectionOrder(source, date, line, prescriber, department, r.Str("status"u8)));
        }
        else
        {
            into.Prescriptions.Add(new PrescriptionOrder(source, date, line, prescriber, department, r.Str("status"u8)));
        }

        return null;
    }

    /// <summary>
    /// JP Core has a separate profile for injections; exporters also mark them by category or route.
    /// </summary>
    private static bool IsInjection(JsonElement r, string? route)
    {
        foreach (var profile in r.Prop("meta"u8)?.Each("profile"u8) ?? [])
        {
            if (profile.ValueKind == JsonValueKind.String && profile.GetString()!.Contains("Injection", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var category in r.Each("category"u8))
        {
            // JP Core's injection category code system (JHSI0001) marks an injection whatever its code.
            if (category.Each("coding"u8).Any(c => c.Str("system"u8)?.EndsWith("/JHSI0001", StringComparison.Ordinal) == true))
            {
                return true;
            }

            var text = FhirJson.ConceptText(category);
            if (FhirJson.HasCode(category, "injection", "注射") || (text is not null && (text.Contains("注射", StringComparison.Ordinal) || text.Contains("injection", StringComparison.OrdinalIgnoreCase))))
            {
                return true;
            }
        }

        return route is not null && (route.Contains("注", StringComparison.Ordinal) || route.Contains("静脈", StringComparison.Ordinal)
            || route.Contains("intravenous", StringComparison.OrdinalIgnoreCase) || route.Contains("injection", StringComparison.OrdinalIgnoreCase)
            || route.Contains("subcutaneous", StringComparison.OrdinalIgnoreCase) || route.Contains("intramuscular", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Department (診療科): JP Core carries it in an extension; fall back to none.</summary>
    private static string? Department(JsonElement r)
    {
        foreach (var holder in new[] { r, r.Prop("requester"u8) ?? default })
        {
            foreach (var extension in holder.Each("extension"u8))
            {
                if (extension.Str("url"u8)?.Contains("Department", StringComparison.OrdinalIgnoreCase) == true)
                {
                    return extension.Str("valueString"u8) ?? FhirJson.ConceptText(extension.Prop("valueCodeableConcept"u8))
                        ?? extension.Prop("valueCoding"u8)?.Str("display"u8) ?? extension.Prop("valueCoding"u8)?.Str("code"u8);
                }
            }
        }

        return null;
    }

    private static string? MapServiceRequest(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var kind = OrderKind(r);
        if (kind == OrderCategory.Other)
        {
            return Ignore(into, source.ResourceType);
        }

        var test = FhirJson.Concept(r.Prop("code"u8), FhirJson.Jlac10System);
        if (test is null)
        {
            return "no order code";
        }

        var date = FhirJson.Date(r.Str("authoredOn"u8) ?? r.Str("occurrenceDateTime"u8));
        var requester = Referenced(r, r.Prop("requester"u8), into)?.Display;
        if (kind == OrderCategory.Lab)
        {
            into.LabOrders.Add(new LabOrder(source, date, test, requester, r.Str("status"u8)));
        }
        else
        {
            var modality = r.Prop("code"u8)?.Each("coding"u8)
                .FirstOrDefault(c => c.Str("system"u8) == "http://dicom.nema.org/resources/ontology/DCM").Str("code"u8);
            into.ImagingOrders.Add(new ImagingOrder(
                source, date, test, modality, FhirJson.ConceptText(r.First("bodySite"u8)), requester, r.Str("status"u8)));
        }

        return null;
    }

    private enum OrderCategory
    {
        Other,
        Lab,
        Imaging,
    }

    private static OrderCategory OrderKind(JsonElement r)
    {
        foreach (var category in r.Each("category"u8))
        {
            // SNOMED CT 108252007 laboratory procedure, 363679005 imaging; v2-0074 LAB / RAD.
            if (FhirJson.HasCode(category, "108252007", "LAB", "laboratory"))
            {
                return OrderCategory.Lab;
            }

            if (FhirJson.HasCode(category, "363679005", "RAD", "imaging"))
            {
                return OrderCategory.Imaging;
            }

            // "画像検査" contains "検査": look for imaging words first.
            var text = FhirJson.ConceptText(category) ?? string.Empty;
            if (text.Contains("画像", StringComparison.Ordinal) || text.Contains("放射線", StringComparison.Ordinal))
            {
                return OrderCategory.Imaging;
            }

            if (text.Contains("検査", StringComparison.Ordinal))
            {
                return OrderCategory.Lab;
            }
        }

        return OrderCategory.Other;
    }

    private static string? MapObservation(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var hasCategory = false;
        var isLab = false;
        foreach (var category in r.Each("category"u8))
        {
            hasCategory = true;
            if (FhirJson.HasCode(category, "vital-signs"))
            {
                return MapVitalSign(r, source, into);
            }

            if (FhirJson.HasCode(category, "laboratory") || (FhirJson.ConceptText(category)?.Contains("検査", StringComparison.Ordinal) ?? false))
            {
                isLab = true;
                break;
            }
        }

        // An uncategorised Observation with a vital-sign LOINC code is a vital sign, not a lab result.
        if (!hasCategory && VitalKindOf(r.Prop("code"u8)) != VitalKind.Other)
        {
            return MapVitalSign(r, source, into);
        }

        // Social history, surveys and the like are not lab results (an uncategorised result is):
        // counted by category ("Observation.social-history" → 社会歴) so the banner says what they are.
        if (hasCategory && !isLab)
        {
            return Ignore(into, ObservationNotShownKey(r));
        }

        var (item, isJlac10) = LabItem(r.Prop("code"u8));
        var isInfection = r.Prop("code"u8)?.Each("coding"u8).Any(c => c.Str("system"u8) == FhirJson.ClinsInfectionSystem) == true;
        if (item is null)
        {
            return "no test code";
        }

        LabValue value;
        string? unit = null;
        if (r.Prop("valueQuantity"u8) is { ValueKind: JsonValueKind.Object } quantity)
        {
            value = new LabValue(quantity.Dec("value"u8), quantity.Str("comparator"u8), null);
            unit = UcumDisplay.Display(quantity.Str("unit"u8) ?? quantity.Str("code"u8));
        }
        else if (r.Str("valueString"u8) is { } text)
        {
            value = new LabValue(null, null, text);
        }
        else if (r.Prop("valueCodeableConcept"u8) is { } concept)
        {
            value = new LabValue(null, null, FhirJson.ConceptText(concept));
        }
        else if (r.Prop("valueInteger"u8) is { ValueKind: JsonValueKind.Number } integer)
        {
            value = new LabValue(integer.GetDecimal(), null, null);
        }
        else if (r.Prop("valueBoolean"u8) is { ValueKind: JsonValueKind.True or JsonValueKind.False } boolean)
        {
            value = new LabValue(null, null, boolean.GetBoolean() ? "true" : "false");
        }
        else
        {
            // No value: keep the row (the item was ordered) with the reason, e.g. "検体不良".
            value = new LabValue(null, null, FhirJson.ConceptText(r.Prop("dataAbsentReason"u8)));
        }

        var date = FhirJson.Date(r.Str("effectiveDateTime"u8) ?? r.Str("effectiveInstant"u8) ?? r.Prop("effectivePeriod"u8)?.Str("start"u8) ?? r.Str("issued"u8));
        into.LabResults.Add(new LabResult(source, date, item, isJlac10, value, unit, ReferenceRange(r), Flag(r), isInfection));
        return null;
    }

    /// <summary>
    /// A lab item: the code is the first JLAC10 coding (any of the system URIs JP Core and JP-CLINS
    /// use, <see cref="FhirJson.Jlac10Systems"/>), else a JLAC11 one, else the first coding; the name
    /// is the display of a JLAC coding (in that order of systems), else of another coding (the
    /// JP-CLINS "uncoded" marker excepted), else <c>code.text</c>, else the code itself.
    /// </summary>
    private static (CodedItem? Item, bool IsJlac10) LabItem(JsonElement? concept)
    {
        if (concept is not { ValueKind: JsonValueKind.Object } cc)
        {
            return (null, false);
        }

        JsonElement? codeFrom = null;
        var codeRank = int.MaxValue;
        string? display = null;
        var displayRank = int.MaxValue;
        foreach (var coding in cc.Each("coding"u8))
        {
            var system = coding.Str("system"u8);
            var rank = FhirJson.LabCodeRank(system);
            if (coding.Str("code"u8) is not null && rank < codeRank && system != FhirJson.ClinsUncodedSystem)
            {
                codeFrom = coding;
                codeRank = rank;
            }

            if (coding.Str("display"u8) is { Length: > 0 } shown && rank < displayRank && system != FhirJson.ClinsUncodedSystem)
            {
                display = shown;
                displayRank = rank;
            }
        }

        var code = codeFrom?.Str("code"u8);
        var name = display ?? cc.Str("text"u8) ?? code;
        if (name is null)
        {
            return (null, false);
        }

        var isJlac10 = codeRank < FhirJson.Jlac10Systems.Length;
        // One system for every JLAC10 URI, so that the same item from two facilities is one row.
        return (new CodedItem(code, isJlac10 ? FhirJson.Jlac10System : codeFrom?.Str("system"u8), name), isJlac10);
    }

    private static string? ReferenceRange(JsonElement r)
    {
        if (r.First("referenceRange"u8) is not { } range)
        {
            return null;
        }

        if (range.Str("text"u8) is { } text)
        {
            return text;
        }

        var low = range.Prop("low"u8)?.Dec("value"u8);
        var high = range.Prop("high"u8)?.Dec("value"u8);
        if (low is null && high is null)
        {
            return null;
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return $"{low?.ToString(inv)}-{high?.ToString(inv)}";
    }

    private static AbnormalFlag Flag(JsonElement r)
    {
        foreach (var interpretation in r.Each("interpretation"u8))
        {
            // v3 ObservationInterpretation codes; the text form is what some Japanese exporters send.
            foreach (var coding in interpretation.Each("coding"u8))
            {
                if (coding.ValueKind == JsonValueKind.Object && coding.TryGetProperty("code"u8, out var code) && code.ValueKind == JsonValueKind.String)
                {
                    var flag = FlagOf(code);
                    if (flag != AbnormalFlag.None)
                    {
                        return flag;
                    }
                }
            }

            if (FhirJson.TextIs(interpretation, "H", "高"))
            {
                return AbnormalFlag.High;
            }

            if (FhirJson.TextIs(interpretation, "L", "低"))
            {
                return AbnormalFlag.Low;
            }
        }

        return AbnormalFlag.None;
    }

    private static AbnormalFlag FlagOf(JsonElement code)
    {
        if (code.ValueEquals("H"u8) || code.ValueEquals("HH"u8) || code.ValueEquals("HU"u8) || code.ValueEquals(">"u8))
        {
            return AbnormalFlag.High;
        }

        if (code.ValueEquals("L"u8) || code.ValueEquals("LL"u8) || code.ValueEquals("LU"u8) || code.ValueEquals("<"u8))
        {
            return AbnormalFlag.Low;
        }

        return code.ValueEquals("A"u8) || code.ValueEquals("AA"u8) ? AbnormalFlag.Abnormal : AbnormalFlag.None;
    }

    private static string? MapImagingStudy(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var modality = r.First("modality"u8)?.Str("code"u8) ?? r.First("series"u8)?.Prop("modality"u8)?.Str("code"u8);
        var bodyPart = r.Each("series"u8).Select(s => s.Prop("bodySite"u8) is { } b ? b.Str("display"u8) ?? b.Str("code"u8) : null)
            .FirstOrDefault(b => b is not null);
        var images = new List<ContentReference>();
        var id = r.Str("id"u8);
        foreach (var series in r.Each("series"u8))
        {
            foreach (var instance in series.Each("instance"u8))
            {
                if (id is not null && instance.Str("uid"u8) is { } uid)
                {
                    images.Add(new ContentReference($"ImagingStudy/{id}/{uid}", "application/dicom"));
                }
            }
        }

        into.Images.Add(new ImageResult(source, FhirJson.Date(r.Str("started"u8)), modality, bodyPart, r.Str("description"u8), images));
        return null;
    }

    /// <summary>A JPG image (Media with image content) is one image result with one reference.</summary>
    private static string? MapMedia(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var content = r.Prop("content"u8);
        var contentType = content?.Str("contentType"u8);
        if (contentType is null || !contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            return Ignore(into, source.ResourceType);
        }

        var id = r.Str("id"u8);
        if (id is null)
        {
            return "no id";
        }

        into.Images.Add(new ImageResult(
            source,
            FhirJson.Date(r.Str("createdDateTime"u8) ?? r.Str("issued"u8)),
            r.Prop("modality"u8) is { } m ? FhirJson.Concept(m)?.Code : null,
            FhirJson.ConceptText(r.Prop("bodySite"u8)),
            content?.Str("title"u8) ?? FhirJson.ConceptText(r.Prop("view"u8)),
            [new ContentReference($"Media/{id}", contentType)],
            r.First("partOf"u8)?.Str("reference"u8)));
        return null;
    }

    private static string? MapDiagnosticReport(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var radiology = r.Each("category"u8).Any(c =>
            FhirJson.HasCode(c, "RAD", "LP29684-5", "18748-4") || (FhirJson.ConceptText(c) is { } t
                && (t.Contains("放射線", StringComparison.Ordinal) || t.Contains("画像", StringComparison.Ordinal) || t.Contains("読影", StringComparison.Ordinal))));
        if (!radiology)
        {
            return MapOtherReport(r, source, into);
        }

        string? findings = null;
        foreach (var form in r.Each("presentedForm"u8))
        {
            findings ??= FhirJson.AttachmentText(form);
        }

        findings ??= FhirJson.NarrativeText(r.Prop("text"u8));
        var diagnosis = r.Str("conclusion"u8) ?? string.Join("、", r.Each("conclusionCode"u8).Select(c => FhirJson.ConceptText(c)).OfType<string>());
        var linked = r.Each("imagingStudy"u8).Select(s => s.Str("reference"u8))
            .Concat(r.Each("media"u8).Select(m => m.Prop("link"u8)?.Str("reference"u8)))
            .OfType<string>().ToList();
        into.RadiologyReports.Add(new RadiologyReport(
            source,
            FhirJson.Date(r.Str("effectiveDateTime"u8) ?? r.Prop("effectivePeriod"u8)?.Str("start"u8) ?? r.Str("issued"u8)),
            FhirJson.ConceptText(r.Prop("code"u8)),
            findings,
            string.IsNullOrEmpty(diagnosis) ? null : diagnosis,
            linked));
        return null;
    }
}
