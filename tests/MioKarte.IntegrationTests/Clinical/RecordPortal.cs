using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Gateway;
using MioKarte.Core.Identity;
using MioKarte.Core.Patients;
using MioKarte.Core.Records;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Clinical;

/// <summary>
/// The portal with a stand-in data center: each disclosing facility's patient is a set of JP Core
/// shaped FHIR resources, mapped by the real <see cref="FhirRecordMapper"/>. Counts calls per
/// acting facility (cache tests) and can take a facility down.
/// </summary>
public sealed class RecordPortal : PortalFactory
{
    public RecordPortal() => TestServices = services =>
    {
        services.RemoveAll<ISharedRecordSource>();
        services.AddSingleton<ISharedRecordSource>(Center);
    };

    public FakeDataCenter Center { get; } = new();
}

/// <summary>Linked patients for any portal under test (a stand-in center or the real one).</summary>
public static class LinkedPatients
{
    /// <summary>A viewing facility with a user who may view clinical data; returns the facility and the user's name.</summary>
    public static async Task<(Facility Facility, string UserName)> AddViewingFacilityWithUserAsync(this PortalFactory portal, string userName, string institutionCode)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var facility = await portal.AddFacilityAsync("閲覧クリニック " + userName, institutionCode: institutionCode);
        var user = await portal.CreateUserAsync(userName, PortalRoles.Staff, "閲覧 利用者", facility.Id);
        await portal.WithServiceAsync<bool, UserManager<PortalUser>>(async users =>
        {
            var stored = await users.FindByIdAsync(user.Id);
            stored!.Rights = UserRights.ViewClinicalData | UserRights.RegisterPatientLinks;
            return (await users.UpdateAsync(stored)).Succeeded;
        });
        return (facility, userName);
    }

    public static Task<Facility> AddDisclosingFacilityAsync(this PortalFactory portal, string name, string institutionCode)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return portal.AddFacilityAsync(name, role: FacilityRole.Disclosing, type: FacilityType.Hospital, institutionCode: institutionCode);
    }

    /// <summary>A patient of <paramref name="viewing"/> linked to each (facility, patient id there).</summary>
    public static async Task<(FacilityPatient Patient, List<PatientLink> Links)> AddLinkedPatientAsync(
        this PortalFactory portal, Facility viewing, string localId, params (Facility Disclosing, string PatientId)[] links)
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(viewing);
        var now = portal.Clock.GetUtcNow().UtcDateTime;
        var patient = FacilityPatient.Register(viewing.Id, localId, "試験 花子", "シケン ハナコ", Sex.Female, new DateOnly(1948, 7, 15), "test", now);
        var made = links.Select(l => PatientLink.Create(patient, l.Disclosing.Id, l.PatientId, new DateOnly(2026, 11, 1), "受付 太郎", null, "test", now)).ToList();
        await portal.WithServiceAsync<int, MioKarteDbContext>(db =>
        {
            db.FacilityPatients.Add(patient);
            db.PatientLinks.AddRange(made);
            return db.SaveChangesAsync();
        });
        if (portal is Patients.LinkingPortal center)
        {
            // The real reference center enforces consent: register what the product's form would have.
            foreach (var (disclosing, patientId) in links)
            {
                await center.GrantConsentAsync(viewing.InstitutionCode ?? viewing.Code, disclosing.InstitutionCode!, patientId);
            }
        }

        return (patient, made);
    }
}

/// <summary>A data center in memory: resources as JSON per (facility, patient id), mapped by the real mapper.</summary>
public sealed class FakeDataCenter : ISharedRecordSource
{
    private readonly ConcurrentDictionary<(string Facility, string Patient), string[]> resources = new();
    private readonly ConcurrentDictionary<string, byte[]> contents = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> Down { get; } = new(StringComparer.Ordinal);

    /// <summary>Facilities that answer only when their gate is opened (a slow facility).</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Held { get; } = new(StringComparer.Ordinal);

