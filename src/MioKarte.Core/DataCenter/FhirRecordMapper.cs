using System.Text.Json;

namespace MioKarte.Core.DataCenter;

/// <summary>
/// Collects the portal records mapped from the pages of one facility. A resource that cannot be
/// mapped is skipped and reported by type and id; the rest of the page is kept.
/// </summary>
public sealed class RecordAccumulator(string facilityCode)
{
    public string FacilityCode { get; } = facilityCode;

    public PatientDemographics? Patient { get; internal set; }

    public List<PrescriptionOrder> Prescriptions { get; } = [];

    public List<InjectionOrder> Injections { get; } = [];

    public List<LabOrder> LabOrders { get; } = [];

    public List<LabResult> LabResults { get; } = [];

    public List<ImagingOrder> ImagingOrders { get; } = [];

    public List<ImageResult> Images { get; } = [];

    public List<RadiologyReport> RadiologyReports { get; } = [];

    public List<ReferralLetter> ReferralLetters { get; } = [];

    public List<SkippedResource> Skipped { get; } = [];

    /// <summary>Resources seen but not shown by the viewer (e.g. vital signs): not an error.</summary>
    public int Ignored { get; internal set; }

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
        Skipped.AddRange(other.Skipped);
        Ignored += other.Ignored;
    }

    public SharedPatientRecord ToRecord() => new(
        Patient, Prescriptions, Injections, LabOrders, LabResults, ImagingOrders, Images, RadiologyReports, ReferralLetters);
}

