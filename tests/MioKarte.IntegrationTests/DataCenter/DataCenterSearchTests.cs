using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Gateway;
using MioKarte.DataCenter.Fhir;

namespace MioKarte.IntegrationTests.DataCenter;

/// <summary>Searches page, filter by date, respect disclosure policies, explain bad requests, and are audited.</summary>
[Collection(DataCenterCollection.Name)]
public sealed class DataCenterSearchTests(DataCenterFixture center)
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2022-01-01T09:00:00+09:00", CultureInfo.InvariantCulture);

    [Fact]
    public async System.Threading.Tasks.Task The_center_warms_every_search_shape_once_started_without_an_audit_row()
    {
        var warmUp = center.Services.GetRequiredService<SearchWarmUpService>();
        await warmUp.Done.WaitAsync(TimeSpan.FromSeconds(60));

        // Every shape ran through the search endpoint's code: none was refused by it.
        Assert.Equal(SearchWarmUpService.SearchesPlanned, warmUp.SearchesRun);
        Assert.True(SearchWarmUpService.SearchesPlanned > 100);
        await using var scope = center.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarte.DataCenter.Data.DataCenterDbContext>();
        Assert.False(await db.Resources.AnyAsync(r => r.ResourceType == "AuditEvent" && r.Json.Contains("mio-warm-up-no-patient")));
    }

    [Fact]
    public async System.Threading.Tasks.Task Diagnoses_allergies_and_vital_signs_are_ingested_indexed_and_searched()
    {
        var load = TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, "facts1", 2, Start);
        var patient = new Hl7.Fhir.Model.ResourceReference(load.Entry[0].FullUrl);
        Hl7.Fhir.Model.Bundle.EntryComponent Put(Hl7.Fhir.Model.Resource resource) => new()
        {
            FullUrl = "urn:uuid:" + Guid.NewGuid(),
            Resource = resource,
            Request = new Hl7.Fhir.Model.Bundle.RequestComponent { Method = Hl7.Fhir.Model.Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
        };
        load.Entry.Add(Put(new Hl7.Fhir.Model.Condition
        {
            Id = "facts1-dx",
            Code = new Hl7.Fhir.Model.CodeableConcept { Text = "本態性高血圧症" },
            Subject = patient,
            RecordedDate = "2015-04-01", // no onset: found by its recorded date
        }));
        load.Entry.Add(Put(new Hl7.Fhir.Model.AllergyIntolerance
        {
            Id = "facts1-alg",
            Category = [Hl7.Fhir.Model.AllergyIntolerance.AllergyIntoleranceCategory.Medication],
            Code = new Hl7.Fhir.Model.CodeableConcept { Text = "ペニシリン" },
            Patient = patient,
        }));
        load.Entry.Add(Put(new Hl7.Fhir.Model.Observation
        {
            Id = "facts1-bt",
            Status = Hl7.Fhir.Model.ObservationStatus.Final,
            Category = [new Hl7.Fhir.Model.CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs")],
            Code = new Hl7.Fhir.Model.CodeableConcept("http://loinc.org", "8310-5", "体温"),
            Subject = patient,
            Effective = new Hl7.Fhir.Model.FhirDateTime(Start.AddDays(1)),
            Value = new Hl7.Fhir.Model.Quantity { Value = 36.8m, Code = "Cel", System = "http://unitsofmeasure.org" },
        }));
        using (var loaded = await center.IngestAsync(center.FacilityACertificate, load))
        {
            Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        }

        using var client = center.Client(center.PortalCertificate);
        async System.Threading.Tasks.Task<List<string>> IdsAsync(string query)
        {
            using var response = await client.GetAsync(new Uri(query, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bundle = await DataCenterFixture.JsonAsync(response);
            return bundle.TryGetProperty("entry", out var entries) ? [.. entries.EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("id").GetString()!)] : [];
        }

        var id = $"{DataCenterFixture.FacilityA}-facts1";
        Assert.Single(await IdsAsync($"Condition?patient={id}&date=ge2015-01-01"));
        Assert.Single(await IdsAsync($"AllergyIntolerance?patient={id}"));
        Assert.Single(await IdsAsync($"Observation?patient={id}&category=vital-signs"));
        Assert.Equal(2, (await IdsAsync($"Observation?patient={id}&category=laboratory")).Count);
        Assert.Equal(3, (await IdsAsync($"Observation?patient={id}&category=laboratory,vital-signs")).Count);
        Assert.Single(await IdsAsync($"Condition?patient={id}&category=problem-list-item,condition"));
    }

    [Fact]
    public async System.Threading.Tasks.Task Search_pages_newest_first_and_next_links_reach_every_result()
    {
        await LoadAsync("paging1", 25);
        using var client = center.Client(center.PortalCertificate);
        var seen = new List<string>();
        Uri? next = new($"Observation?patient={DataCenterFixture.FacilityA}-paging1&_count=10&_sort=-date", UriKind.Relative);

        while (next is not null)
        {
            using var response = await client.GetAsync(next);
            var bundle = await DataCenterFixture.JsonAsync(response);
            seen.AddRange(bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("effectiveDateTime").GetString()!));
            next = FhirRecordMapper.NextLink(bundle) is { } link ? new Uri(link) : null;
        }

        Assert.Equal(25, seen.Count);
        Assert.Equal(seen.OrderDescending(StringComparer.Ordinal), seen);
    }

    [Theory]
    [InlineData("-date", "cursord")]
    [InlineData("date", "cursora")]
    public async System.Threading.Tasks.Task Cursor_pages_return_every_resource_exactly_once_even_when_dates_are_equal(string sort, string key)
    {
        var load = TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, key, 23, Start);
        // Half the results share one date: the cursor must break ties by row, not skip or repeat.
        foreach (var observation in load.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Observation>().Where((_, i) => i % 2 == 0))
        {
            observation.Effective = new Hl7.Fhir.Model.FhirDateTime(Start.AddDays(3));
        }

        using (var loaded = await center.IngestAsync(center.FacilityACertificate, load))
        {
            Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        }

        using var client = center.Client(center.PortalCertificate);
        var ids = new List<string>();
        var dates = new List<string>();
        var totals = new List<int?>();
        Uri? next = new($"Observation?patient={DataCenterFixture.FacilityA}-{key}&_count=4&_sort={sort}", UriKind.Relative);
        while (next is not null)
        {
            using var response = await client.GetAsync(next);
            var bundle = await DataCenterFixture.JsonAsync(response);
            totals.Add(bundle.TryGetProperty("total", out var total) ? total.GetInt32() : null);
            foreach (var resource in bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")))
            {
                ids.Add(resource.GetProperty("id").GetString()!);
                dates.Add(resource.GetProperty("effectiveDateTime").GetString()!);
            }

            next = FhirRecordMapper.NextLink(bundle) is { } link ? new Uri(link) : null;
            Assert.True(next is null || next.Query.Contains("_cursor=", StringComparison.Ordinal), next?.Query);
        }

        Assert.Equal(23, ids.Count);
        Assert.Equal(23, ids.Distinct().Count());
        Assert.Equal(sort == "date" ? dates.Order(StringComparer.Ordinal) : dates.OrderDescending(StringComparer.Ordinal), dates);
        // Bundle.total is counted once, on the first page.
        Assert.Equal([23, .. Enumerable.Repeat<int?>(null, totals.Count - 1)], totals);
    }

    [Fact]
    public async System.Threading.Tasks.Task Offset_paging_still_works_and_a_forged_cursor_is_refused()
    {
        await LoadAsync("offset1", 25);
        using var client = center.Client(center.PortalCertificate);

        using var page = await client.GetAsync(new Uri($"Observation?patient={DataCenterFixture.FacilityA}-offset1&_count=10&_offset=20", UriKind.Relative));
        using var forged = await client.GetAsync(new Uri($"Observation?patient={DataCenterFixture.FacilityA}-offset1&_cursor=abc", UriKind.Relative));

        var bundle = await DataCenterFixture.JsonAsync(page);
        Assert.Equal(25, bundle.GetProperty("total").GetInt32());
        Assert.Equal(5, bundle.GetProperty("entry").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task Date_filters_return_only_the_range()
    {
        await LoadAsync("dates1", 20);
        using var client = center.Client(center.PortalCertificate);

        using var response = await client.GetAsync(new Uri($"Observation?patient={DataCenterFixture.FacilityA}-dates1&date=ge2022-01-05&date=lt2022-01-10&_count=100", UriKind.Relative));
        var bundle = await DataCenterFixture.JsonAsync(response);

        Assert.Equal(5, bundle.GetProperty("total").GetInt32());
        Assert.All(bundle.GetProperty("entry").EnumerateArray(), e =>
        {
            var date = e.GetProperty("resource").GetProperty("effectiveDateTime").GetString()!;
            Assert.InRange(string.CompareOrdinal(date, "2022-01-05"), 0, int.MaxValue);
            Assert.True(string.CompareOrdinal(date, "2022-01-10") < 0);
        });
    }

    [Fact]
    public async System.Threading.Tasks.Task A_withheld_category_is_never_served_to_the_portal_but_other_data_is()
    {
        using var load = await center.IngestAsync(center.FacilityBCertificate,
            TestBundles.PatientWithLabs(DataCenterFixture.FacilityB, "withheld1", 2, Start, injectionId: "inj1"));
        Assert.Equal(HttpStatusCode.OK, load.StatusCode);
        var patient = $"{DataCenterFixture.FacilityB}-withheld1";
        using var client = center.Client(center.PortalCertificate);

        using var injections = await client.GetAsync(new Uri($"MedicationRequest?patient={patient}", UriKind.Relative));
        using var read = await client.GetAsync(new Uri($"MedicationRequest/{DataCenterFixture.FacilityB}-inj1", UriKind.Relative));
        using var everything = await client.GetAsync(new Uri($"Patient/{patient}/$everything", UriKind.Relative));
        using var labs = await client.GetAsync(new Uri($"Observation?patient={patient}", UriKind.Relative));

        Assert.Equal(0, (await DataCenterFixture.JsonAsync(injections)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.DoesNotContain("MedicationRequest", await everything.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, (await DataCenterFixture.JsonAsync(labs)).GetProperty("total").GetInt32());
        Assert.Equal(1, center.CountRows("MedicationRequest"));
    }

    [Theory]
    [InlineData("Observation?patient=x&colour=blue")]
    [InlineData("Observation?patient=x&date=xx2024")]
    [InlineData("Observation?patient=x&_sort=code")]
    [InlineData("Observation")]
    public async System.Threading.Tasks.Task A_bad_search_gets_an_OperationOutcome_not_a_stack_trace(string query)
    {
        using var client = center.Client(center.PortalCertificate);

        using var response = await client.GetAsync(new Uri(query, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", JsonDocument.Parse(body).RootElement.GetProperty("resourceType").GetString());
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Every_read_and_search_writes_an_AuditEvent_the_facility_can_query()
    {
        await LoadAsync("audit1", 1);
        var patient = $"{DataCenterFixture.FacilityA}-audit1";
        using (var portal = center.Client(center.PortalCertificate, actingUser: "dr-suzuki", requestId: "req-audit-1"))
        {
            using var read = await portal.GetAsync(new Uri($"Patient/{patient}", UriKind.Relative));
            using var search = await portal.GetAsync(new Uri($"Observation?patient={patient}", UriKind.Relative));
        }

        using var facility = center.Client(center.FacilityACertificate, actingUser: null);
        using var response = await facility.GetAsync(new Uri($"AuditEvent?patient={patient}", UriKind.Relative));
        var bundle = await DataCenterFixture.JsonAsync(response);
        var events = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetRawText()).ToList();

        Assert.Equal(2, bundle.GetProperty("total").GetInt32());
        Assert.All(events, e =>
        {
            Assert.Contains("dr-suzuki", e, StringComparison.Ordinal);
            Assert.Contains("req-audit-1", e, StringComparison.Ordinal);
            Assert.Contains($"Patient/{patient}", e, StringComparison.Ordinal);
            Assert.Contains("test portal node", e, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async System.Threading.Tasks.Task Concurrent_searches_each_have_their_AuditEvent_committed_before_they_are_answered()
    {
        // The center commits the audit rows of concurrent requests together (group commit); each
        // request must still find its own row stored by the time it has its answer.
        await LoadAsync("audit2", 1);
        var patient = $"{DataCenterFixture.FacilityA}-audit2";
        var requestIds = Enumerable.Range(1, 12).Select(i => $"req-group-{i}").ToList();
        await System.Threading.Tasks.Task.WhenAll(requestIds.Select(async requestId =>
        {
            using var portal = center.Client(center.PortalCertificate, actingUser: "dr-tanaka", requestId: requestId);
            using var search = await portal.GetAsync(new Uri($"Observation?patient={patient}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        }));

        using var facility = center.Client(center.FacilityACertificate, actingUser: null);
        using var response = await facility.GetAsync(new Uri($"AuditEvent?patient={patient}&_count=100", UriKind.Relative));
        var bundle = await DataCenterFixture.JsonAsync(response);
        var events = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetRawText()).ToList();

        Assert.Equal(requestIds.Count, events.Count);
        Assert.All(requestIds, id => Assert.Single(events, e => e.Contains($"\"{id}\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async System.Threading.Tasks.Task The_portal_cannot_read_the_audit_trail()
    {
        using var client = center.Client(center.PortalCertificate);

        using var response = await client.GetAsync(new Uri("AuditEvent?patient=x", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_patient_is_found_by_the_facility_patient_id()
    {
        await LoadAsync("ident1", 0);
        using var client = center.Client(center.PortalCertificate);

        using var response = await client.GetAsync(new Uri(
            $"Patient?identifier=urn:oid:1.2.392.100495.20.3.51.1{DataCenterFixture.FacilityA}|ID-ident1", UriKind.Relative));
        var bundle = await DataCenterFixture.JsonAsync(response);

        Assert.Equal(1, bundle.GetProperty("total").GetInt32());
        Assert.Equal($"{DataCenterFixture.FacilityA}-ident1", bundle.GetProperty("entry")[0].GetProperty("resource").GetProperty("id").GetString());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_binary_is_served_with_its_content_type_etag_and_ranges()
    {
        var bundle = TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, "binary1", 0, Start);
        bundle.Entry.Add(new Hl7.Fhir.Model.Bundle.EntryComponent
        {
            FullUrl = "urn:uuid:" + Guid.NewGuid(),
            Resource = new Hl7.Fhir.Model.Binary
            {
                Id = "img1",
                ContentType = "image/jpeg",
                Data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray(),
                SecurityContext = new Hl7.Fhir.Model.ResourceReference(bundle.Entry[0].FullUrl),
            },
            Request = new Hl7.Fhir.Model.Bundle.RequestComponent { Method = Hl7.Fhir.Model.Bundle.HTTPVerb.PUT, Url = "Binary/img1" },
        });
        using var load = await center.IngestAsync(center.FacilityACertificate, bundle);
        using var client = center.Client(center.PortalCertificate);
        client.DefaultRequestHeaders.Accept.Clear();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("image/jpeg"));
        var uri = new Uri($"Binary/{DataCenterFixture.FacilityA}-img1", UriKind.Relative);

        using var whole = await client.GetAsync(uri);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var part = await client.SendAsync(request);

        Assert.Equal("image/jpeg", whole.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(whole.Headers.ETag);
        Assert.Equal(1000, (await whole.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal((byte)100, (await part.Content.ReadAsByteArrayAsync())[0]);
    }

    [Fact]
    public async System.Threading.Tasks.Task Everything_returns_the_patient_and_records_within_start_and_end()
    {
        await LoadAsync("everything1", 10);
        using var client = center.Client(center.PortalCertificate);

        using var response = await client.GetAsync(new Uri(
            $"Patient/{DataCenterFixture.FacilityA}-everything1/$everything?start=2022-01-03&end=2022-01-05", UriKind.Relative));
        var bundle = await DataCenterFixture.JsonAsync(response);
        var types = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("resourceType").GetString()).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, types.Count(t => t == "Patient"));
        Assert.Equal(3, types.Count(t => t == "Observation"));
    }

    private async System.Threading.Tasks.Task LoadAsync(string key, int observations)
    {
        using var response = await center.IngestAsync(center.FacilityACertificate, TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, key, observations, Start));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
