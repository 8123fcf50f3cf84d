using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MioKarte.Web.Areas.Clinical.Records;

public static class PatientRecordServices
{
    /// <summary>The record screen's services: the source (data center), the short-lived record cache, the thumbnail cache.</summary>
    public static IServiceCollection AddPatientRecords(this IServiceCollection services)
    {
        services.TryAddScoped<ISharedRecordSource, DataCenterRecordSource>();
        services.AddSingleton<SharedRecordCache>();
        services.AddSingleton<ThumbnailCache>();
        return services;
    }
}
