using MioKarte.Core.DataCenter;

namespace MioKarte.Web.Areas.Clinical.Records;

/// <summary>
/// Where a patient's shared records and their images come from: the data center through the
/// gateway. An interface so that tests can stand in for the center.
/// </summary>
public interface ISharedRecordSource
{
    Task<GatewayResult<FacilityPatientRecord>> GetSharedRecordsAsync(
        IReadOnlyCollection<LinkedFacilityPatient> links, ActingContext acting, CancellationToken cancellationToken);

    Task<(string ContentType, byte[] Content)> GetContentAsync(ContentReference reference, ActingContext acting, CancellationToken cancellationToken);
}

/// <summary>The data center through <see cref="DataCenterClient"/>; without a configured gateway every facility is reported unavailable.</summary>
public sealed class DataCenterRecordSource(IServiceProvider services) : ISharedRecordSource
{
    private const string NotConfigured = "データセンターへの接続が設定されていません。";

    public Task<GatewayResult<FacilityPatientRecord>> GetSharedRecordsAsync(
        IReadOnlyCollection<LinkedFacilityPatient> links, ActingContext acting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        return services.GetService<DataCenterClient>() is { } client
            ? client.GetSharedRecordsAsync(links, acting, since: null, cancellationToken)
            : Task.FromResult(new GatewayResult<FacilityPatientRecord>(
                [], links.Select(l => new UnavailableFacility(l.FacilityCode, l.FacilityName, GatewayFailureKind.Unreachable, NotConfigured)).ToList(), []));
    }

    public Task<(string ContentType, byte[] Content)> GetContentAsync(ContentReference reference, ActingContext acting, CancellationToken cancellationToken) =>
        services.GetService<DataCenterClient>() is { } client
            ? client.GetContentAsync(reference, acting, cancellationToken)
            : throw new DataCenterException(GatewayFailureKind.Unreachable, NotConfigured);
}
