using Microsoft.Extensions.Logging;
using MioKarte.Core.Common;
using MioKarte.Core.Gateway;

namespace MioKarte.Core.Records;

/// <summary>
/// Where a patient's shared records, their images and the disclosing facilities' patients come from:
/// the data center through the gateway (<see cref="DataCenterRecordSource"/>), or — in a portal
/// without one — the <see cref="StandInRecordSource"/>. An interface so that tests can stand in for the center.
/// </summary>
public interface ISharedRecordSource
{
    Task<GatewayResult<FacilityPatientRecord>> GetSharedRecordsAsync(
        IReadOnlyCollection<LinkedFacilityPatient> links, ActingContext acting, CancellationToken cancellationToken);

    Task<(string ContentType, byte[] Content)> GetContentAsync(ContentReference reference, ActingContext acting, CancellationToken cancellationToken);

    /// <summary>The patient with this id at the facility (linking, the emergency grant's head); null when there is none.</summary>
    Task<PatientDemographics?> FindPatientAsync(string facilityCode, string facilityPatientId, ActingContext acting, CancellationToken cancellationToken);

    /// <summary>The facility's patients with this birth date, sex and name part (the emergency search).</summary>
    Task<IReadOnlyList<PatientDemographics>> SearchPatientsAsync(
        string facilityCode, string? namePart, DateOnly birthDate, Sex sex, ActingContext acting, CancellationToken cancellationToken);

    /// <summary>Opens connections to the center before the first clinician needs them (<see cref="RecordPathWarmUpService"/>).</summary>
    Task WarmUpAsync(int connections, CancellationToken cancellationToken);

    /// <summary>Registers or updates the Consent of a link or an emergency grant at the center (<see cref="DataCenterClient.PutConsentAsync"/>).</summary>
    Task<ConsentRegistration> PutConsentAsync(CenterConsent consent, ActingContext acting, CancellationToken cancellationToken);

    /// <summary>Best effort: ends a Consent at the center (<see cref="DataCenterClient.TryEndConsentAsync"/>).</summary>
    Task<bool> TryEndConsentAsync(CenterConsent consent, CenterConsentState state, ActingContext acting, CancellationToken cancellationToken);
}

/// <summary>The data center through the gateway's <see cref="DataCenterClient"/>.</summary>
public sealed class DataCenterRecordSource(DataCenterClient client) : ISharedRecordSource
{
    public Task<GatewayResult<FacilityPatientRecord>> GetSharedRecordsAsync(
        IReadOnlyCollection<LinkedFacilityPatient> links, ActingContext acting, CancellationToken cancellationToken) =>
        client.GetSharedRecordsAsync(links, acting, since: null, cancellationToken);

    public Task<(string ContentType, byte[] Content)> GetContentAsync(ContentReference reference, ActingContext acting, CancellationToken cancellationToken) =>
        client.GetContentAsync(reference, acting, cancellationToken);

    public Task<PatientDemographics?> FindPatientAsync(string facilityCode, string facilityPatientId, ActingContext acting, CancellationToken cancellationToken) =>
        client.FindPatientAsync(facilityCode, facilityPatientId, acting, cancellationToken);

    public Task<IReadOnlyList<PatientDemographics>> SearchPatientsAsync(
        string facilityCode, string? namePart, DateOnly birthDate, Sex sex, ActingContext acting, CancellationToken cancellationToken) =>
        client.SearchPatientsAsync(facilityCode, namePart, birthDate, sex, acting, cancellationToken);

    public Task WarmUpAsync(int connections, CancellationToken cancellationToken) => client.WarmUpAsync(connections, cancellationToken);

    public Task<ConsentRegistration> PutConsentAsync(CenterConsent consent, ActingContext acting, CancellationToken cancellationToken) =>
        client.PutConsentAsync(consent, acting, cancellationToken);

    public Task<bool> TryEndConsentAsync(CenterConsent consent, CenterConsentState state, ActingContext acting, CancellationToken cancellationToken) =>
        client.TryEndConsentAsync(consent, state, acting, cancellationToken);
}

/// <summary>
/// The source of a portal with no data center configured (DataCenterGateway:BaseAddress unset): a
/// null object instead of a check for a missing gateway in every caller. It answers every record
/// request with each linked facility unavailable as <see cref="GatewayFailureKind.NotConnected"/> — the
/// record page says 「データセンター未接続」 and why it is empty — refuses content and patient searches
/// the same way (linking and 非常時アクセス then say the center cannot be asked), and warms nothing. Each answer is counted (<see cref="Answered"/>)
/// and the first is logged, so a portal running without a center is never silent about it.
/// </summary>
public sealed partial class StandInRecordSource(ILogger<StandInRecordSource> logger) : ISharedRecordSource
{
    /// <summary>What the record page shows for every facility, and the reason of every refusal.</summary>
    public const string NotConnected = "データセンター未接続";

    private long answered;

    /// <summary>How many requests the stand-in has answered since the portal started.</summary>
    public long Answered => Interlocked.Read(ref answered);

    public Task<GatewayResult<FacilityPatientRecord>> GetSharedRecordsAsync(
        IReadOnlyCollection<LinkedFacilityPatient> links, ActingContext acting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        Count();
        return Task.FromResult(new GatewayResult<FacilityPatientRecord>(
            [], links.Select(l => new UnavailableFacility(l.FacilityCode, l.FacilityName, GatewayFailureKind.NotConnected, NotConnected)).ToList(), []));
    }

    public Task<(string ContentType, byte[] Content)> GetContentAsync(ContentReference reference, ActingContext acting, CancellationToken cancellationToken) =>
        Task.FromException<(string, byte[])>(Refusal());

    public Task<PatientDemographics?> FindPatientAsync(string facilityCode, string facilityPatientId, ActingContext acting, CancellationToken cancellationToken) =>
        Task.FromException<PatientDemographics?>(Refusal());

    public Task<IReadOnlyList<PatientDemographics>> SearchPatientsAsync(
        string facilityCode, string? namePart, DateOnly birthDate, Sex sex, ActingContext acting, CancellationToken cancellationToken) =>
        Task.FromException<IReadOnlyList<PatientDemographics>>(Refusal());

    public Task WarmUpAsync(int connections, CancellationToken cancellationToken) => Task.CompletedTask;

    // No center holds a Consent to update: a withdrawal or a grant's end has nobody to tell (a link
    // or a grant cannot be made without a center in the first place: FindPatientAsync refuses).
    public Task<ConsentRegistration> PutConsentAsync(CenterConsent consent, ActingContext acting, CancellationToken cancellationToken)
    {
        Count();
        return Task.FromResult(ConsentRegistration.NotEnforced);
    }

    public Task<bool> TryEndConsentAsync(CenterConsent consent, CenterConsentState state, ActingContext acting, CancellationToken cancellationToken)
    {
        Count();
        return Task.FromResult(false);
    }

    private DataCenterException Refusal()
    {
        Count();
        return new DataCenterException(GatewayFailureKind.NotConnected, NotConnected);
    }

    private void Count()
    {
        if (Interlocked.Increment(ref answered) == 1)
        {
            LogFirstAnswer(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No data center is configured: the stand-in source answered a request for clinical data (データセンター未接続)")]
    private static partial void LogFirstAnswer(ILogger logger);
}
