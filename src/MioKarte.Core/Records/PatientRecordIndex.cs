using MioKarte.Core.Gateway;

namespace MioKarte.Core.Records;

/// <summary>One thing that happened, as a row of the 一連の表 counts it.</summary>
public sealed record RecordItem(
    string Id,
    RecordCategory Category,
    string FacilityCode,
    string FacilityName,
    Guid? PatientLinkId,
    PartialDate? Date,
    string Label,
    object Record)
{
    /// <summary>Whether the item is dated after <paramref name="sinceUtc"/> (Japan time; a same-day date without a time counts as new).</summary>
    public bool IsNewSince(DateTime? sinceUtc)
    {
        if (sinceUtc is not { } since || Date is not { } date)
        {
            return false;
        }

        var local = Hosting.JapanTime.ToLocal(since);
        var sinceDay = DateOnly.FromDateTime(local);
        if (date.Day is null)
        {
            // Only a month or a year: new when that whole period starts after the visit's day.
            return date.SortKey > sinceDay;
        }

        var day = date.SortKey;
        return day > sinceDay || (day == sinceDay && (date.Time is not { } time || time > TimeOnly.FromDateTime(local)));
    }
}

/// <summary>An image study with the pictures a browser can show (JPEG/PNG), gathered from the study and its Media.</summary>
public sealed record ImageStudy(ImageResult Study, IReadOnlyList<RecordContent> Pictures);

/// <summary>An image or document the portal serves, by opaque id.</summary>
public sealed record RecordContent(string Id, ContentReference Reference, string FacilityCode, string ItemId);

/// <summary>A 読影レポート with the image studies it refers to (same facility).</summary>
public sealed record ReportWithImages(RadiologyReport Report, IReadOnlyList<RecordItem> Studies);

/// <summary>A 診療情報提供書 with its PDF, if it came as one.</summary>
public sealed record LetterWithDocument(ReferralLetter Letter, RecordContent? Document);

/// <summary>A 退院時サマリー or another clinical document, with its PDF (or image) if it has one.</summary>
public sealed record DocumentWithFile(ClinicalDocument Document, RecordContent? File);

/// <summary>A 検査レポート with its PDF if it has one.</summary>
public sealed record LabReportWithFile(LabReport Report, RecordContent? File);

/// <summary>A disclosing facility in the record (code and name), and the link it came through.</summary>
public sealed record RecordFacility(string Code, string Name, Guid? PatientLinkId);

/// <summary>
/// Resources one disclosing facility shared that the viewer does not show yet, counted by FHIR
/// resource type (e.g. Immunization 12), most numerous first.
/// </summary>
public sealed record NotShownRecords(string FacilityCode, string FacilityName, IReadOnlyList<KeyValuePair<string, int>> ByType)
{
    public int Total => ByType.Sum(t => t.Value);
}

/// <summary>A disclosing facility whose answer was partly read, and the searches that were cut short.</summary>
public sealed record PartlyReadFacility(string FacilityCode, string FacilityName, IReadOnlyList<string> Searches);

/// <summary>
/// Everything shared for one viewing facility's patient, merged over the patient's active links and
/// given opaque ids: the items of the 一連の表, the images and documents the portal may serve, and
/// the lab items for trends. Any id looked up here belongs to this patient or is not found.
/// </summary>
public sealed class PatientRecordIndex
{
    private readonly Dictionary<string, RecordItem> byId;
    private readonly Dictionary<string, RecordContent> contents;

    // Lab results by lab item, oldest first: built on the first trend or 前回値 asked of this (cached)
    // index, so a detail pane does not hash every lab result of a heavy patient again.
    private readonly Lazy<Dictionary<string, List<RecordItem>>> labResultsByItem;

    private PatientRecordIndex(
        IReadOnlyList<RecordItem> items, Dictionary<string, RecordContent> contents, IReadOnlyList<RecordFacility> facilities,
        IReadOnlyList<UnavailableFacility> unavailable, int skipped, PatientDemographics? demographics,
        IReadOnlyList<NotShownRecords> notShown, IReadOnlyList<PartlyReadFacility> partlyRead)
    {
        NotShown = notShown;
        PartlyRead = partlyRead;
        Items = items;
        Demographics = demographics;
        byId = new Dictionary<string, RecordItem>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            byId.TryAdd(item.Id, item);
        }

