using System.Net;
using System.Security.Cryptography.X509Certificates;


namespace MioKarte.IntegrationTests.DataCenter;

[CollectionDefinition(Name)]
public sealed class DataCenterCollection : ICollectionFixture<DataCenterFixture>
{
    public const string Name = "DataCenter";
}

/// <summary>Only registered nodes with certificates from the network CA get anything.</summary>
[Collection(DataCenterCollection.Name)]
public sealed class DataCenterAccessTests(DataCenterFixture center)
{
    [Fact]
    public async System.Threading.Tasks.Task A_registered_portal_node_gets_the_capability_statement_and_data()
    {
        await center.IngestAsync(center.FacilityACertificate, TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, "access1", 2, DateTimeOffset.Parse("2024-01-01T09:00:00+09:00", System.Globalization.CultureInfo.InvariantCulture)));
        using var client = center.Client(center.PortalCertificate);

        using var metadata = await client.GetAsync(new Uri("metadata", UriKind.Relative));
        using var search = await client.GetAsync(new Uri($"Observation?patient={DataCenterFixture.FacilityA}-access1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        Assert.Equal("application/fhir+json", metadata.Content.Headers.ContentType?.MediaType);
        Assert.Equal("CapabilityStatement", (await DataCenterFixture.JsonAsync(metadata)).GetProperty("resourceType").GetString());
        Assert.Equal(2, (await DataCenterFixture.JsonAsync(search)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_client_without_a_certificate_fails_the_handshake() =>
        await Assert.ThrowsAnyAsync<HttpRequestException>(async () =>
        {
            using var client = center.Client(null);
            using var response = await client.GetAsync(new Uri("metadata", UriKind.Relative));
        });

    [Fact]
    public async System.Threading.Tasks.Task A_certificate_from_another_CA_is_refused() =>
        await AssertRefusedAsync(center.ForeignCertificate);

    [Fact]
    public async System.Threading.Tasks.Task An_expired_certificate_is_refused()
    {
        Assert.True(center.ExpiredCertificate.NotAfter < DateTime.Now);
        await AssertRefusedAsync(center.ExpiredCertificate);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_trusted_but_unregistered_node_gets_403_and_no_data()
    {
        using var client = center.Client(center.UnregisteredCertificate);

        using var response = await client.GetAsync(new Uri("Patient?_id=x", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("OperationOutcome", (await DataCenterFixture.JsonAsync(response)).GetProperty("resourceType").GetString());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_portal_node_cannot_load_data()
    {
        using var response = await center.IngestAsync(center.PortalCertificate, TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, "nope", 1, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_portal_read_without_the_acting_user_headers_is_refused()
    {
        using var client = center.Client(center.PortalCertificate, actingUser: null);

        using var response = await client.GetAsync(new Uri("Patient?_id=x", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async System.Threading.Tasks.Task AssertRefusedAsync(X509Certificate2 certificate)
    {
        using var client = center.Client(certificate);
        try
        {
            using var response = await client.GetAsync(new Uri("metadata", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.DoesNotContain("CapabilityStatement", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        catch (HttpRequestException)
        {
            // The handshake failed: refused before any HTTP exchange.
        }
    }
}
