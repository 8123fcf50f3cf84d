using System.Globalization;
using System.Text.Json;

namespace MioKarte.Core.Gateway;

// Clinical documents: FHIR documents (Composition and its Bundle), DocumentReferences of any type,
// and DiagnosticReports that are neither radiology nor imaging (lab reports, notes).
public static partial class FhirRecordMapper
{
    public const string ReferralLetterLoinc = "57133-1";
    public const string DischargeSummaryLoinc = "18842-5";

    /// <summary>What a document's type says it is: a 診療情報提供書 (null kind), a 退院時サマリー, or another.</summary>
    private static (bool Referral, DocumentKind Kind) KindOf(JsonElement? type)
    {
        var text = FhirJson.ConceptText(type) ?? string.Empty;
        if (FhirJson.HasCode(type, ReferralLetterLoinc) || text.Contains("診療情報提供書", StringComparison.Ordinal))
        {
            return (true, DocumentKind.Other);
        }

        return FhirJson.HasCode(type, DischargeSummaryLoinc) || text.Contains("退院時サマリ", StringComparison.Ordinal)
            ? (false, DocumentKind.DischargeSummary)
            : (false, DocumentKind.Other);
    }

    private static void AddDocument(
        RecordAccumulator into, bool referral, DocumentKind kind, SourceRef source, PartialDate? date, string? title, string? author,
        IReadOnlyList<ReferralSection> sections, ContentReference? attachment)
    {
        if (referral)
        {
            into.ReferralLetters.Add(new ReferralLetter(source, date, title, author, sections, attachment));
        }
        else
        {
            into.Documents.Add(new ClinicalDocument(source, kind, date, title, author, sections, attachment));
        }
    }

    /// <summary>
    /// A Composition found by search: its sections' narrative now; the gateway then reads its document
    /// (<c>$document</c>) and <see cref="MapDocument"/> replaces this record with the whole document.
    /// </summary>
    private static string? MapComposition(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var (referral, kind) = KindOf(r.Prop("type"u8));
        var sections = new List<ReferralSection>();
        AddSections(r, sections, null, into);
        AddDocument(into, referral, kind, source, FhirJson.Date(r.Str("date"u8)), r.Str("title"u8) ?? FhirJson.ConceptText(r.Prop("type"u8)),
            Referenced(r, r.First("author"u8), into)?.Display, sections, null);
        return null;
    }

    /// <summary>
    /// A FHIR document (a Bundle of type <c>document</c>, its Composition first): each section with its
    /// narrative and a line per entry it lists, resolved inside the document; its author named from the
    /// document; its first PDF (a DocumentReference or Binary entry) as an attachment the portal serves
    /// by <c>Composition/{id}/{entry index}</c>. Replaces the record mapped from the Composition alone.
    /// Returns false when the Bundle is not a document.
    /// </summary>
    public static bool MapDocument(JsonElement bundle, string compositionId, RecordAccumulator into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (bundle.Str("type"u8) != "document" || bundle.First("entry"u8)?.Prop("resource"u8) is not { } composition
            || composition.Str("resourceType"u8) != "Composition")
        {
            return false;
        }

        var source = new SourceRef(into.FacilityCode, "Composition", compositionId);
        into.ReferralLetters.RemoveAll(l => l.Source == source);
        into.Documents.RemoveAll(d => d.Source == source);
        var entries = DocumentEntries(bundle);
        var sections = new List<ReferralSection>();
        AddSections(composition, sections, entries, into);
        var (referral, kind) = KindOf(composition.Prop("type"u8));
        AddDocument(into, referral, kind, source, FhirJson.Date(composition.Str("date"u8)),
            composition.Str("title"u8) ?? FhirJson.ConceptText(composition.Prop("type"u8)),
            DocumentAuthor(composition, entries, into), sections, DocumentPdf(bundle, compositionId));
        return true;
    }

    /// <summary>The resources of a document by every way an entry is referred to: its fullUrl and <c>Type/id</c>.</summary>
    private static Dictionary<string, JsonElement> DocumentEntries(JsonElement bundle)
    {
        var entries = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var entry in bundle.Each("entry"u8))
        {
            if (entry.Prop("resource"u8) is not { ValueKind: JsonValueKind.Object } resource)
            {
                continue;
            }

            if (entry.Str("fullUrl"u8) is { } fullUrl)
            {
                entries.TryAdd(fullUrl, resource);
            }

            if (resource.Str("id"u8) is { } id)
            {
                entries.TryAdd(ResourceType(resource) + "/" + id, resource);
            }
        }

