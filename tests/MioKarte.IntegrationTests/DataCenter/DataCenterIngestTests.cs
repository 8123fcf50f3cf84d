using System.Globalization;
using System.Net;

using Hl7.Fhir.Model;

namespace MioKarte.IntegrationTests.DataCenter;

/// <summary>A Bundle is stored whole or not at all, and loading it twice updates instead of duplicating.</summary>
[Collection(DataCenterCollection.Name)]
public sealed class DataCenterIngestTests(DataCenterFixture center)
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2023-05-01T10:00:00+09:00", CultureInfo.InvariantCulture);

    [Fact]
    public async System.Threading.Tasks.Task A_bundle_with_one_broken_entry_is_refused_whole_and_names_the_entry()
    {
        var bundle = TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, "broken1", 3, Start);
        ((Observation)bundle.Entry[2].Resource!).Subject = new ResourceReference("urn:uuid:" + Guid.NewGuid());
        var before = center.CountRows();

        using var response = await center.IngestAsync(center.FacilityACertificate, bundle);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("OperationOutcome", body, StringComparison.Ordinal);
        Assert.Contains("entry[2]", body, StringComparison.Ordinal);
        Assert.Equal(before, center.CountRows());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_patient_without_the_facility_identifier_is_refused()
    {
        var bundle = TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, "noid", 1, Start);
        ((Patient)bundle.Entry[0].Resource!).Identifier.Clear();

        using var response = await center.IngestAsync(center.FacilityACertificate, bundle);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("entry[0]", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Loading_the_same_bundle_twice_updates_and_never_duplicates()
    {
        var before = center.CountRows();
        using var first = await center.IngestAsync(center.FacilityACertificate, TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, "again1", 4, Start));
        var afterFirst = center.CountRows();

        using var second = await center.IngestAsync(center.FacilityACertificate, TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, "again1", 4, Start));
        var response = await DataCenterFixture.JsonAsync(second);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(before + 5, afterFirst);
        Assert.Equal(afterFirst, center.CountRows());
        Assert.All(response.GetProperty("entry").EnumerateArray(), e => Assert.Equal("200 OK", e.GetProperty("response").GetProperty("status").GetString()));
    }

    [Fact]
    public async System.Threading.Tasks.Task Urn_uuid_references_become_references_to_the_stored_patient()
    {
        using var load = await center.IngestAsync(center.FacilityACertificate, TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, "uuid1", 1, Start));
        using var client = center.Client(center.PortalCertificate);

        using var read = await client.GetAsync(new Uri($"Observation/{DataCenterFixture.FacilityA}-uuid1-obs0", UriKind.Relative));
        var observation = await DataCenterFixture.JsonAsync(read);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal($"Patient/{DataCenterFixture.FacilityA}-uuid1", observation.GetProperty("subject").GetProperty("reference").GetString());
        Assert.Equal(DataCenterFixture.FacilityA, observation.GetProperty("meta").GetProperty("tag")[0].GetProperty("code").GetString());
    }
}