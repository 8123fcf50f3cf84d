using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

using MioKarte.Core.Gateway;
using MioKarte.Tests.Shared;

namespace MioKarte.IntegrationTests.DataCenter;

/// <summary>
/// What hospitals send, as they send it: FHIR documents posted to <c>[base]/Bundle</c>, records that
/// name the patient by a logical identifier, and the bounds that keep one facility from exhausting the center.
/// </summary>
[Collection(DataCenterCollection.Name)]
public sealed class DataCenterDocumentTests(DataCenterFixture center)
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-10-01T10:00:00+09:00", CultureInfo.InvariantCulture);

    private static string System => JpCore.PatientIdSystem(DataCenterFixture.FacilityA);

    /// <summary>Loads a patient of facility A (its number is "ID-" + key) and returns the center's id.</summary>
    private async Task<string> PatientAsync(string key)
    {
        using var load = await center.IngestAsync(center.FacilityACertificate, TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, key, 0, Start));
        Assert.Equal(HttpStatusCode.OK, load.StatusCode);
        return $"{DataCenterFixture.FacilityA}-{key}";
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string json)
    {
        using var client = center.Client(center.FacilityACertificate, actingUser: null);
        using var content = new StringContent(json, Encoding.UTF8, "application/fhir+json");
        return await client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var client = center.Client(center.PortalCertificate);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await DataCenterFixture.JsonAsync(response));
    }

    /// <summary>The diagnostics of an OperationOutcome, one per line (as a facility's operator reads them).</summary>
    private static async Task<string> DiagnosticsAsync(HttpResponseMessage response) =>
        string.Join("\n", (await DataCenterFixture.JsonAsync(response)).GetProperty("issue").EnumerateArray().Select(i => i.GetProperty("diagnostics").GetString()));

    private static string Collection(params string[] resources) =>
        $$"""{"resourceType":"Bundle","type":"collection","entry":[{{string.Join(",", resources.Select(r => $$"""{"resource":{{r}}}"""))}}]}""";

    [Fact]
    public async Task A_document_posted_as_sent_is_stored_its_composition_searchable_and_the_document_served_whole()
    {
        var patient = await PatientAsync("doc1");

        using var response = await PostAsync("Bundle", JpClinsFixtures.Json(JpClinsFixtures.ReferralDocument, System, "ID-doc1"));
        var body = await DataCenterFixture.JsonAsync(response);

        Assert.True(response.StatusCode == HttpStatusCode.Created, body.GetRawText());
        Assert.StartsWith("Bundle/", response.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, body.GetProperty("entry").GetArrayLength()); // the Bundle and its indexed Composition

        var (status, found) = await GetAsync($"Composition?patient=Patient/{patient}&type=http://loinc.org|57133-1");
        Assert.Equal(HttpStatusCode.OK, status);
        var composition = Assert.Single(found.GetProperty("entry").EnumerateArray()).GetProperty("resource");
        var compositionId = composition.GetProperty("id").GetString()!;
        Assert.Equal($"Patient/{patient}", composition.GetProperty("subject").GetProperty("reference").GetString());

        var (documentStatus, document) = await GetAsync($"Composition/{compositionId}/$document");
        Assert.Equal(HttpStatusCode.OK, documentStatus);
        Assert.Equal("document", document.GetProperty("type").GetString());
        Assert.Contains(document.GetProperty("entry").EnumerateArray(), e => e.GetProperty("resource").GetProperty("resourceType").GetString() == "Binary");

        var (bundleStatus, bundles) = await GetAsync($"Bundle?composition=Composition/{compositionId}");
        Assert.Equal(HttpStatusCode.OK, bundleStatus);
        Assert.Equal(1, bundles.GetProperty("total").GetInt32());

        // Not in $everything (the patient compartment): the Composition is, the Bundle comes by $document.
        var (_, everything) = await GetAsync($"Patient/{patient}/$everything");
        var types = everything.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("resourceType").GetString()).ToList();
        Assert.Contains("Composition", types);
        Assert.DoesNotContain("Bundle", types);
    }

    [Fact]
    public async Task Posting_the_same_document_again_updates_it()
    {
        await PatientAsync("doc2");
        var json = JpClinsFixtures.Json(JpClinsFixtures.DischargeSummary, System, "ID-doc2");
        using var first = await PostAsync("Bundle", json);
        var rows = center.CountRows();

        using var second = await PostAsync("Bundle", json);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(rows, center.CountRows());
    }

    [Fact]
    public async Task A_document_about_a_patient_the_facility_does_not_have_is_refused_naming_the_subject()
    {
        var before = center.CountRows();

        using var unknown = await PostAsync("Bundle", JpClinsFixtures.Json(JpClinsFixtures.ReferralDocument, System, "ID-nobody"));
        using var foreign = await PostAsync("Bundle", JpClinsFixtures.Json(JpClinsFixtures.ReferralDocument, JpCore.PatientIdSystem(DataCenterFixture.FacilityB), "ID-doc1"));

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains($"{System}|ID-nobody", await DiagnosticsAsync(unknown), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("the Composition's subject 'urn:uuid:", await DiagnosticsAsync(foreign), StringComparison.Ordinal);
        Assert.Equal(before, center.CountRows());
    }

    [Fact]
    public async Task A_document_whose_first_entry_is_not_its_composition_is_refused()
    {
        await PatientAsync("doc3");
        var json = JpClinsFixtures.Json(JpClinsFixtures.ReferralDocument, System, "ID-doc3");
        using var parsed = JsonDocument.Parse(json);
        var entries = parsed.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetRawText()).ToList();
        (entries[0], entries[1]) = (entries[1], entries[0]);
        var swapped = $$"""{"resourceType":"Bundle","identifier":{"system":"urn:test","value":"swapped"},"type":"document","entry":[{{string.Join(",", entries)}}]}""";

        using var response = await PostAsync("Bundle", swapped);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("first entry must be its Composition", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_naming_its_patient_by_identifier_is_resolved_to_the_facility_patient()
    {
        var patient = await PatientAsync("logical1");

        using var response = await PostAsync("", Collection(
            JpClinsFixtures.Json(JpClinsFixtures.ProgressNote, System, "ID-logical1"),
            JpClinsFixtures.Json(JpClinsFixtures.LabReport, System, "ID-logical1")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, notes) = await GetAsync($"DocumentReference?patient={patient}");
        var note = Assert.Single(notes.GetProperty("entry").EnumerateArray()).GetProperty("resource");
        Assert.Equal($"Patient/{patient}", note.GetProperty("subject").GetProperty("reference").GetString());
        var (_, reports) = await GetAsync($"DiagnosticReport?patient={patient}");
        Assert.Equal(1, reports.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_record_naming_nobody_here_is_refused_with_the_resource_and_the_identifier_in_full()
    {
        var before = center.CountRows();

        using var response = await PostAsync("", Collection(JpClinsFixtures.Json(JpClinsFixtures.ProgressNote, System, "ID-unknown-77")));
        var body = await DiagnosticsAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("DocumentReference/note-1", body, StringComparison.Ordinal);
        Assert.Contains($"{System}|ID-unknown-77", body, StringComparison.Ordinal);
        Assert.Equal(before, center.CountRows());
    }

    [Fact]
    public async Task An_unresolved_reference_is_named_in_full_and_a_record_about_no_patient_is_refused()
    {
        await PatientAsync("refs1");

        using var response = await PostAsync("", Collection(
            """{"resourceType":"Observation","id":"refs1-o","status":"final","code":{"text":"AST"},"subject":{"reference":"Patient/refs1"},"hasMember":[{"reference":"Observation/not-loaded-42"}]}""",
            """{"resourceType":"Observation","id":"refs1-n","status":"final","code":{"text":"ALT"},"valueQuantity":{"value":20}}"""));
        var body = await DiagnosticsAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Observation/refs1-o: reference 'Observation/not-loaded-42'", body, StringComparison.Ordinal);
        Assert.Contains("Observation/refs1-n: no subject", body, StringComparison.Ordinal);
        Assert.DoesNotContain("…", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_size_bound_is_refused_with_413_and_an_operation_outcome()
    {
        var padding = new string('x', 300 * 1024);
        using var response = await PostAsync("", Collection($$$"""{"resourceType":"Basic","id":"big","code":{"text":"{{{padding}}}"}}"""));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var outcome = await DataCenterFixture.JsonAsync(response);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Contains("262144 bytes", outcome.GetProperty("issue")[0].GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_with_more_entries_than_the_bound_is_refused_with_413()
    {
        var before = center.CountRows();
        var resources = Enumerable.Range(0, 201).Select(i => $$$"""{"resourceType":"Basic","id":"many{{{i}}}","code":{"text":"x"}}""").ToArray();

        using var response = await PostAsync("", Collection(resources));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("201 entries", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, center.CountRows());
    }
}