        return entries;
    }

    private static JsonElement? Resolve(JsonElement? reference, Dictionary<string, JsonElement>? entries) =>
        entries is not null && reference?.Str("reference"u8) is { } target && entries.TryGetValue(target, out var found) ? found : null;

    private static string? DocumentAuthor(JsonElement composition, Dictionary<string, JsonElement> entries, RecordAccumulator into)
    {
        var author = composition.First("author"u8);
        if (Resolve(author, entries) is not { } resource)
        {
            return Referenced(composition, author, into)?.Display;
        }

        return ResourceType(resource) switch
        {
            "Practitioner" => PersonName(resource),
            "PractitionerRole" => Resolve(resource.Prop("practitioner"u8), entries) is { } person ? PersonName(person) : resource.Prop("practitioner"u8)?.Str("display"u8),
            "Organization" => resource.Str("name"u8),
            _ => author?.Str("display"u8),
        };
    }

    /// <summary>Sections (and their sub-sections, in order) with narrative or entries; empty ones are left out.</summary>
    private static void AddSections(JsonElement holder, List<ReferralSection> sections, Dictionary<string, JsonElement>? entries, RecordAccumulator into)
    {
        foreach (var section in holder.Each("section"u8))
        {
            var title = section.Str("title"u8) ?? FhirJson.ConceptText(section.Prop("code"u8)) ?? string.Empty;
            var text = FhirJson.NarrativeText(section.Prop("text"u8));
            var lines = new List<DocumentEntry>();
            foreach (var reference in section.Each("entry"u8))
            {
                if (Resolve(reference, entries) is { } resource && EntryLine(resource, into) is { } line)
                {
                    lines.Add(line);
                }
                else if (reference.Str("display"u8) is { } display)
                {
                    lines.Add(new DocumentEntry(ResourceTypeOf(reference.Str("reference"u8)), display));
                }
            }

            if (text is not null || lines.Count > 0)
            {
                sections.Add(new ReferralSection(title, text ?? string.Empty, lines.Count > 0 ? lines : null));
            }

            AddSections(section, sections, entries, into);
        }
    }

    private static string ResourceTypeOf(string? reference) =>
        reference is not null && reference.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash && !reference.StartsWith("urn:", StringComparison.Ordinal)
            ? reference[..slash]
            : "Resource";

    /// <summary>One short line for a resource a document section lists: what a clinician reads first.</summary>
    internal static DocumentEntry? EntryLine(JsonElement resource, RecordAccumulator into)
    {
        var type = ResourceType(resource);
        var text = type switch
        {
            "Condition" => Join(FhirJson.ConceptText(resource.Prop("code"u8)), Since(resource.Str("onsetDateTime"u8)),
                resource.Prop("clinicalStatus"u8)?.First("coding"u8)?.Str("code"u8) is "resolved" or "remission" or "inactive" ? "（" + FhirJson.ConceptText(resource.Prop("clinicalStatus"u8)) + "）" : null),
            "AllergyIntolerance" => Join(FhirJson.ConceptText(resource.Prop("code"u8)),
                FhirJson.ConceptText(resource.First("reaction"u8)?.First("manifestation"u8)) is { } reaction ? "（" + reaction + "）" : null),
            "MedicationRequest" or "MedicationStatement" => Join(
                (Drug(resource.Prop("medicationCodeableConcept"u8)) ?? Referenced(resource, resource.Prop("medicationReference"u8), into))?.Display,
                DosageText.Dose(resource.First(type == "MedicationRequest" ? "dosageInstruction"u8 : "dosage"u8)),
                DosageText.Usage(resource.First(type == "MedicationRequest" ? "dosageInstruction"u8 : "dosage"u8))),
            "Observation" => Join(LabItem(resource.Prop("code"u8)).Item?.Display, ObservationValue(resource)),
            "Procedure" => Join(FhirJson.ConceptText(resource.Prop("code"u8)), FhirJson.Date(resource.Str("performedDateTime"u8) ?? resource.Prop("performedPeriod"u8)?.Str("start"u8))?.ToString()),
            "Encounter" => Join(FhirJson.Date(resource.Prop("period"u8)?.Str("start"u8))?.ToString(), "〜",
                FhirJson.Date(resource.Prop("period"u8)?.Str("end"u8))?.ToString(), FhirJson.ConceptText(resource.First("type"u8))),
            "DocumentReference" => resource.Str("description"u8) ?? resource.First("content"u8)?.Prop("attachment"u8)?.Str("title"u8) ?? FhirJson.ConceptText(resource.Prop("type"u8)),
            "Binary" => resource.Str("contentType"u8),
            "Immunization" => Join(FhirJson.ConceptText(resource.Prop("vaccineCode"u8)), FhirJson.Date(resource.Str("occurrenceDateTime"u8))?.ToString()),
            _ => FhirJson.ConceptText(resource.Prop("code"u8)),
        };
        return string.IsNullOrWhiteSpace(text) ? null : new DocumentEntry(type, text);

        static string? Since(string? onset) => FhirJson.Date(onset) is { } date ? date + "〜" : null;
    }

    private static string? ObservationValue(JsonElement r)
    {
        if (r.Prop("valueQuantity"u8) is { ValueKind: JsonValueKind.Object } quantity)
        {
            return Join(quantity.Str("comparator"u8) + quantity.Dec("value"u8)?.ToString(CultureInfo.InvariantCulture),
                UcumDisplay.Display(quantity.Str("unit"u8) ?? quantity.Str("code"u8)));
        }

        return r.Str("valueString"u8) ?? FhirJson.ConceptText(r.Prop("valueCodeableConcept"u8));
    }

    private static string? Join(params string?[] parts) =>
        string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } joined ? joined : null;

    /// <summary>The first PDF a document carries (a Binary, or a DocumentReference's attachment), by its entry index.</summary>
    private static ContentReference? DocumentPdf(JsonElement bundle, string compositionId)
    {
        var index = 0;
        foreach (var entry in bundle.Each("entry"u8))
        {
            if (entry.Prop("resource"u8) is { } resource && PdfOf(resource) is not null)
            {
                return new ContentReference($"Composition/{compositionId}/{index.ToString(CultureInfo.InvariantCulture)}", "application/pdf");
            }

            index++;
        }

        return null;
    }

    /// <summary>The PDF attachment of a DocumentReference, or a PDF Binary itself.</summary>
    internal static JsonElement? PdfOf(JsonElement resource) => ResourceType(resource) switch
    {
        "Binary" when IsPdf(resource.Str("contentType"u8)) => resource,
        "DocumentReference" => resource.Each("content"u8).Select(c => c.Prop("attachment"u8)).FirstOrDefault(a => IsPdf(a?.Str("contentType"u8))),
        _ => null,
    };

    private static bool IsPdf(string? contentType) => contentType?.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// A DocumentReference of any type: a 診療情報提供書, a 退院時サマリー or another document (経過記録,
    /// 看護サマリー…), with its PDF (or image) to open, or its text when the attachment is text.
    /// </summary>
    private static string? MapDocumentReference(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var type = r.Prop("type"u8);
        var (referral, kind) = KindOf(type);
        var id = r.Str("id"u8);
        ContentReference? file = null;
        var sections = new List<ReferralSection>();
        PartialDate? created = null;
        string? title = null;
        foreach (var content in r.Each("content"u8))
        {
            var attachment = content.Prop("attachment"u8);
            var contentType = attachment?.Str("contentType"u8);
            created ??= FhirJson.Date(attachment?.Str("creation"u8));
            title ??= attachment?.Str("title"u8);
            if (file is null && id is not null && (IsPdf(contentType) || contentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true))
            {
                file = new ContentReference($"DocumentReference/{id}", contentType!);
            }
            else if (attachment is { } a && FhirJson.AttachmentText(a) is { } text)
            {
                sections.Add(new ReferralSection(string.Empty, text.Trim()));
            }
        }

        AddDocument(into, referral, kind, source, FhirJson.Date(r.Str("date"u8)) ?? created,
            title ?? r.Str("description"u8) ?? FhirJson.ConceptText(type), Referenced(r, r.First("author"u8), into)?.Display, sections, file);
        return null;
    }

    /// <summary>
    /// A DiagnosticReport that is not a radiology report: a lab report (category LAB / laboratory, or
    /// one that groups results) is a <see cref="LabReport"/>; any other (a note) is a clinical document.
    /// Its text (a text/plain presentedForm) is shown; its first PDF is served by <c>DiagnosticReport/{id}/{n}</c>.
    /// </summary>
    private static string? MapOtherReport(JsonElement r, SourceRef source, RecordAccumulator into)
    {
        var results = r.Each("result"u8).Count();
        var lab = results > 0 || r.Each("category"u8).Any(c => FhirJson.HasCode(c, "LAB", "laboratory")
            || (FhirJson.ConceptText(c)?.Contains("検査", StringComparison.Ordinal) ?? false));
        string? text = null;
        ContentReference? file = null;
        var index = 0;
        var id = r.Str("id"u8);
        foreach (var form in r.Each("presentedForm"u8))
        {
            text ??= FhirJson.AttachmentText(form)?.Trim();
            if (file is null && id is not null && IsPdf(form.Str("contentType"u8)))
            {
                file = new ContentReference($"DiagnosticReport/{id}/{index.ToString(CultureInfo.InvariantCulture)}", "application/pdf");
            }

            index++;
        }

        var conclusion = r.Str("conclusion"u8)
            ?? (string.Join("、", r.Each("conclusionCode"u8).Select(c => FhirJson.ConceptText(c)).OfType<string>()) is { Length: > 0 } codes ? codes : null);
        var date = FhirJson.Date(r.Str("effectiveDateTime"u8) ?? r.Prop("effectivePeriod"u8)?.Str("start"u8) ?? r.Str("issued"u8));
        var title = FhirJson.ConceptText(r.Prop("code"u8));
        if (lab)
        {
            into.LabReports.Add(new LabReport(source, date, title, conclusion, text, results, file));
            return null;
        }

        var sections = new List<ReferralSection>();
        if (text is not null)
        {
            sections.Add(new ReferralSection(string.Empty, text));
        }

        if (conclusion is not null)
        {
            sections.Add(new ReferralSection("結論", conclusion));
        }

        if (sections.Count == 0 && file is null)
        {
            return Ignore(into, source.ResourceType);
        }

        into.Documents.Add(new ClinicalDocument(source, DocumentKind.Other, date, title, Referenced(r, r.First("performer"u8), into)?.Display, sections, file));
        return null;
    }

    /// <summary>
    /// A hospital may send one letter twice: as a FHIR document and as a PDF (a DocumentReference of the
    /// same type and time). Shown once: the structured document, with the PDF to open.
    /// </summary>
    internal static (List<ReferralLetter> Letters, List<ClinicalDocument> Documents) JoinDocumentPdfs(
        IReadOnlyList<ReferralLetter> letters, IReadOnlyList<ClinicalDocument> documents)
    {
        var joinedLetters = Join(letters.ToList(), l => l.Source.ResourceType, l => l.Date, l => l.Attachment, (l, a) => l with { Attachment = a }, _ => string.Empty);
        var joinedDocuments = Join(documents.ToList(), d => d.Source.ResourceType, d => d.Date, d => d.Attachment, (d, a) => d with { Attachment = a }, d => d.Kind.ToString());
        return (joinedLetters, joinedDocuments);

        static List<T> Join<T>(
            List<T> items, Func<T, string> typeOf, Func<T, PartialDate?> dateOf, Func<T, ContentReference?> fileOf,
            Func<T, ContentReference, T> withFile, Func<T, string> kindOf)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (typeOf(items[i]) != "Composition" || fileOf(items[i]) is not null || dateOf(items[i]) is not { Time: not null } date)
                {
                    continue;
                }

                var pdf = items.FindIndex(p => typeOf(p) == "DocumentReference" && fileOf(p) is { ContentType: "application/pdf" }
                    && dateOf(p) == date && kindOf(p) == kindOf(items[i]));
                if (pdf >= 0)
                {
                    items[i] = withFile(items[i], fileOf(items[pdf])!);
                    items.RemoveAt(pdf);
                    i = pdf < i ? i - 1 : i;
                }
            }

            return items;
        }
    }
}