/// <summary>
/// Maps FHIR R4 / JP Core resources (as JSON) to portal records. Works on System.Text.Json
/// elements directly: measured several times faster than materialising Firely POCOs
/// (docs/performance.md), and it never fails a page for one odd resource.
/// </summary>
public static class FhirRecordMapper
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
        if (bundle.ValueKind != JsonValueKind.Object || bundle.Str("resourceType") != "Bundle")
        {
            throw new DataCenterException(GatewayFailureKind.InvalidResponse, "The data center's answer is not a FHIR Bundle.");
        }

        foreach (var link in bundle.Each("link"))
        {
            if (link.Str("relation") == "next")
            {
                return link.Str("url");
            }
        }

        return null;
    }

    /// <summary>Maps the entries of a Bundle page; never throws for one resource.</summary>
    public static void MapEntries(JsonElement bundle, RecordAccumulator into, Action<SkippedResource>? onSkipped = null)
    {
        ArgumentNullException.ThrowIfNull(into);
        foreach (var entry in bundle.Each("entry"))
        {
            if (entry.Prop("search")?.Str("mode") == "outcome" || entry.Prop("resource") is not { ValueKind: JsonValueKind.Object } resource)
            {
                continue;
            }

            MapResource(resource, into, onSkipped);
        }
    }

    /// <summary>Maps one resource; on a mapping failure records it as skipped (type and id only).</summary>
    public static void MapResource(JsonElement resource, RecordAccumulator into, Action<SkippedResource>? onSkipped = null)
    {
        ArgumentNullException.ThrowIfNull(into);
        var type = resource.Str("resourceType") ?? "(no resourceType)";
        var id = resource.Str("id");
        string? problem;
        try
        {
            problem = type switch
            {
                "Patient" => MapPatient(resource, into),
                "MedicationRequest" => MapMedicationRequest(resource, into),
                "ServiceRequest" => MapServiceRequest(resource, into),
                "Observation" => MapObservation(resource, into),
                "ImagingStudy" => MapImagingStudy(resource, into),
                "Media" => MapMedia(resource, into),
                "DiagnosticReport" => MapDiagnosticReport(resource, into),
                "Composition" => MapComposition(resource, into),
                "DocumentReference" => MapDocumentReference(resource, into),
                _ => Ignore(into),
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

    private static string? Ignore(RecordAccumulator into)
    {
        into.Ignored++;
        return null;
    }

    private static SourceRef Source(JsonElement resource, RecordAccumulator into) =>
        new(into.FacilityCode, resource.Str("resourceType")!, resource.Str("id") ?? string.Empty);

    private static string? MapPatient(JsonElement r, RecordAccumulator into)
    {
        var facilitySystem = FhirJson.JpPatientIdSystemPrefix + into.FacilityCode;
        string? patientId = null;
        foreach (var identifier in r.Each("identifier"))
        {
            var system = identifier.Str("system");
            if (system == facilitySystem || (patientId is null && system?.StartsWith(FhirJson.JpPatientIdSystemPrefix, StringComparison.Ordinal) == true))
            {
                patientId = identifier.Str("value");
            }
        }

        patientId ??= r.First("identifier")?.Str("value") ?? r.Str("id");

        // JP Core tells kanji (IDE) from kana (SYL) with the iso21090-EN-representation extension.
        string? kanji = null, kana = null, other = null;
        foreach (var name in r.Each("name"))
        {
            var text = name.Str("text") ?? JoinName(name);
            if (text is null)
            {
                continue;
            }

            var representation = name.Each("extension")
                .FirstOrDefault(e => e.Str("url")?.EndsWith("iso21090-EN-representation", StringComparison.Ordinal) == true)
                .Str("valueCode");
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

        var sex = r.Str("gender") switch
        {
            "male" => Sex.Male,
            "female" => Sex.Female,
            "other" => Sex.Other,
            _ => Sex.Unknown,
        };
        into.Patient ??= new PatientDemographics(
            Source(r, into), patientId ?? string.Empty, kanji ?? other, kana, sex, FhirJson.Date(r.Str("birthDate")));
        return null;
    }

    private static string? JoinName(JsonElement name)
    {
        var family = name.Str("family");
        var given = string.Join(" ", name.Each("given").Where(g => g.ValueKind == JsonValueKind.String).Select(g => g.GetString()));
        var joined = string.Join(" ", new[] { family, given }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return joined.Length == 0 ? null : joined;
    }

    private static string? MapMedicationRequest(JsonElement r, RecordAccumulator into)
    {
        var drug = FhirJson.Concept(r.Prop("medicationCodeableConcept"), IsDrugSystem)
            ?? (FhirJson.ReferenceText(r.Prop("medicationReference")) is { } referenced ? new CodedItem(null, null, referenced) : null);
        if (drug is null)
        {
            return "no medication";
        }

        var dosage = r.First("dosageInstruction");
        var doseAndRate = dosage?.First("doseAndRate");
        var dose = doseAndRate?.Prop("doseQuantity");
        var supply = r.Prop("dispenseRequest");
        var duration = supply?.Prop("expectedSupplyDuration");
        var quantity = supply?.Prop("quantity");
        var route = FhirJson.ConceptText(dosage?.Prop("route"));
        var dosageText = dosage?.Str("text") ?? FhirJson.ConceptText(dosage?.Prop("timing")?.Prop("code"));
        var days = duration?.Dec("value") is { } d && d is >= 0 and <= 10000 ? (int?)decimal.ToInt32(decimal.Round(d)) : null;
        var line = new MedicationLine(
            drug,
            dose?.Dec("value"),
            dose?.Str("unit") ?? dose?.Str("code"),
            dosageText,
            days,
            quantity?.Dec("value"),
            quantity?.Str("unit") ?? quantity?.Str("code"),
            route);
        var date = FhirJson.Date(r.Str("authoredOn"));
        var prescriber = FhirJson.ReferenceText(r.Prop("requester"));
        var department = Department(r);
        if (IsInjection(r, route))
        {
            into.Injections.Add(new InjectionOrder(Source(r, into), date, line, prescriber, department, r.Str("status")));
        }
        else
        {
            into.Prescriptions.Add(new PrescriptionOrder(Source(r, into), date, line, prescriber, department, r.Str("status")));
        }

        return null;
    }

    private static bool IsDrugSystem(string? system) =>
        system is not null && (system == FhirJson.YjSystem || system.StartsWith(FhirJson.HotSystemPrefix, StringComparison.Ordinal));

    /// <summary>
    /// JP Core has a separate profile for injections; exporters also mark them by category or route.
    /// </summary>
    private static bool IsInjection(JsonElement r, string? route)
    {
        foreach (var profile in r.Prop("meta")?.Each("profile") ?? [])
        {
            if (profile.ValueKind == JsonValueKind.String && profile.GetString()!.Contains("Injection", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var category in r.Each("category"))
        {
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
        foreach (var holder in new[] { r, r.Prop("requester") ?? default })
        {
            foreach (var extension in holder.Each("extension"))
            {
                if (extension.Str("url")?.Contains("Department", StringComparison.OrdinalIgnoreCase) == true)
                {
                    return extension.Str("valueString") ?? FhirJson.ConceptText(extension.Prop("valueCodeableConcept"))
                        ?? extension.Prop("valueCoding")?.Str("display") ?? extension.Prop("valueCoding")?.Str("code");
                }
            }
        }

        return null;
    }

    private static string? MapServiceRequest(JsonElement r, RecordAccumulator into)
    {
        var kind = OrderKind(r);
        if (kind == OrderCategory.Other)
        {
            return Ignore(into);
        }

        var test = FhirJson.Concept(r.Prop("code"), s => s == FhirJson.Jlac10System);
        if (test is null)
        {
            return "no order code";
        }

        var date = FhirJson.Date(r.Str("authoredOn") ?? r.Str("occurrenceDateTime"));
        var requester = FhirJson.ReferenceText(r.Prop("requester"));
        if (kind == OrderCategory.Lab)
        {
            into.LabOrders.Add(new LabOrder(Source(r, into), date, test, requester, r.Str("status")));
        }
        else
        {
            var modality = r.Prop("code")?.Each("coding")
                .FirstOrDefault(c => c.Str("system") == "http://dicom.nema.org/resources/ontology/DCM").Str("code");
            into.ImagingOrders.Add(new ImagingOrder(
                Source(r, into), date, test, modality, FhirJson.ConceptText(r.First("bodySite")), requester, r.Str("status")));
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
        foreach (var category in r.Each("category"))
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

    private static string? MapObservation(JsonElement r, RecordAccumulator into)
    {
        var hasCategory = false;
        var isLab = false;
        foreach (var category in r.Each("category"))
        {
            hasCategory = true;
            if (FhirJson.HasCode(category, "laboratory") || (FhirJson.ConceptText(category)?.Contains("検査", StringComparison.Ordinal) ?? false))
            {
                isLab = true;
                break;
            }
        }

        // Vital signs, social history and the like are not lab results; an uncategorised result is.
        if (hasCategory && !isLab)
        {
            return Ignore(into);
        }

        var item = FhirJson.Concept(r.Prop("code"), s => s == FhirJson.Jlac10System);
        if (item is null)
        {
            return "no test code";
        }

        LabValue value;
        string? unit = null;
        if (r.Prop("valueQuantity") is { ValueKind: JsonValueKind.Object } quantity)
        {
            value = new LabValue(quantity.Dec("value"), quantity.Str("comparator"), null);
            unit = quantity.Str("unit") ?? quantity.Str("code");
        }
        else if (r.Str("valueString") is { } text)
        {
            value = new LabValue(null, null, text);
        }
        else if (r.Prop("valueCodeableConcept") is { } concept)
        {
            value = new LabValue(null, null, FhirJson.ConceptText(concept));
        }
        else if (r.Prop("valueInteger") is { ValueKind: JsonValueKind.Number } integer)
        {
            value = new LabValue(integer.GetDecimal(), null, null);
        }
        else if (r.Prop("valueBoolean") is { ValueKind: JsonValueKind.True or JsonValueKind.False } boolean)
        {
            value = new LabValue(null, null, boolean.GetBoolean() ? "true" : "false");
        }
        else
        {
            // No value: keep the row (the item was ordered) with the reason, e.g. "検体不良".
            value = new LabValue(null, null, FhirJson.ConceptText(r.Prop("dataAbsentReason")));
        }

        var isJlac10 = item.System == FhirJson.Jlac10System;
        var date = FhirJson.Date(r.Str("effectiveDateTime") ?? r.Prop("effectivePeriod")?.Str("start") ?? r.Str("issued"));
        into.LabResults.Add(new LabResult(Source(r, into), date, item, isJlac10, value, unit, ReferenceRange(r), Flag(r)));
        return null;
    }

    private static string? ReferenceRange(JsonElement r)
    {
        if (r.First("referenceRange") is not { } range)
        {
            return null;
        }

        if (range.Str("text") is { } text)
        {
            return text;
        }

        var low = range.Prop("low")?.Dec("value");
        var high = range.Prop("high")?.Dec("value");
        if (low is null && high is null)
        {
            return null;
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return $"{low?.ToString(inv)}-{high?.ToString(inv)}";
    }

    private static AbnormalFlag Flag(JsonElement r)
    {
        foreach (var interpretation in r.Each("interpretation"))
        {
            foreach (var coding in interpretation.Each("coding"))
            {
                switch (coding.Str("code"))
                {
                    case "H" or "HH" or "HU" or ">":
                        return AbnormalFlag.High;
                    case "L" or "LL" or "LU" or "<":
                        return AbnormalFlag.Low;
                    case "A" or "AA":
                        return AbnormalFlag.Abnormal;
                    default:
                        break;
                }
            }

            switch (interpretation.Str("text"))
            {
                case "H" or "高":
                    return AbnormalFlag.High;
                case "L" or "低":
                    return AbnormalFlag.Low;
                default:
                    break;
            }
        }

        return AbnormalFlag.None;
    }

    private static string? MapImagingStudy(JsonElement r, RecordAccumulator into)
    {
        var modality = r.First("modality")?.Str("code") ?? r.First("series")?.Prop("modality")?.Str("code");
        var bodyPart = r.Each("series").Select(s => s.Prop("bodySite") is { } b ? b.Str("display") ?? b.Str("code") : null)
            .FirstOrDefault(b => b is not null);
        var images = new List<ContentReference>();
        var id = r.Str("id");
        foreach (var series in r.Each("series"))
        {
            foreach (var instance in series.Each("instance"))
            {
                if (id is not null && instance.Str("uid") is { } uid)
                {
                    images.Add(new ContentReference($"ImagingStudy/{id}/{uid}", "application/dicom"));
                }
            }
        }

        into.Images.Add(new ImageResult(Source(r, into), FhirJson.Date(r.Str("started")), modality, bodyPart, r.Str("description"), images));
        return null;
    }

    /// <summary>A JPG image (Media with image content) is one image result with one reference.</summary>
    private static string? MapMedia(JsonElement r, RecordAccumulator into)
    {
        var content = r.Prop("content");
        var contentType = content?.Str("contentType");
        if (contentType is null || !contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            return Ignore(into);
        }

        var id = r.Str("id");
        if (id is null)
        {
            return "no id";
        }

        into.Images.Add(new ImageResult(
            Source(r, into),
            FhirJson.Date(r.Str("createdDateTime") ?? r.Str("issued")),
            r.Prop("modality") is { } m ? FhirJson.Concept(m)?.Code : null,
            FhirJson.ConceptText(r.Prop("bodySite")),
            content?.Str("title") ?? FhirJson.ConceptText(r.Prop("view")),
            [new ContentReference($"Media/{id}", contentType)]));
        return null;
    }

    private static string? MapDiagnosticReport(JsonElement r, RecordAccumulator into)
    {
        var radiology = r.Each("category").Any(c =>
            FhirJson.HasCode(c, "RAD", "LP29684-5", "18748-4") || (FhirJson.ConceptText(c) is { } t
                && (t.Contains("放射線", StringComparison.Ordinal) || t.Contains("画像", StringComparison.Ordinal) || t.Contains("読影", StringComparison.Ordinal))));
        if (!radiology)
        {
            // Lab reports add nothing the Observations do not already give.
            return Ignore(into);
        }

        string? findings = null;
        foreach (var form in r.Each("presentedForm"))
        {
            findings ??= FhirJson.AttachmentText(form);
        }

        findings ??= FhirJson.NarrativeText(r.Prop("text"));
        var diagnosis = r.Str("conclusion") ?? string.Join("、", r.Each("conclusionCode").Select(c => FhirJson.ConceptText(c)).OfType<string>());
        var linked = r.Each("imagingStudy").Select(s => s.Str("reference"))
            .Concat(r.Each("media").Select(m => m.Prop("link")?.Str("reference")))
            .OfType<string>().ToList();
        into.RadiologyReports.Add(new RadiologyReport(
            Source(r, into),
            FhirJson.Date(r.Str("effectiveDateTime") ?? r.Prop("effectivePeriod")?.Str("start") ?? r.Str("issued")),
            FhirJson.ConceptText(r.Prop("code")),
            findings,
            string.IsNullOrEmpty(diagnosis) ? null : diagnosis,
            linked));
        return null;
    }

    private static string? MapComposition(JsonElement r, RecordAccumulator into)
    {
        var sections = new List<ReferralSection>();
        AddSections(r, sections);
        into.ReferralLetters.Add(new ReferralLetter(
            Source(r, into),
            FhirJson.Date(r.Str("date")),
            r.Str("title") ?? FhirJson.ConceptText(r.Prop("type")),
            FhirJson.ReferenceText(r.First("author")),
            sections,
            null));
        return null;
    }

    private static void AddSections(JsonElement holder, List<ReferralSection> sections)
    {
        foreach (var section in holder.Each("section"))
        {
            var title = section.Str("title") ?? FhirJson.ConceptText(section.Prop("code")) ?? string.Empty;
            var text = FhirJson.NarrativeText(section.Prop("text"));
            if (text is not null)
            {
                sections.Add(new ReferralSection(title, text));
            }

            AddSections(section, sections);
        }
    }

    private static string? MapDocumentReference(JsonElement r, RecordAccumulator into)
    {
        var type = r.Prop("type");
        var isReferral = FhirJson.HasCode(type, "57133-1") || (FhirJson.ConceptText(type)?.Contains("診療情報提供書", StringComparison.Ordinal) ?? false);
        if (!isReferral)
        {
            return Ignore(into);
        }

        var id = r.Str("id");
        var attachment = r.First("content")?.Prop("attachment");
        var contentType = attachment?.Str("contentType");
        if (id is null || contentType is null)
        {
            return "no attachment";
        }

        into.ReferralLetters.Add(new ReferralLetter(
            Source(r, into),
            FhirJson.Date(r.Str("date") ?? attachment?.Str("creation")),
            attachment?.Str("title") ?? r.Str("description") ?? FhirJson.ConceptText(type),
            FhirJson.ReferenceText(r.First("author")),
            [],
            new ContentReference($"DocumentReference/{id}", contentType)));
        return null;
    }
}
