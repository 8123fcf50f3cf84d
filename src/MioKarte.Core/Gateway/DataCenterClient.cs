using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using System.Text.RegularExpressions;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using MioKarte.Core.Common;
using MioKarte.Core.Hosting;

using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MioKarte.Core.Gateway;

/// <summary>
/// The portal's typed client of the data center (FHIR R4 over mutual TLS). It uses standard FHIR
/// search only (docs/data-center-gateway.md) and returns portal records, never FHIR types.
/// Failures of one facility become <see cref="UnavailableFacility"/> entries, not exceptions.
/// </summary>
public sealed partial class DataCenterClient(
    HttpClient http,
    GatewayTls tls,
    IOptions<DataCenterGatewayOptions> options,
    PortalMetrics metrics,
    ILogger<DataCenterClient> logger)
{
    public const string RequestIdHeader = "X-Request-Id";
    public const string ActingUserHeader = "X-Acting-User";
    public const string ActingFacilityHeader = "X-Acting-Facility";

    private const string FhirMediaType = "application/fhir+json";

    // One search per kind of data the viewer shows; each is plain FHIR R4 search.
    private static readonly (string Type, string DateParameter, string? Extra)[] Searches =
    [
        // Every Observation, of any category, in one search: lab results and vital signs are shown,
        // the others (社会歴, 問診票…) are counted as not shown by category, never silently missed.
        ("Observation", "date", null),
        ("MedicationRequest", "authoredon", null),
        ("ServiceRequest", "authored", null),
        ("ImagingStudy", "started", null),
        ("Media", "created", null),
        ("DiagnosticReport", "date", null),
        // No type filter: every kind of document is shown (診療情報提供書, 退院時サマリー, others), and not every server supports one.
        ("Composition", "date", null),
        ("DocumentReference", "date", null),
        // Clinical facts: 傷病名 and アレルギー・薬剤禁忌, always whole (an allergy recorded ten years
        // ago still matters: TimelessTypes).
        ("Condition", "onset-date", null),
        ("AllergyIntolerance", "date", null),
    ];

    /// <summary>Types searched without the period the record is read for: they stay true until ended.</summary>
    private static readonly HashSet<string> TimelessTypes = new(StringComparer.Ordinal) { "Condition", "AllergyIntolerance" };

    private readonly DataCenterGatewayOptions settings = options.Value;

    /// <summary>
    /// Fetches the patient's records at every linked disclosing facility in parallel. A facility
    /// that fails is listed in <see cref="GatewayResult{T}.Unavailable"/>; the others are returned.
    /// </summary>
    public async Task<GatewayResult<FacilityPatientRecord>> GetSharedRecordsAsync(
        IReadOnlyCollection<LinkedFacilityPatient> links, ActingContext acting, DateOnly? since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        var outcomes = await Task.WhenAll(links.Select(link => FetchOneAsync(link, acting, since, cancellationToken))).ConfigureAwait(false);
        var records = new List<FacilityPatientRecord>();
        var unavailable = new List<UnavailableFacility>();
        var skipped = new List<SkippedResource>();
        foreach (var (record, failure, skips) in outcomes)
        {
            if (record is not null)
            {
                records.Add(record);
            }

            if (failure is not null)
            {
                unavailable.Add(failure);
            }

            skipped.AddRange(skips);
        }

        var result = new GatewayResult<FacilityPatientRecord>(records, unavailable, skipped);
        metrics.RecordLoaded(result.IsComplete ? "complete" : records.Count == 0 && links.Count > 0 ? "failed" : "partial");
        return result;
    }

    private async Task<(FacilityPatientRecord? Record, UnavailableFacility? Failure, IReadOnlyList<SkippedResource> Skipped)> FetchOneAsync(
        LinkedFacilityPatient link, ActingContext acting, DateOnly? since, CancellationToken cancellationToken)
    {
        var accumulator = new RecordAccumulator(link.FacilityCode);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var failure = await FetchFacilityAsync(link, accumulator, acting, since, cancellationToken).ConfigureAwait(false);
            await ReadDocumentsAsync(accumulator, acting, cancellationToken).ConfigureAwait(false);
            await ReadReferencedAsync(accumulator, acting, cancellationToken).ConfigureAwait(false);
            var record = accumulator.Patient is null ? null : new FacilityPatientRecord(link.FacilityCode, link.FacilityName, accumulator.ToRecord());
            metrics.DataCenterRead(link.FacilityCode, System.Diagnostics.Stopwatch.GetElapsedTime(started), failure is null);
            return (record, failure, accumulator.Skipped);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            var error = Classify(ex);
            LogFacilityUnavailable(link.FacilityCode, error.Kind, error.Message);
            metrics.DataCenterRead(link.FacilityCode, System.Diagnostics.Stopwatch.GetElapsedTime(started), succeeded: false);
            return (null, new UnavailableFacility(link.FacilityCode, link.FacilityName, error.Kind, error.Message), accumulator.Skipped);
        }
    }

    /// <summary>
    /// Reads one facility into <paramref name="into"/>. Returns a failure when some kinds of data
    /// could not be read (the others are kept); throws when the patient itself cannot be read.
    /// </summary>
    private async Task<UnavailableFacility?> FetchFacilityAsync(
        LinkedFacilityPatient link, RecordAccumulator into, ActingContext acting, DateOnly? since, CancellationToken cancellationToken)
    {
        var found = await SearchPatientAsync(link.FacilityCode, link.FacilityPatientId, acting, cancellationToken).ConfigureAwait(false);
        into.Patient = found.Patient;
        into.Skipped.AddRange(found.Skipped);
        var centerId = found.Patient?.Source.ResourceId
            ?? throw new DataCenterException(GatewayFailureKind.PatientNotFound, "The linked patient id is not registered at this facility in the data center.");

        var patientRef = "Patient/" + Uri.EscapeDataString(centerId);
        if (settings.UseEverythingOperation)
        {
            var everything = new RecordAccumulator(link.FacilityCode, into.Names);
            var url = $"{patientRef}/$everything?_count={settings.PageSize}" + (since is { } s ? $"&start={s:yyyy-MM-dd}" : string.Empty);
            try
            {
                await SearchAllAsync(url, "$everything", everything, acting, cancellationToken).ConfigureAwait(false);
                everything.Patient = null; // already read by identifier
                into.MergeFrom(everything);
                return null;
            }
            catch (DataCenterException ex) when (ex.Kind == GatewayFailureKind.HttpError)
            {
                // $everything is optional in FHIR: fall back to the per-type searches.
                LogEverythingUnsupported(link.FacilityCode);
            }
        }

        var parts = Searches.Select(async search =>
        {
            var part = new RecordAccumulator(link.FacilityCode, into.Names);
            var dateParameter = DateParameter(search.Type, search.DateParameter);
            var query = $"{search.Type}?patient={Uri.EscapeDataString(patientRef)}&_count={settings.PageSize}"
                + (search.Extra is null ? string.Empty : "&" + search.Extra)
                + (since is { } from && !TimelessTypes.Contains(search.Type) ? $"&{dateParameter}=ge{from:yyyy-MM-dd}" : string.Empty);
            try
            {
                await SearchWindowedAsync(query, search.Type, dateParameter, part, acting, cancellationToken).ConfigureAwait(false);
                return (part, (DataCenterException?)null, search.Type);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                return (part, Classify(ex), search.Type);
            }
        }).ToList();

        var counts = settings.CountNotShownTypes
            ? CountNotShownAsync(patientRef, link.FacilityCode, acting, cancellationToken)
            : Task.FromResult(new List<(string Type, int Count)>());
        var failures = new List<string>();
        GatewayFailureKind? firstKind = null;
        foreach (var (type, count) in await counts.ConfigureAwait(false))
        {
            into.NotShown[type] = into.NotShown.GetValueOrDefault(type) + count;
        }

        foreach (var (part, error, type) in await Task.WhenAll(parts).ConfigureAwait(false))
        {
            into.MergeFrom(part);
            if (error is null)
            {
                continue;
            }

            if (error.Kind == GatewayFailureKind.HttpError && error.Data["NotSupported"] is true)
            {
                // A server that does not support a resource type simply has none of it to share.
                LogTypeUnsupported(link.FacilityCode, type);
                continue;
            }

            firstKind ??= error.Kind;
            failures.Add($"{type}: {error.Message}");
        }

        return firstKind is { } kind
            ? new UnavailableFacility(link.FacilityCode, link.FacilityName, kind, "Part of the data could not be read. " + string.Join(" ", failures))
            : null;
    }

    /// <summary>
    /// How many records of each <see cref="PatientCompartment.NotShownTypes"/> the facility holds for
    /// the patient, by <c>_summary=count</c> (Bundle.total; no entries are transferred). In the
    /// per-type mode nothing else reads them, and the clinician would never learn they exist (a
    /// Synthea patient's 予防接種, 処置, 受診…); <c>$everything</c> returns them, and the mapper
    /// counts them the same way. A server that does not support a type, or a count, has nothing to say about
    /// it: logged, not a failure of the facility (the records the viewer shows are unaffected).
    /// </summary>
    private async Task<List<(string Type, int Count)>> CountNotShownAsync(string patientRef, string facilityCode, ActingContext acting, CancellationToken cancellationToken)
    {
        var counted = await Task.WhenAll(PatientCompartment.NotShownTypes.Select(async type =>
        {
            try
            {
                using var json = await GetJsonAsync(
                    new Uri(http.BaseAddress!, $"{type}?patient={Uri.EscapeDataString(patientRef)}&_summary=count"), acting, cancellationToken).ConfigureAwait(false);
                return (type, Total(json.RootElement) is { } total ? (int)Math.Min(total, int.MaxValue) : 0);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                LogCountUnavailable(facilityCode, type, Classify(ex).Kind);
                return (type, 0);
            }
        })).ConfigureAwait(false);
        return counted.Where(c => c.Item2 > 0).ToList();
    }

    /// <summary>
    /// Each Composition found is read as its whole FHIR document (<c>Composition/{id}/$document</c>):
    /// the sections' entries and the attached PDF live in the document, not in the Composition. A
    /// server without <c>$document</c> (or a document it cannot give) leaves the Composition's own
    /// narrative shown, and says so in the log.
    /// </summary>
    private async Task ReadDocumentsAsync(RecordAccumulator into, ActingContext acting, CancellationToken cancellationToken)
    {
        var compositions = into.ReferralLetters.Select(l => l.Source).Concat(into.Documents.Select(d => d.Source))
            .Where(s => s.ResourceType == "Composition" && s.ResourceId.Length > 0)
            .Select(s => s.ResourceId).Distinct(StringComparer.Ordinal).ToList();
        var documents = await ReadEachAsync(
            compositions.Select(id => $"Composition/{Uri.EscapeDataString(id)}/$document").ToList(), acting,
            (path, _) => LogDocumentUnavailable(into.FacilityCode, path), cancellationToken).ConfigureAwait(false);
        foreach (var (id, (path, document)) in compositions.Zip(documents))
        {
            using (document)
            {
                if (document is not null && !FhirRecordMapper.MapDocument(document.RootElement, id, into))
                {
                    LogDocumentUnavailable(into.FacilityCode, path);
                }
            }
        }
    }

    /// <summary>
    /// Reads the Medication, Practitioner, PractitionerRole and Organization resources the load
    /// refers to but did not return (a search returns only its own type unless the server is asked
    /// for <c>_include</c>, which not every server supports): one standard read each, a few at a
    /// time, at most <see cref="MaxReferenceReads"/> per load; a role's practitioner in a second
    /// round. The names go into the load's <see cref="ReferenceNames"/>, so the cached record carries
    /// them. A reference that cannot be read stays unnamed (the drug shows as 薬剤名不明, counted) and
    /// never fails the facility. Only the center's own references are read, never another host.
    /// </summary>
    private async Task ReadReferencedAsync(RecordAccumulator into, ActingContext acting, CancellationToken cancellationToken)
    {
        var tried = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < 2; round++)
        {
            var wanted = into.UnnamedReferences().Select(CenterReference).OfType<string>()
                .Where(r => tried.Count < MaxReferenceReads && tried.Add(r)).ToList();
            if (wanted.Count == 0)
            {
                return;
            }

            // Logged by type only: the id could tie a drug to a patient in the log.
            var documents = await ReadEachAsync(wanted, acting,
                (reference, ex) => LogReferenceUnread(into.FacilityCode, TypeOf(reference), Classify(ex).Kind), cancellationToken).ConfigureAwait(false);
            var read = 0;
            foreach (var (reference, document) in documents)
            {
                using (document)
                {
                    if (document?.RootElement.Str("resourceType"u8) is { } type && type == TypeOf(reference))
                    {
                        into.Names.Add(type, document.RootElement, reference);
                        read++;
                    }
                }
            }

            LogReferencesRead(into.FacilityCode, read, wanted.Count);
        }
    }

    /// <summary>At most this many referenced resources are read for one facility's load.</summary>
    internal const int MaxReferenceReads = 200;

    /// <summary>How many of the reads that follow a load's searches go to the center at once.</summary>
    private const int ReadsAtOnce = 4;

    private static string TypeOf(string reference) => reference[..reference.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>
    /// GETs each of <paramref name="paths"/> at the center, <see cref="ReadsAtOnce"/> at a time: the
    /// reads after a load's searches (documents, referenced names). A read that fails gives null and
    /// is told to <paramref name="failed"/>; it never fails the facility.
    /// </summary>
    private async Task<(string Path, JsonDocument? Json)[]> ReadEachAsync(
        IReadOnlyList<string> paths, ActingContext acting, Action<string, Exception> failed, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(ReadsAtOnce);
        return await Task.WhenAll(paths.Select(async path =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (path, (JsonDocument?)await GetJsonAsync(new Uri(http.BaseAddress!, path), acting, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                failed(path, ex);
                return (path, null);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>Type/id</c> of a supporting resource at this center (relative, or absolute under the
    /// center's base address); null for anything else (another host, a <c>urn:</c>, another type).
    /// </summary>
    private string? CenterReference(string reference)
    {
        var baseAddress = http.BaseAddress!.AbsoluteUri;
        var relative = reference.StartsWith(baseAddress, StringComparison.Ordinal) ? reference[baseAddress.Length..] : reference;
        return SupportingReference().IsMatch(relative) ? relative : null;
    }

    [GeneratedRegex("^(Medication|Practitioner|PractitionerRole|Organization)/[A-Za-z0-9.-]{1,64}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SupportingReference();

    private string DateParameter(string type, string standard) =>
        settings.DateSearchParameters.TryGetValue(type, out var configured) ? configured : standard;

    /// <summary>
    /// Finds a patient by the facility's JP Core patient-id system
    /// (<c>urn:oid:1.2.392.100495.20.3.51.1</c> + 10-digit 保険医療機関番号). Used when linking a patient.
    /// </summary>
    public async Task<PatientDemographics?> FindPatientAsync(
        string facilityCode, string facilityPatientId, ActingContext acting, CancellationToken cancellationToken) =>
        (await SearchPatientAsync(facilityCode, facilityPatientId, acting, cancellationToken).ConfigureAwait(false)).Patient;

    /// <summary>
    /// Finds the patients of one disclosing facility with this birth date, sex and (when given) name
    /// part by standard FHIR R4 Patient search (<c>identifier={facility system}|&amp;birthdate=&amp;gender=[&amp;name=]</c>):
    /// the emergency search when the facility's patient id is not at hand. One page of at most 50.
    /// <paramref name="namePart"/> must be one part of a name (e.g. the family name): a standard
    /// server's <c>name</c> is a starts-with on one part or the text, never on family and given joined.
    /// The caller compares the names exactly.
    /// </summary>
    public async Task<IReadOnlyList<PatientDemographics>> SearchPatientsAsync(
        string facilityCode, string? namePart, DateOnly birthDate, Sex sex, ActingContext acting, CancellationToken cancellationToken)
    {
        if (!FacilityCode().IsMatch(facilityCode))
        {
            throw new ArgumentException("A facility code (保険医療機関番号) has 10 digits.", nameof(facilityCode));
        }

        var gender = sex switch
        {
            Sex.Male => "male",
            Sex.Female => "female",
            Sex.Other => "other",
            Sex.Unknown => "unknown",
        };
        var query = "Patient?identifier=" + Uri.EscapeDataString(JpCore.PatientIdSystem(facilityCode) + "|")
            + "&birthdate=" + birthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            + "&gender=" + gender + (string.IsNullOrWhiteSpace(namePart) ? string.Empty : "&name=" + Uri.EscapeDataString(namePart.Trim())) + "&_count=50";
        using var page = await GetJsonAsync(new Uri(http.BaseAddress!, query), acting, cancellationToken).ConfigureAwait(false);
        var found = new List<PatientDemographics>();
        foreach (var entry in page.RootElement.Each("entry"u8))
        {
            if (entry.Prop("resource"u8) is { } resource)
            {
                var one = new RecordAccumulator(facilityCode);
                FhirRecordMapper.MapResource(resource, one, s => LogSkipped(s.FacilityCode, s.ResourceType, s.ResourceId, s.Reason));
                if (one.Patient is { } patient)
                {
                    found.Add(patient);
                }
            }
        }

        return found;
    }

    /// <summary>The <c>Patient?identifier=</c> search: its Patient (null when none) and what was skipped.</summary>
    private async Task<RecordAccumulator> SearchPatientAsync(
        string facilityCode, string facilityPatientId, ActingContext acting, CancellationToken cancellationToken)
    {
        if (!FacilityCode().IsMatch(facilityCode))
        {
            throw new ArgumentException("A facility code (保険医療機関番号) has 10 digits.", nameof(facilityCode));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(facilityPatientId);
        var query = "Patient?identifier=" + Uri.EscapeDataString(JpCore.PatientIdSystem(facilityCode) + "|" + facilityPatientId);
        var found = new RecordAccumulator(facilityCode);
        await SearchAllAsync(query, "Patient", found, acting, cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>
    /// Downloads an image or document named by a <see cref="ContentReference"/> from the data
    /// center, so that the browser is served by the portal and never sees the center's URL.
    /// </summary>
    public async Task<(string ContentType, byte[] Content)> GetContentAsync(
        ContentReference reference, ActingContext acting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!ContentId().IsMatch(reference.Id))
        {
            throw new DataCenterException(GatewayFailureKind.InvalidResponse, "This content reference cannot be downloaded (only Media, DocumentReference, DiagnosticReport forms and document entries are).");
        }

        // Media/{id}, DocumentReference/{id}: the resource's attachment; DiagnosticReport/{id}/{n}: its n-th
        // presentedForm; Composition/{id}/{n}: the n-th entry of its document (a Binary or a DocumentReference).
        var parts = reference.Id.Split('/');
        var resourceUrl = parts[0] == "Composition" ? $"Composition/{parts[1]}/$document" : $"{parts[0]}/{parts[1]}";
        using var document = await GetJsonAsync(new Uri(http.BaseAddress!, resourceUrl), acting, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var n = parts.Length > 2 ? int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
        JsonElement? attachment = parts[0] switch
        {
            "Media" => root.Prop("content"u8),
            "DiagnosticReport" => root.Each("presentedForm"u8).Skip(n).Cast<JsonElement?>().FirstOrDefault(),
            "Composition" => root.Each("entry"u8).Skip(n).FirstOrDefault().Prop("resource"u8) is { } entry ? FhirRecordMapper.PdfOf(entry) : null,
            _ => root.Each("content"u8).Select(c => c.Prop("attachment"u8))
                .FirstOrDefault(a => a?.Str("contentType"u8) == reference.ContentType) ?? root.First("content"u8)?.Prop("attachment"u8),
        };
        var contentType = attachment?.Str("contentType"u8) ?? reference.ContentType;
        if (attachment?.Str("data"u8) is { } data)
        {
            return (contentType, Convert.FromBase64String(data));
        }

        if (attachment?.Str("url"u8) is not { } url)
        {
            throw new DataCenterException(GatewayFailureKind.InvalidResponse, "The attachment has neither data nor url.");
        }

        if (parts[0] == "Composition" && root.Each("entry"u8).FirstOrDefault(e => e.Str("fullUrl"u8) == url).Prop("resource"u8)?.Str("data"u8) is { } inDocument)
        {
            // A DocumentReference of the document pointing at a Binary of the same document.
            return (contentType, Convert.FromBase64String(inDocument));
        }

        // Ask for the raw content: a FHIR server answers application/fhir+json with a Binary resource.
        using var request = NewRequest(SameOrigin(url), acting, contentType);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, "Binary");
        return (response.Content.Headers.ContentType?.MediaType ?? contentType, await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Runs a search; when its first page shows a long result (Bundle.total over two pages), reads it
    /// instead as parallel half-open date windows (standard <c>ge</c>/<c>lt</c> on the type's date
    /// parameter), so that a long series arrives over several connections at once rather than one
    /// page after the other. The windows must add up to the first page's total, else the plain
    /// next-link walk is used: a resource without a date matches no window and must not be lost.
    /// </summary>
    private async Task SearchWindowedAsync(
        string relativeUrl, string type, string dateParameter, RecordAccumulator into, ActingContext acting, CancellationToken cancellationToken)
    {
        using var first = await GetJsonAsync(new Uri(http.BaseAddress!, relativeUrl), acting, cancellationToken).ConfigureAwait(false);
        var root = first.RootElement;
        var total = FhirRecordMapper.NextLink(root) is null ? null : Total(root);
        var windows = total is { } t && settings.MaxParallelWindows > 1 && t > 2L * settings.PageSize
            ? await WindowsAsync(relativeUrl, type, dateParameter, (int)Math.Min(settings.MaxParallelWindows, (t + settings.PageSize - 1) / settings.PageSize), acting, cancellationToken).ConfigureAwait(false)
            : [];
        if (windows.Count > 1)
        {
            LogWindows(into.FacilityCode, type, windows.Count);
            var parts = await Task.WhenAll(windows.Select(async window =>
            {
                var part = new RecordAccumulator(into.FacilityCode, into.Names);
                var count = await SearchAllAsync(window, type, part, acting, cancellationToken).ConfigureAwait(false);
                return (part, count);
            })).ConfigureAwait(false);
            if (parts.Sum(p => p.count ?? -1L) == total)
            {
                // Newest window first, the order of a plain search on the reference center.
                foreach (var (part, _) in parts.Reverse())
                {
                    into.MergeFrom(part);
                }

                return;
            }

            LogWindowsIncomplete(into.FacilityCode, type);
        }

        var read = await FollowAsync(first, type, into, acting, cancellationToken).ConfigureAwait(false);
        NotePartlyRead(type, Total(root), read, into);
    }

    /// <summary>
    /// Up to <paramref name="count"/> search URLs that split the search into adjacent half-open date
    /// ranges, oldest first, at day boundaries between the oldest and the newest resource (found with
    /// two standard <c>_sort</c> probes of one entry each). Empty when the server does not tell.
    /// </summary>
    private async Task<List<string>> WindowsAsync(
        string relativeUrl, string type, string dateParameter, int count, ActingContext acting, CancellationToken cancellationToken)
    {
        if (!DateReaders.TryGetValue(type, out var read))
        {
            return [];
        }

        async Task<DateOnly?> ProbeAsync(string sort)
        {
            try
            {
                // One entry is enough; _count may appear only once in a search.
                var url = relativeUrl.Replace($"_count={settings.PageSize}", "_count=1", StringComparison.Ordinal) + "&_sort=" + sort;
                using var probe = await GetJsonAsync(new Uri(http.BaseAddress!, url), acting, cancellationToken).ConfigureAwait(false);
                return probe.RootElement.First("entry"u8)?.Prop("resource"u8) is { } resource ? ParseDay(read(resource)) : null;
            }
            catch (DataCenterException ex) when (ex.Kind is GatewayFailureKind.HttpError or GatewayFailureKind.InvalidResponse)
            {
                // _sort is optional in FHIR: without it, read the search page by page.
                return null;
            }
        }

        var probes = await Task.WhenAll(ProbeAsync(dateParameter), ProbeAsync("-" + dateParameter)).ConfigureAwait(false);
        if (probes is not [{ } oldest, { } newest] || newest.DayNumber - oldest.DayNumber < count)
        {
            return [];
        }

        var span = newest.DayNumber - oldest.DayNumber;
        var bounds = Enumerable.Range(1, count - 1)
            .Select(i => oldest.AddDays((int)((long)span * i / count)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        var windows = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            windows.Add(relativeUrl
                + (i > 0 ? $"&{dateParameter}=ge{bounds[i - 1]}" : string.Empty)
                + (i < count - 1 ? $"&{dateParameter}=lt{bounds[i]}" : string.Empty));
        }

        return windows;
    }

    // Where each searched type keeps the date its standard date parameter searches (FHIR R4).
    private static readonly Dictionary<string, Func<JsonElement, string?>> DateReaders = new(StringComparer.Ordinal)
    {
        ["Observation"] = r => r.Str("effectiveDateTime"u8) ?? r.Str("effectiveInstant"u8) ?? r.Prop("effectivePeriod"u8)?.Str("start"u8),
        ["DiagnosticReport"] = r => r.Str("effectiveDateTime"u8) ?? r.Prop("effectivePeriod"u8)?.Str("start"u8),
        ["MedicationRequest"] = r => r.Str("authoredOn"u8),
        ["ServiceRequest"] = r => r.Str("authoredOn"u8),
        ["ImagingStudy"] = r => r.Str("started"u8),
        ["Media"] = r => r.Str("createdDateTime"u8) ?? r.Prop("createdPeriod"u8)?.Str("start"u8),
        ["Condition"] = r => r.Str("onsetDateTime"u8) ?? r.Prop("onsetPeriod"u8)?.Str("start"u8),
        ["AllergyIntolerance"] = r => r.Str("recordedDate"u8),
    };

    /// <summary>The calendar day of a FHIR date or dateTime; null unless it names a whole day.</summary>
    private static DateOnly? ParseDay(string? value) => FhirJson.Date(value) is { Day: not null } date ? date.SortKey : null;

    private static long? Total(JsonElement bundle) =>
        bundle.Prop("total"u8) is { ValueKind: JsonValueKind.Number } total && total.TryGetInt64(out var value) ? value : null;

    /// <summary>Runs a search and follows its <c>next</c> links; returns the first page's Bundle.total.</summary>
    private async Task<long?> SearchAllAsync(string relativeUrl, string search, RecordAccumulator into, ActingContext acting, CancellationToken cancellationToken)
    {
        using var first = await GetJsonAsync(new Uri(http.BaseAddress!, relativeUrl), acting, cancellationToken).ConfigureAwait(false);
        var total = Total(first.RootElement);
        var read = await FollowAsync(first, search, into, acting, cancellationToken).ConfigureAwait(false);
        NotePartlyRead(search, total, read, into);
        return total;
    }

    /// <summary>
    /// A search that delivered fewer matches than its Bundle.total (a server that reports the total
    /// but sends no <c>next</c> link, or a walk stopped at <c>MaxPages</c>) leaves the facility's
    /// record partly read: marked on the record (a banner names the facility) and logged. A
    /// <paramref name="read"/> of -1 means the walk was stopped at the page limit.
    /// </summary>
    private void NotePartlyRead(string search, long? total, int read, RecordAccumulator into)
    {
        if (read >= 0 && (total is not { } t || read >= t))
        {
            return;
        }

        if (!into.PartlyRead.Contains(search))
        {
            into.PartlyRead.Add(search);
        }

        if (read < 0)
        {
            LogPageLimit(into.FacilityCode, search, settings.MaxPages);
        }
        else
        {
            LogFewerThanTotal(into.FacilityCode, search, read, total!.Value);
        }
    }

    /// <summary>
    /// Maps <paramref name="first"/> and the pages its <c>next</c> links lead to, as each arrives.
    /// Returns the number of search matches read, or -1 when the walk stopped at <c>MaxPages</c>
    /// (what was read is kept).
    /// </summary>
    private async Task<int> FollowAsync(JsonDocument first, string search, RecordAccumulator into, ActingContext acting, CancellationToken cancellationToken)
    {
        var document = first;
        var pages = 1;
        var matches = 0;
        var stopped = false;
        while (true)
        {
            Task<JsonDocument>? pending = null;
            try
            {
                var nextLink = FhirRecordMapper.NextLink(document.RootElement);
                if (nextLink is not null)
                {
                    if (++pages > settings.MaxPages)
                    {
                        // Keep what was read; the record is marked partly read (NotePartlyRead).
                        stopped = true;
                    }
                    else
                    {
                        // Ask for the next page before mapping this one: the center works while we map.
                        pending = GetJsonAsync(SameOrigin(nextLink), acting, cancellationToken);
                    }
                }

                matches += FhirRecordMapper.MapEntries(document.RootElement, into, s => LogSkipped(s.FacilityCode, s.ResourceType, s.ResourceId, s.Reason));
            }
            finally
            {
                // The caller owns (and disposes) the first page.
                if (document != first)
                {
                    document.Dispose();
                }
            }

            if (pending is null)
            {
                return stopped ? -1 : matches;
            }

            document = await pending.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Opens up to <paramref name="connections"/> connections to the data center (TLS handshakes with
    /// the node certificate) and reads its CapabilityStatement on each, so that a freshly started
    /// portal's first record fetch does not pay them. No patient is named, so nothing is audited.
    /// </summary>
    public async Task WarmUpAsync(int connections, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(http.BaseAddress!, "metadata"));
            request.Headers.Accept.ParseAdd(FhirMediaType);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), default, cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    private async Task<JsonDocument> GetJsonAsync(Uri uri, ActingContext acting, CancellationToken cancellationToken)
    {
        using var request = NewRequest(uri, acting);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await ThrowHttpErrorAsync(response, uri.Segments.Length > 0 ? uri.Segments[^1].TrimEnd('/') : string.Empty, cancellationToken).ConfigureAwait(false);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new DataCenterException(GatewayFailureKind.InvalidResponse, "The data center's answer is not valid JSON.", ex);
            }
        }
    }

    private static HttpRequestMessage NewRequest(Uri uri, ActingContext acting, string accept = FhirMediaType)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd(accept);
        // The center checks consent and keeps its own audit trail of who looked at what: the
        // ActingUserAssertionHandler turns this into a signed assertion (or headers) per attempt.
        request.Options.Set(ActingUserAssertionHandler.ActingKey, acting);
        return request;
    }

    /// <summary>
    /// Throws the HTTP error, marking it "not supported" when the server says so: 404, 405, 501, or
    /// an OperationOutcome with issue code <c>not-supported</c> (a type or search it does not serve).
    /// </summary>
    private static async Task ThrowHttpErrorAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var notSupported = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented;
        if (!notSupported && response.StatusCode == HttpStatusCode.BadRequest)
        {
            try
            {
                using var outcome = await JsonDocument.ParseAsync(
                    await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), default, cancellationToken).ConfigureAwait(false);
                notSupported = outcome.RootElement.Each("issue"u8).Any(i => i.Str("code"u8) == "not-supported");
            }
            catch (JsonException)
            {
                // Not an OperationOutcome: a plain error.
            }
        }

        try
        {
            EnsureSuccess(response, what);
        }
        catch (DataCenterException ex)
        {
            ex.Data["NotSupported"] = notSupported;
            throw;
        }
    }

    private static void EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var message = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"The data center refused access ({status} {response.ReasonPhrase}): the portal's certificate or the acting user is not authorised.",
            _ => $"The data center answered {status} {response.ReasonPhrase} to the {what} request.",
        };
        var error = new DataCenterException(GatewayFailureKind.HttpError, message);
        error.Data["Status"] = response.StatusCode;
        throw error;
    }

    /// <summary>A next link or attachment URL must stay on the data center: never follow it elsewhere.</summary>
    private Uri SameOrigin(string link)
    {
        var baseAddress = http.BaseAddress!;
        if (!Uri.TryCreate(baseAddress, link, out var uri)
            || Uri.Compare(uri, baseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0
            || !uri.AbsolutePath.StartsWith(baseAddress.AbsolutePath, StringComparison.Ordinal))
        {
            throw new DataCenterException(GatewayFailureKind.InvalidResponse, "The data center sent a link outside its own base address; not followed.");
        }

        return uri;
    }

    /// <summary>Turns a transport failure into a message that names the problem (no patient data).</summary>
    private DataCenterException Classify(Exception ex)
    {
        switch (ex)
        {
            case DataCenterException known:
                return known;
            case BrokenCircuitException:
                return new DataCenterException(GatewayFailureKind.CircuitOpen, "The data center failed repeatedly; calls are paused for a moment (circuit open).", ex);
            case TimeoutRejectedException or OperationCanceledException or TimeoutException:
                return new DataCenterException(GatewayFailureKind.Timeout, $"The data center did not answer in time (limit {settings.AttemptTimeout.TotalSeconds:0.#} s per attempt).", ex);
            default:
                break;
        }

        var authentication = Find<AuthenticationException>(ex);
        if (authentication is not null)
        {
            if (authentication.Message.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal) && tls.LastServerCertificateFailure is { } reason)
            {
                return new DataCenterException(GatewayFailureKind.ServerCertificateRejected, $"The data center was not trusted: {reason}.", ex);
            }

            return new DataCenterException(GatewayFailureKind.ClientCertificateRejected,
                $"The TLS handshake with the data center failed: the data center rejected the portal's certificate or its TLS settings ({Innermost(authentication).Message}).", ex);
        }

        if (ex is HttpRequestException http)
        {
            switch (http.HttpRequestError)
            {
                case HttpRequestError.SecureConnectionError:
                    return new DataCenterException(GatewayFailureKind.ClientCertificateRejected,
                        $"The TLS connection to the data center failed: the data center rejected the portal's certificate ({Innermost(http).Message}).", ex);
                case HttpRequestError.ResponseEnded when Find<IOException>(ex) is not null:
                    // With TLS 1.3 the server checks the client certificate after the handshake and
                    // closes the connection: the client only sees the stream end.
                    return new DataCenterException(GatewayFailureKind.ClientCertificateRejected,
                        "The data center closed the TLS connection without answering: it most likely rejected the portal's certificate.", ex);
                case HttpRequestError.Unknown when Find<IOException>(ex) is not null && Find<SocketException>(ex) is null or { SocketErrorCode: SocketError.ConnectionReset }:
                    // The same with a server that sends a TLS alert or resets the connection instead
                    // (node's https server, OpenSSL): the request went over an established TLS
                    // connection, then the stream failed before any answer.
                    return new DataCenterException(GatewayFailureKind.ClientCertificateRejected,
                        $"The data center broke off the TLS connection without answering: it most likely rejected the portal's certificate ({Innermost(http).Message}).", ex);
                default:
                    break;
            }

            if (Find<SocketException>(ex) is { } socket)
            {
                return new DataCenterException(GatewayFailureKind.Unreachable, $"The data center could not be reached ({socket.SocketErrorCode}).", ex);
            }

            return new DataCenterException(GatewayFailureKind.Unreachable, $"The data center could not be reached ({http.HttpRequestError}).", ex);
        }

        if (ex is JsonException or FormatException)
        {
            return new DataCenterException(GatewayFailureKind.InvalidResponse, "The data center's answer could not be read.", ex);
        }

        return new DataCenterException(GatewayFailureKind.Unreachable, $"The data center call failed ({ex.GetType().Name}).", ex);
    }

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    [GeneratedRegex("^[0-9]{10}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FacilityCode();

    [GeneratedRegex("^((Media|DocumentReference)/[A-Za-z0-9.-]{1,64}|(DiagnosticReport|Composition)/[A-Za-z0-9.-]{1,64}/[0-9]{1,4})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ContentId();

    // Log messages carry facility codes, resource types and ids only: never names, ids or values of patients.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {ResourceType}/{ResourceId} from facility {FacilityCode}: {Reason}")]
    private partial void LogSkipped(string facilityCode, string resourceType, string? resourceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Facility {FacilityCode} unavailable ({Kind}): {Message}")]
    private partial void LogFacilityUnavailable(string facilityCode, GatewayFailureKind kind, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "The data center does not support $everything for facility {FacilityCode}; using per-type searches")]
    private partial void LogEverythingUnsupported(string facilityCode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the {ResourceType} search at facility {FacilityCode} in {Windows} parallel date windows")]
    private partial void LogWindows(string facilityCode, string resourceType, int windows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Date windows of the {ResourceType} search at facility {FacilityCode} did not add up to its total; read page by page instead")]
    private partial void LogWindowsIncomplete(string facilityCode, string resourceType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Search} search at facility {FacilityCode} returned {Read} of the {Total} entries it reported, without a next link: the record is partly read")]
    private partial void LogFewerThanTotal(string facilityCode, string search, int read, long total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Search} search at facility {FacilityCode} has more than {MaxPages} pages; stopped there: the record is partly read")]
    private partial void LogPageLimit(string facilityCode, string search, int maxPages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The document {Path} at facility {FacilityCode} could not be read; its sections are shown without their entries")]
    private partial void LogDocumentUnavailable(string facilityCode, string path);
    [LoggerMessage(Level = LogLevel.Warning, Message = "A referenced {ResourceType} at facility {FacilityCode} could not be read ({Kind}); its name is not shown")]
    private partial void LogReferenceUnread(string facilityCode, string resourceType, GatewayFailureKind kind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Read {Read} of {Wanted} referenced resources at facility {FacilityCode}")]
    private partial void LogReferencesRead(string facilityCode, int read, int wanted);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {ResourceType} records at facility {FacilityCode} could not be counted ({Kind}); they are not listed as not shown")]
    private partial void LogCountUnavailable(string facilityCode, string resourceType, GatewayFailureKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "The data center does not support {ResourceType} searches for facility {FacilityCode}")]
    private partial void LogTypeUnsupported(string facilityCode, string resourceType);
}