        this.contents = contents;
        labResultsByItem = new(() => GroupLabResults(items));
        Facilities = facilities;
        Unavailable = unavailable;
        SkippedCount = skipped;
    }

    /// <summary>Every item, oldest first (undated last).</summary>
    public IReadOnlyList<RecordItem> Items { get; }

    public IReadOnlyList<RecordFacility> Facilities { get; }

    /// <summary>
    /// The patient as the first disclosing facility that answered knows them: what an emergency view
    /// heads its page with, since such a patient has no record of the viewing facility's own.
    /// </summary>
    public PatientDemographics? Demographics { get; }

    /// <summary>Facilities that could not be read this time (shown as a banner).</summary>
    public IReadOnlyList<UnavailableFacility> Unavailable { get; }

    /// <summary>Resources the gateway could not read (counted only).</summary>
    public int SkippedCount { get; }

    /// <summary>Per facility, resources of kinds the viewer does not show yet (counted by type, shown as a notice).</summary>
    public IReadOnlyList<NotShownRecords> NotShown { get; }

    /// <summary>How many resources are not shown, over every facility.</summary>
    public int NotShownTotal => NotShown.Sum(n => n.Total);

    /// <summary>The not-shown counts of every facility added up by type, most numerous first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> NotShownByType => NotShown.SelectMany(n => n.ByType)
        .GroupBy(t => t.Key, StringComparer.Ordinal)
        .Select(g => new KeyValuePair<string, int>(g.Key, g.Sum(t => t.Value)))
        .OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)
        .ToList();

    /// <summary>Facilities whose answer was partly read (shown as a banner naming each).</summary>
    public IReadOnlyList<PartlyReadFacility> PartlyRead { get; }

    private PatientSummary? summary;

    /// <summary>The 患者サマリー of this record, built once (the index is cached, so once per fetch).</summary>
    public PatientSummary Summary => summary ??= PatientSummary.Build(this);

    /// <summary>The patient died, as a disclosing facility says (Patient.deceased[x]); null when none says so.</summary>
    public PatientDeath? Death { get; private init; }

    /// <summary>The vital signs of one kind (<see cref="VitalText.TrendId"/>), across facilities, oldest first.</summary>
    public IEnumerable<RecordItem> VitalSignsOf(string trendId) =>
        Items.Where(i => i.Record is VitalSign v && VitalText.TrendId(v) == trendId);

    public RecordItem? Find(string? id) => id is not null && byId.TryGetValue(id, out var item) ? item : null;

    public RecordContent? FindContent(string? id) => id is not null && contents.TryGetValue(id, out var content) ? content : null;

    /// <summary>The lab results of one lab item (<see cref="LabItemKey"/>), across facilities.</summary>
    public IReadOnlyList<RecordItem> LabResultsOf(string labItemId) =>
        labResultsByItem.Value.TryGetValue(labItemId, out var results) ? results : [];

    private static Dictionary<string, List<RecordItem>> GroupLabResults(IReadOnlyList<RecordItem> items)
    {
        var byItem = new Dictionary<string, List<RecordItem>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Category == RecordCategory.LabResult)
            {
                var id = LabItemId((LabResult)item.Record);
                if (!byItem.TryGetValue(id, out var list))
                {
                    byItem[id] = list = [];
                }

                list.Add(item);
            }
        }

        return byItem;
    }

    /// <summary>
    /// Builds the index. <paramref name="linkOf"/> names the patient link a facility's record came
    /// through (by facility code and the facility's patient id, when the record says it).
    /// </summary>
    public static PatientRecordIndex Build(GatewayResult<FacilityPatientRecord> result, Func<string, string?, Guid?> linkOf)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(linkOf);
        var items = new List<RecordItem>();
        var contents = new Dictionary<string, RecordContent>(StringComparer.Ordinal);
        var facilities = new List<RecordFacility>();
        var notShown = new List<NotShownRecords>();
        var partlyRead = new List<PartlyReadFacility>();
        foreach (var facility in result.Items)
        {
            if (facility.Record.NotShown is { Count: > 0 } counts)
            {
                notShown.Add(new NotShownRecords(facility.FacilityCode, facility.FacilityName, counts
                    .Where(c => c.Value > 0)
                    .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList()));
            }

            if (facility.Record.PartlyRead is { Count: > 0 } searches)
            {
                partlyRead.Add(new PartlyReadFacility(facility.FacilityCode, facility.FacilityName, searches));
            }

            var link = linkOf(facility.FacilityCode, facility.Record.Patient?.FacilityPatientId);
            if (!facilities.Any(f => f.Code == facility.FacilityCode))
            {
                facilities.Add(new RecordFacility(facility.FacilityCode, facility.FacilityName, link));
            }

            AddFacility(facility, link, items, contents);
        }

        items.Sort(static (a, b) => (a.Date, b.Date) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            ({ } x, { } y) => x.CompareTo(y),
        });
        var demographics = result.Items.Select(f => f.Record.Patient).FirstOrDefault(p => p is not null);
        // Any facility that says the patient died is believed; one that gives the date is preferred.
        var deaths = result.Items.Select(f => f.Record.Patient?.Death).OfType<PatientDeath>().ToList();
        return new PatientRecordIndex(items, contents, facilities, result.Unavailable, result.Skipped.Count, demographics, notShown, partlyRead)
        {
            Death = deaths.FirstOrDefault(d => d.Date is not null) ?? deaths.FirstOrDefault(),
        };
    }

    /// <summary>What makes two lab results the same item: the JLAC10 code (across facilities), else the facility's own code or name.</summary>
    public static string LabItemKey(LabResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IsJlac10 && result.Item.Code is { } jlac
            ? "jlac10|" + jlac
            : $"{result.Source.FacilityCode}|{result.Item.System}|{result.Item.Code ?? result.Item.Display}";
    }

    public static string LabItemId(LabResult result) => RecordIds.For("lab", "", LabItemKey(result));

    private static void AddFacility(FacilityPatientRecord facility, Guid? link, List<RecordItem> items, Dictionary<string, RecordContent> contents)
    {
        var code = facility.FacilityCode;
        var name = facility.FacilityName;
        var record = facility.Record;
        RecordItem Item(RecordCategory category, SourceRef source, PartialDate? date, string label, object value) =>
            new(RecordIds.For(source.ResourceType, code, source.ResourceId + "#" + category), category, code, name, link, date, label, value);

        foreach (var p in record.Prescriptions)
        {
            items.Add(Item(RecordCategory.Prescription, p.Source, p.OrderDate, p.Medication.Drug.Display, p));
        }

        foreach (var p in record.Injections)
        {
            items.Add(Item(RecordCategory.Injection, p.Source, p.OrderDate, p.Medication.Drug.Display, p));
        }

        foreach (var o in record.LabOrders)
        {
            items.Add(Item(RecordCategory.LabOrder, o.Source, o.OrderDate, o.Test.Display, o));
        }

        foreach (var r in record.LabResults)
        {
            items.Add(Item(RecordCategory.LabResult, r.Source, r.SpecimenDate, r.Item.Display, r));
        }

        foreach (var o in record.ImagingOrders)
        {
            items.Add(Item(RecordCategory.ImagingOrder, o.Source, o.OrderDate, Join(o.Modality, o.Procedure.Display), o));
        }

        // Image studies: a study gathers the JPEG pictures (Media) that say they are part of it; a
        // picture of no known study is a study of its own.
        var studies = record.Images.Where(i => i.Source.ResourceType == "ImagingStudy")
            .ToDictionary(i => "ImagingStudy/" + i.Source.ResourceId, StringComparer.Ordinal);
        var picturesOf = record.Images
            .Where(i => i.Source.ResourceType != "ImagingStudy" && i.StudyReference is { } s && studies.ContainsKey(s))
            .GroupBy(i => i.StudyReference!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var studyItems = new Dictionary<string, RecordItem>(StringComparer.Ordinal);
        foreach (var image in record.Images)
        {
            var reference = "ImagingStudy/" + image.Source.ResourceId;
            var isStudy = image.Source.ResourceType == "ImagingStudy";
            if (!isStudy && image.StudyReference is { } s && studies.ContainsKey(s))
            {
                continue; // shown with its study (reports that name the picture find the study below)
            }

            var id = RecordIds.For(image.Source.ResourceType, code, image.Source.ResourceId + "#" + RecordCategory.Image);
            var sources = isStudy && picturesOf.TryGetValue(reference, out var media) ? media.Prepend(image) : [image];
            var pictures = new List<RecordContent>();
            foreach (var content in sources.SelectMany(i => i.Images).Where(c => IsPicture(c.ContentType)))
            {
                var picture = new RecordContent(RecordIds.For("content", code, content.Id), content, code, id);
                contents.TryAdd(picture.Id, picture);
                pictures.Add(picture);
            }

            var item = new RecordItem(id, RecordCategory.Image, code, name, link, image.StudyDate,
                Join(image.Modality, image.BodyPart ?? image.Description), new ImageStudy(image, pictures));
            items.Add(item);
            studyItems[image.Source.ResourceType + "/" + image.Source.ResourceId] = item;
        }

        foreach (var (study, media) in picturesOf)
        {
            foreach (var picture in media)
            {
                studyItems.TryAdd("Media/" + picture.Source.ResourceId, studyItems[study]);
            }
        }

        foreach (var r in record.RadiologyReports)
        {
            var linked = r.LinkedImageStudies.Select(s => studyItems.GetValueOrDefault(s)).OfType<RecordItem>().Distinct().ToList();
            items.Add(Item(RecordCategory.RadiologyReport, r.Source, r.ReportDate, r.Title ?? r.Diagnosis ?? "読影レポート", new ReportWithImages(r, linked)));
        }

        foreach (var l in record.ReferralLetters)
        {
            var item = Item(RecordCategory.ReferralLetter, l.Source, l.Date, l.Title ?? "診療情報提供書", l);
            items.Add(item with { Record = new LetterWithDocument(l, Content(l.Attachment, item.Id)) });
        }

        foreach (var d in record.Documents ?? [])
        {
            var (category, fallback) = d.Kind == DocumentKind.DischargeSummary ? (RecordCategory.DischargeSummary, "退院時サマリー") : (RecordCategory.ClinicalDocument, "文書");
            var item = Item(category, d.Source, d.Date, d.Title ?? fallback, d);
            items.Add(item with { Record = new DocumentWithFile(d, Content(d.Attachment, item.Id)) });
        }

        foreach (var r in record.LabReports ?? [])
        {
            var item = Item(RecordCategory.LabReport, r.Source, r.Date, r.Title ?? "検査レポート", r);
            items.Add(item with { Record = new LabReportWithFile(r, Content(r.Attachment, item.Id)) });
        }

        // A PDF or image of a document: served by opaque id, only as part of this patient's record.
        RecordContent? Content(ContentReference? attachment, string itemId)
        {
            if (attachment is null)
            {
                return null;
            }

            var content = new RecordContent(RecordIds.For("content", code, attachment.Id), attachment, code, itemId);
            contents.TryAdd(content.Id, content);
            return content;
        }

        AddClinicalFacts(record, Item, items);
    }

    /// <summary>傷病名, アレルギー・薬剤禁忌 and vital signs as rows of the table (the summary reads them from the same items).</summary>
    private static void AddClinicalFacts(
        SharedPatientRecord record, Func<RecordCategory, SourceRef, PartialDate?, string, object, RecordItem> item, List<RecordItem> items)
    {
        foreach (var d in record.Diagnoses ?? [])
        {
            items.Add(item(RecordCategory.Diagnosis, d.Source, d.Date, d.Suspected ? d.Name.Display + "（疑い）" : d.Name.Display, d));
        }

        foreach (var a in record.Allergies ?? [])
        {
            items.Add(item(RecordCategory.Allergy, a.Source, a.Recorded, a.Substance.Display, a));
        }

        foreach (var v in record.VitalSigns ?? [])
        {
            items.Add(item(RecordCategory.VitalSign, v.Source, v.Date, VitalText.Name(v), v));
        }
    }

    private static bool IsPicture(string contentType) =>
        contentType.StartsWith("image/jpeg", StringComparison.OrdinalIgnoreCase) || contentType.StartsWith("image/png", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("image/jpg", StringComparison.OrdinalIgnoreCase);

    private static string Join(string? first, string? second) =>
        string.Join(' ', new[] { first, second }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } text
            ? text
            : "—";
}
