using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using MioKarte.Core.Gateway;
using MioKarte.DataCenter;

namespace MioKarte.IntegrationTests.DataCenter;

/// <summary>
/// The reference center as in production: it enforces consent and verifies the portal node's signed
/// assertions (its public key registered with the node), on a clock the tests move.
/// </summary>
public sealed class EnforcingDataCenterFixture : DataCenterFixture
{
    public const string Audience = "urn:miokarte:data-center";
    public const string Clinic = "1310000029";
    public const string OtherClinic = "1310000037";

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public ECDsa PortalKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ECDsa StrangerKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    protected override TimeProvider? Time => Clock;

    protected override void Configure(DataCenterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnforceConsent = true;
        options.RequireSignedAssertions = true;
        options.Nodes[0].AssertionPublicKeyPem = AssertionKeys.PublicKeyPem(PortalKey);
    }

    /// <summary>An assertion as the portal signs it, with any part changed.</summary>
    public string Assertion(
        string user = "doctor-01", string facility = Clinic, string purpose = PurposesOfUse.Treatment, ECDsa? key = null,
        TimeSpan? age = null, TimeSpan? lifetime = null, string audience = Audience, X509Certificate2? boundTo = null, string? jti = null)
    {
        var issued = Clock.GetUtcNow().UtcDateTime - (age ?? TimeSpan.Zero);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "urn:miokarte:portal-node",
            Audience = audience,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued + (lifetime ?? TimeSpan.FromMinutes(2)),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key ?? PortalKey), SecurityAlgorithms.EcdsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = user,
                ["jti"] = jti ?? Guid.NewGuid().ToString("N"),
                ["cnf"] = new Dictionary<string, object> { ["x5t#S256"] = AssertionClaims.Thumbprint(boundTo ?? PortalCertificate) },
                ["extensions"] = new Dictionary<string, object>
                {
                    ["ihe_iua"] = new Dictionary<string, object>
                    {
                        ["subject_organization_id"] = facility,
                        ["purpose_of_use"] = new Dictionary<string, object> { ["system"] = PurposesOfUse.System, ["code"] = purpose },
                    },
                },
            },
        });
    }

    /// <summary>The portal node's certificate and the given assertion (none: headers only, as a forger would send).</summary>
    public HttpClient PortalClient(string? assertion, string forgedUser = "doctor-01", string forgedFacility = Clinic)
    {
        var client = Client(PortalCertificate, actingUser: null);
        client.DefaultRequestHeaders.Add("X-Acting-User", forgedUser);
        client.DefaultRequestHeaders.Add("X-Acting-Facility", forgedFacility);
        if (assertion is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", assertion);
        }

        return client;
    }

    public async Task<HttpResponseMessage> PutConsentAsync(CenterConsent consent, string actorFacility = Clinic, string? assertion = null)
    {
        using var client = PortalClient(assertion ?? Assertion(facility: actorFacility));
        using var content = new ByteArrayContent(DataCenterClient.ConsentJson(consent, actorFacility));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        return await client.PutAsync(new Uri("Consent/" + consent.Id, UriKind.Relative), content);
    }

    public override async System.Threading.Tasks.Task DisposeAsync()
    {
        await base.DisposeAsync();
        PortalKey.Dispose();
        StrangerKey.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EnforcingDataCenterCollection : ICollectionFixture<EnforcingDataCenterFixture>
{
    public const string Name = "Enforcing data center";
}

/// <summary>
/// F8: the portal node's certificate is not a master key. With it, forged headers or assertions
/// read no patient that no facility has linked; a Consent opens exactly one patient to one facility.
/// </summary>
[Collection(EnforcingDataCenterCollection.Name)]
public sealed class ConsentEnforcementTests(EnforcingDataCenterFixture center)
{
    private async Task<(string PatientId, string CenterId)> PatientAsync(string key)
    {
        using var loaded = await center.IngestAsync(center.FacilityACertificate,
            TestBundles.PatientWithLabs(DataCenterFixture.FacilityA, key, 2, DateTimeOffset.Parse("2024-01-01T09:00:00+09:00", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        return ("ID-" + key, $"{DataCenterFixture.FacilityA}-{key}");
    }

    /// <summary>A patient of facility A with an active Consent of the clinic; its id at the center.</summary>
    private async Task<string> ConsentedAsync(string key)
    {
        var (patientId, centerId) = await PatientAsync(key);
        using var registered = await center.PutConsentAsync(Link(patientId));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return centerId;
    }

    private static string ByIdentifier(string patientId) =>
        "Patient?identifier=" + Uri.EscapeDataString(JpCore.PatientIdSystem(DataCenterFixture.FacilityA) + "|" + patientId);

    private CenterConsent Link(string patientId, Guid? id = null, DateTimeOffset? end = null, CenterConsentKind kind = CenterConsentKind.PatientLink) =>
        new(kind, id ?? Guid.NewGuid(), DataCenterFixture.FacilityA, patientId, center.Clock.GetUtcNow().AddMinutes(-1), end, CenterConsentState.Active);

    private static async Task<int> TotalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await DataCenterFixture.JsonAsync(response)).GetProperty("total").GetInt32();
    }

    private static async Task AssertOutcomeAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("OperationOutcome", (await DataCenterFixture.JsonAsync(response)).GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task With_the_portal_certificate_and_forged_headers_no_patient_is_read()
    {
        var (patientId, centerId) = await PatientAsync("forged-headers");
        using var client = center.PortalClient(assertion: null);

        using var search = await client.GetAsync(new Uri(ByIdentifier(patientId), UriKind.Relative));
        using var read = await client.GetAsync(new Uri("Patient/" + centerId, UriKind.Relative));
        using var labs = await client.GetAsync(new Uri("Observation?patient=" + centerId, UriKind.Relative));

        await AssertOutcomeAsync(search, HttpStatusCode.Unauthorized);
        await AssertOutcomeAsync(read, HttpStatusCode.Unauthorized);
        await AssertOutcomeAsync(labs, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_valid_assertion_reads_no_patient_that_no_facility_linked()
    {
        var (patientId, centerId) = await PatientAsync("unlinked");

        using var search = await center.PortalClient(center.Assertion()).GetAsync(new Uri(ByIdentifier(patientId), UriKind.Relative));
        using var labs = await center.PortalClient(center.Assertion()).GetAsync(new Uri("Observation?patient=" + centerId, UriKind.Relative));
        using var read = await center.PortalClient(center.Assertion()).GetAsync(new Uri("Patient/" + centerId, UriKind.Relative));
        using var everything = await center.PortalClient(center.Assertion()).GetAsync(new Uri($"Patient/{centerId}/$everything", UriKind.Relative));
        using var observation = await center.PortalClient(center.Assertion()).GetAsync(new Uri($"Observation/{centerId}-obs0", UriKind.Relative));

        Assert.Equal(0, await TotalAsync(search));
        Assert.Equal(0, await TotalAsync(labs));
        await AssertOutcomeAsync(read, HttpStatusCode.Forbidden);
        await AssertOutcomeAsync(everything, HttpStatusCode.Forbidden);
        await AssertOutcomeAsync(observation, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_consent_opens_the_patient_to_its_facility_only_and_its_withdrawal_closes_it()
    {
        var (patientId, centerId) = await PatientAsync("linked");
        var consent = Link(patientId);

        using var registered = await center.PutConsentAsync(consent);
        using var ours = await center.PortalClient(center.Assertion()).GetAsync(new Uri("Observation?patient=" + centerId, UriKind.Relative));
        using var theirs = await center.PortalClient(center.Assertion(facility: EnforcingDataCenterFixture.OtherClinic)).GetAsync(new Uri("Observation?patient=" + centerId, UriKind.Relative));
        using var theirRead = await center.PortalClient(center.Assertion(facility: EnforcingDataCenterFixture.OtherClinic)).GetAsync(new Uri("Patient/" + centerId, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(2, await TotalAsync(ours));
        Assert.Equal(0, await TotalAsync(theirs));
        await AssertOutcomeAsync(theirRead, HttpStatusCode.Forbidden);

        using var withdrawn = await center.PutConsentAsync(consent with { State = CenterConsentState.Inactive, End = center.Clock.GetUtcNow() });
        using var after = await center.PortalClient(center.Assertion()).GetAsync(new Uri("Patient/" + centerId, UriKind.Relative));
        using var afterSearch = await center.PortalClient(center.Assertion()).GetAsync(new Uri("Observation?patient=" + centerId, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        await AssertOutcomeAsync(after, HttpStatusCode.Forbidden);
        Assert.Equal(0, await TotalAsync(afterSearch));
    }

    [Fact]
    public async Task A_consent_naming_another_facility_than_the_assertion_is_refused()
    {
        var (patientId, centerId) = await PatientAsync("other-actor");

        using var response = await center.PutConsentAsync(Link(patientId), actorFacility: EnforcingDataCenterFixture.OtherClinic, assertion: center.Assertion());
        using var read = await center.PortalClient(center.Assertion(facility: EnforcingDataCenterFixture.OtherClinic)).GetAsync(new Uri("Patient/" + centerId, UriKind.Relative));

        await AssertOutcomeAsync(response, HttpStatusCode.Forbidden);
        await AssertOutcomeAsync(read, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_consent_for_a_patient_the_center_does_not_know_is_422()
    {
        using var response = await center.PutConsentAsync(Link("NO-SUCH-PATIENT"));

        await AssertOutcomeAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_break_glass_consent_reads_until_it_ends()
    {
        var (patientId, centerId) = await PatientAsync("emergency");
        using var beforeSearch = await center.PortalClient(center.Assertion(purpose: PurposesOfUse.Emergency)).GetAsync(new Uri(ByIdentifier(patientId), UriKind.Relative));
        using var beforeLabs = await center.PortalClient(center.Assertion(purpose: PurposesOfUse.Emergency)).GetAsync(new Uri("Observation?patient=" + centerId, UriKind.Relative));
        // The emergency search finds the Patient (purpose ETREAT) but nothing of the record.
        Assert.Equal(1, await TotalAsync(beforeSearch));
        Assert.Equal(0, await TotalAsync(beforeLabs));

        using var granted = await center.PutConsentAsync(Link(patientId, end: center.Clock.GetUtcNow().AddHours(1), kind: CenterConsentKind.Emergency));
        using var during = await center.PortalClient(center.Assertion()).GetAsync(new Uri("Observation?patient=" + centerId, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        Assert.Equal(2, await TotalAsync(during));

        center.Clock.Advance(TimeSpan.FromHours(1));
        using var after = await center.PortalClient(center.Assertion()).GetAsync(new Uri("Patient/" + centerId, UriKind.Relative));
        await AssertOutcomeAsync(after, HttpStatusCode.Forbidden);
    }

    public static TheoryData<string> BadAssertions => ["expired", "too-long", "stranger-key", "other-audience", "other-certificate", "tampered"];

    [Theory]
    [MemberData(nameof(BadAssertions))]
    public async Task A_bad_assertion_is_refused_even_for_a_consented_patient(string kind)
    {
        var centerId = await ConsentedAsync("bad-" + kind);
        var assertion = kind switch
        {
            "expired" => center.Assertion(age: TimeSpan.FromMinutes(3), lifetime: TimeSpan.FromMinutes(2)),
            "too-long" => center.Assertion(lifetime: TimeSpan.FromMinutes(30)),
            "stranger-key" => center.Assertion(key: center.StrangerKey),
            "other-audience" => center.Assertion(audience: "urn:example:another-center"),
            "other-certificate" => center.Assertion(boundTo: center.FacilityACertificate),
            _ => Tamper(center.Assertion(), "doctor-01", "doctor-99"),
        };

        using var response = await center.PortalClient(assertion).GetAsync(new Uri("Patient/" + centerId, UriKind.Relative));

        await AssertOutcomeAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_assertion_is_accepted_once()
    {
        var centerId = await ConsentedAsync("replay");
        var assertion = center.Assertion();

        using var first = await center.PortalClient(assertion).GetAsync(new Uri("Patient/" + centerId, UriKind.Relative));
        using var again = await center.PortalClient(assertion).GetAsync(new Uri("Patient/" + centerId, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertOutcomeAsync(again, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_audit_event_records_the_verified_user_and_the_assertion()
    {
        var centerId = await ConsentedAsync("audited");
        var jti = Guid.NewGuid().ToString("N");

        using var read = await center.PortalClient(center.Assertion(user: "doctor-42", jti: jti), forgedUser: "someone-else").GetAsync(new Uri("Patient/" + centerId, UriKind.Relative));
        using var facility = center.Client(center.FacilityACertificate, actingUser: null);
        using var audit = await facility.GetAsync(new Uri("AuditEvent?patient=" + centerId, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var events = (await DataCenterFixture.JsonAsync(audit)).GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        var ours = Assert.Single(events, e => e.GetProperty("agent")[0].TryGetProperty("policy", out var p) && p[0].GetString() == jti);
        Assert.Equal("doctor-42", ours.GetProperty("agent")[0].GetProperty("who").GetProperty("identifier").GetProperty("value").GetString());
        Assert.Equal(PurposesOfUse.Treatment, ours.GetProperty("agent")[0].GetProperty("purposeOfUse")[0].GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.DoesNotContain(events, e => e.GetRawText().Contains("someone-else", StringComparison.Ordinal));
    }

    /// <summary>The payload changed after signing (the signature no longer matches).</summary>
    private static string Tamper(string token, string from, string to)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace(from, to, StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
    }
}