    /// <summary>Record reads, by the acting facility's code.</summary>
    public ConcurrentQueue<ActingContext> Reads { get; } = new();

    public ConcurrentQueue<(string ContentId, ActingContext Acting)> ContentReads { get; } = new();

    /// <summary>Per (facility, patient id), the searches the center answers only in part (fewer entries than its total).</summary>
    public ConcurrentDictionary<(string FacilityCode, string PatientId), string> PartlyRead { get; } = new();

    public void Add(string facilityCode, string patientId, params string[] json) => resources[(facilityCode, patientId)] = json;

    public void AddContent(string referenceId, byte[] bytes) => contents[referenceId] = bytes;

    public async Task<GatewayResult<FacilityPatientRecord>> GetSharedRecordsAsync(
        IReadOnlyCollection<LinkedFacilityPatient> links, ActingContext acting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        Reads.Enqueue(acting);
        foreach (var link in links)
        {
            if (Held.TryGetValue(link.FacilityCode, out var gate))
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
        }

        var items = new List<FacilityPatientRecord>();
        var unavailable = new List<UnavailableFacility>();
        var skipped = new List<SkippedResource>();
        foreach (var link in links)
        {
            if (Down.ContainsKey(link.FacilityCode))
            {
                unavailable.Add(new UnavailableFacility(link.FacilityCode, link.FacilityName, GatewayFailureKind.Timeout, "The data center did not answer in time."));
                continue;
            }

            if (!resources.TryGetValue((link.FacilityCode, link.FacilityPatientId), out var json))
            {
                unavailable.Add(new UnavailableFacility(link.FacilityCode, link.FacilityName, GatewayFailureKind.PatientNotFound, "No such patient."));
                continue;
            }

            var into = new RecordAccumulator(link.FacilityCode);
            using var bundle = JsonDocument.Parse($$"""{"resourceType":"Bundle","type":"searchset","entry":[{{string.Join(",", json.Select(r => $$"""{"resource":{{r}}}"""))}}]}""");
            FhirRecordMapper.MapBundle(bundle.RootElement, into, skipped.Add);
            if (PartlyRead.TryGetValue((link.FacilityCode, link.FacilityPatientId), out var search))
            {
                into.PartlyRead.Add(search);
            }

            items.Add(new FacilityPatientRecord(link.FacilityCode, link.FacilityName, into.ToRecord()));
        }

        return new GatewayResult<FacilityPatientRecord>(items, unavailable, skipped);
    }

    public Task<(string ContentType, byte[] Content)> GetContentAsync(ContentReference reference, ActingContext acting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ContentReads.Enqueue((reference.Id, acting));
        return contents.TryGetValue(reference.Id, out var bytes)
            ? Task.FromResult((reference.ContentType, bytes))
            : throw new DataCenterException(GatewayFailureKind.HttpError, "404");
    }

    /// <summary>No patient search here: the linking and emergency tests use the real center.</summary>
    public Task<PatientDemographics?> FindPatientAsync(string facilityCode, string facilityPatientId, ActingContext acting, CancellationToken cancellationToken) =>
        Task.FromResult<PatientDemographics?>(null);

    public Task<IReadOnlyList<PatientDemographics>> SearchPatientsAsync(
        string facilityCode, string? namePart, DateOnly birthDate, Sex sex, ActingContext acting, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PatientDemographics>>([]);

    public Task WarmUpAsync(int connections, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Consents as a center that enforces none answers them (the consent tests use the reference center).</summary>
    public Task<ConsentRegistration> PutConsentAsync(CenterConsent consent, ActingContext acting, CancellationToken cancellationToken) =>
        Task.FromResult(ConsentRegistration.NotEnforced);

    public Task<bool> TryEndConsentAsync(CenterConsent consent, CenterConsentState state, ActingContext acting, CancellationToken cancellationToken) =>
        Task.FromResult(true);
}
